package pmf.signals.transforms.tier;

import com.google.auto.value.AutoValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.segment.SegmentInput;
import pmf.signals.transforms.segment.Segmentation;
import pmf.signals.transforms.timing.StageClock;

/**
 * Routes every user to the day's strategy, in one graph: place each in today's segments, tally the segments, plan the
 * sample on one worker from the tallies and the active-user count (the tier), and route each user by that plan to the
 * analyzer ({@link #ANALYZE}: everyone the plan reads, plus non-consenting users, who get their metrics-only row there)
 * or to inherit their segment's insights ({@link #INHERIT}). {@link #TALLIES} carries the segments' sizes onward (one list).
 *
 * <pre>{@code
 * PCollectionTuple routed = measured.apply("RouteByTier",
 *     RouteByTier.forDate(date).withSampling(settings).withActiveUsers(activeUsers).withSegments(segments));
 * }</pre>
 */
@AutoValue
public abstract class RouteByTier extends PTransform<PCollection<MeasuredActivity>, PCollectionTuple> {
  public static final TupleTag<Routed> ANALYZE = new TupleTag<>() {};
  public static final TupleTag<Routed> INHERIT = new TupleTag<>() {};
  public static final TupleTag<List<SegmentTally>> TALLIES = new TupleTag<>() {};

  abstract LocalDate date();

  abstract @Nullable SamplingSettings sampling();

  abstract @Nullable PCollectionView<Long> activeUsers();

  abstract @Nullable PCollectionView<Segmentation> segments();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder date(LocalDate date);

    abstract Builder sampling(SamplingSettings sampling);

    abstract Builder activeUsers(PCollectionView<Long> activeUsers);

    abstract Builder segments(PCollectionView<Segmentation> segments);

    abstract RouteByTier build();
  }

  /** Routes the users active on {@code date}; the sampling hash mixes in the date, so each day draws anew. */
  public static RouteByTier forDate(LocalDate date) {
    return new AutoValue_RouteByTier.Builder().date(date).build();
  }

  /** The day's strategy knobs: tier thresholds, the call budget, per-segment sample sizes and the seed. */
  public RouteByTier withSampling(SamplingSettings sampling) {
    return toBuilder().sampling(sampling).build();
  }

  /** The day's active users, counted where they are stored: it decides the tier. */
  public RouteByTier withActiveUsers(PCollectionView<Long> activeUsers) {
    return toBuilder().activeUsers(activeUsers).build();
  }

  /** Today's segments ({@link Segmentation#none} on a day without): each user is placed in one. */
  public RouteByTier withSegments(PCollectionView<Segmentation> segments) {
    return toBuilder().segments(segments).build();
  }

  @Override
  public PCollectionTuple expand(PCollection<MeasuredActivity> measured) {
    SamplingSettings settings = Objects.requireNonNull(sampling(), "withSampling() is required");
    PCollectionView<Long> activeUsers = Objects.requireNonNull(activeUsers(), "withActiveUsers() is required");
    PCollectionView<Segmentation> segments = Objects.requireNonNull(segments(), "withSegments() is required");
    PCollection<Placed> placed = measured
        .apply("PlaceInSegments", ParDo.of(new PlaceFn(date(), settings.seed(), segments)).withSideInputs(segments))
        .setCoder(JsonCoder.of(Placed.class));
    int nearest = settings.nearestPerSegment();
    PCollection<SegmentTally> tallies = placed
        .apply("BySegment", WithKeys.of((Placed p) -> p.segmentKey()).withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), JsonCoder.of(Placed.class)))
        .apply("TallySegments", Combine.perKey(new TallyFn(settings.maxLlmCallsPerRun(), nearest)))
        .apply(Values.create())
        .setCoder(SerializableCoder.of(SegmentTally.class));
    PCollection<List<SegmentTally>> all = tallies
        .apply("AllTallies", Combine.globally(new ToListFn()))
        .setCoder(ListCoder.of(SerializableCoder.of(SegmentTally.class)));
    PCollectionView<SamplePlan> plan = all
        .apply("PlanSample", ParDo.of(new PlanFn(settings, activeUsers)).withSideInputs(activeUsers))
        .setCoder(SerializableCoder.of(SamplePlan.class))
        .apply("PlanAsSingleton", View.asSingleton());
    PCollectionTuple routed = placed.apply("Route",
        ParDo.of(new RouteFn(plan)).withSideInputs(plan).withOutputTags(ANALYZE, TupleTagList.of(INHERIT)));
    routed.get(ANALYZE).setCoder(JsonCoder.of(Routed.class));
    routed.get(INHERIT).setCoder(JsonCoder.of(Routed.class));
    return routed.and(TALLIES, all);
  }

  static final class PlaceFn extends DoFn<MeasuredActivity, Placed> {
    private final LocalDate date;
    private final long seed;
    private final PCollectionView<Segmentation> segments;
    private final StageClock clock = StageClock.system();

    PlaceFn(LocalDate date, long seed, PCollectionView<Segmentation> segments) {
      this.date = date;
      this.seed = seed;
      this.segments = segments;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        MeasuredActivity m = c.element();
        c.output(new Placed(m, c.sideInput(segments).assign(SegmentInput.of(m)),
            SamplingHash.of(m.activity().userId(), date, seed), m.activity().profile().consented()));
      }
    }
  }

  static final class TallyFn extends Combine.CombineFn<Placed, SegmentTally, SegmentTally> {
    private final int hashLimit;
    private final int nearLimit;
    private final StageClock clock = StageClock.system();

    TallyFn(int hashLimit, int nearLimit) {
      this.hashLimit = hashLimit;
      this.nearLimit = nearLimit;
    }

    @Override
    public SegmentTally createAccumulator() {
      return new SegmentTally(hashLimit, nearLimit);
    }

    @Override
    public SegmentTally addInput(SegmentTally tally, Placed p) {
      try (StageClock.Lap lap = clock.lap()) {
        return tally.add(p);
      }
    }

    @Override
    public SegmentTally mergeAccumulators(Iterable<SegmentTally> tallies) {
      SegmentTally merged = createAccumulator();
      tallies.forEach(merged::merge);
      return merged;
    }

    @Override
    public SegmentTally extractOutput(SegmentTally tally) {
      return tally;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<SegmentTally> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<Placed> input) {
      return SerializableCoder.of(SegmentTally.class);
    }
  }

  static final class ToListFn extends Combine.CombineFn<SegmentTally, ArrayList<SegmentTally>, List<SegmentTally>> {
    @Override
    public ArrayList<SegmentTally> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public ArrayList<SegmentTally> addInput(ArrayList<SegmentTally> list, SegmentTally t) {
      list.add(t);
      return list;
    }

    @Override
    public ArrayList<SegmentTally> mergeAccumulators(Iterable<ArrayList<SegmentTally>> lists) {
      ArrayList<SegmentTally> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return all;
    }

    @Override
    public List<SegmentTally> extractOutput(ArrayList<SegmentTally> list) {
      return list;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<ArrayList<SegmentTally>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<SegmentTally> input) {
      @SuppressWarnings("unchecked")
      Class<ArrayList<SegmentTally>> type = (Class<ArrayList<SegmentTally>>) (Class<?>) ArrayList.class;
      return SerializableCoder.of(type);
    }
  }

  static final class PlanFn extends DoFn<List<SegmentTally>, SamplePlan> {
    private final SamplingSettings settings;
    private final PCollectionView<Long> activeUsers;
    private final StageClock clock = StageClock.system();

    PlanFn(SamplingSettings settings, PCollectionView<Long> activeUsers) {
      this.settings = settings;
      this.activeUsers = activeUsers;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        Tier tier = Tier.of(c.sideInput(activeUsers), settings.thresholds());
        c.output(SamplePlan.of(tier, c.element(), settings));
      }
    }
  }

  static final class RouteFn extends DoFn<Placed, Routed> {
    private final PCollectionView<SamplePlan> plan;
    private final Counter inherit = Metrics.counter(RouteByTier.class, "users_inheriting");
    private final Counter analyse = Metrics.counter(RouteByTier.class, "users_routed_to_analyzer");
    private final StageClock clock = StageClock.system();

    RouteFn(PCollectionView<SamplePlan> plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        route(c);
      }
    }

    private void route(ProcessContext c) {
      Placed p = c.element();
      Route route = c.sideInput(plan).route(p);
      if (route.selection() == Selection.INHERIT) {
        inherit.inc();
        c.output(INHERIT, new Routed(p.measured(), route));
      } else {
        analyse.inc();
        c.output(new Routed(p.measured(), route));
      }
    }
  }
}
