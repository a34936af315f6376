package pmf.signals.transforms.segment;

import com.google.auto.value.AutoValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.tier.SamplingHash;
import pmf.signals.transforms.tier.Tier;

/**
 * The day's segments as a singleton side input. A deterministic sample of users (the lowest hashes of user, date and
 * seed, at most {@code sampleSize}) is the only part of the day whose requests are scrubbed and read for words
 * ({@link RequestTerms}); the sample is gathered on one worker, which fits the segments there ({@link SegmentFitter}),
 * so the fit costs the same however many users the day has. Every worker then places its own users in the broadcast
 * segments ({@link Segmentation#assign(String, SegmentInput)}): a sampled user where the fit put them, anyone else by
 * behaviour. Tier A days have no segments.
 *
 * <pre>{@code
 * PCollectionView<Segmentation> segments = measured.apply("SegmentUsers",
 *     SegmentUsers.create(date, settings).withSampleSize(4000).withHistory(previous, nextId)
 *         .withTier(activeUsers, thresholds));
 * }</pre>
 */
@AutoValue
public abstract class SegmentUsers extends PTransform<PCollection<MeasuredActivity>, PCollectionView<Segmentation>> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SegmentUsers.class);

  abstract LocalDate date();

  abstract SegmentFitter.Settings settings();

  abstract int sampleSize();

  abstract List<PreviousSegment> previous();

  abstract int nextId();

  abstract @Nullable PCollectionView<Long> activeUsers();

  abstract List<Long> tierThresholds();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder date(LocalDate date);

    abstract Builder settings(SegmentFitter.Settings settings);

    abstract Builder sampleSize(int users);

    abstract Builder previous(List<PreviousSegment> previous);

    abstract Builder nextId(int id);

    abstract Builder activeUsers(@Nullable PCollectionView<Long> activeUsers);

    abstract Builder tierThresholds(List<Long> thresholds);

    abstract SegmentUsers build();
  }

  /** Segments of {@code date}: a sample of 4,000 users, no earlier segments (IDs from 1), every day segmented. */
  public static SegmentUsers create(LocalDate date, SegmentFitter.Settings settings) {
    if (date == null || settings == null) {
      throw new IllegalArgumentException("SegmentUsers.create needs a date and settings");
    }
    return new AutoValue_SegmentUsers.Builder()
        .date(date)
        .settings(settings)
        .sampleSize(4000)
        .previous(List.of())
        .nextId(1)
        .activeUsers(null)
        .tierThresholds(List.of())
        .build();
  }

  /** Fits on at most this many users (the lowest sampling hashes); only theirs are read for words. */
  public SegmentUsers withSampleSize(int users) {
    if (users < 20) {
      throw new IllegalArgumentException("the segment sample must hold at least 20 users, got " + users);
    }
    return toBuilder().sampleSize(users).build();
  }

  /**
   * @param previous the latest earlier date's segments, whose IDs today's inherit when their centres match
   * @param nextId the lowest segment ID never used before
   */
  public SegmentUsers withHistory(List<PreviousSegment> previous, int nextId) {
    if (nextId < 1) {
      throw new IllegalArgumentException("segment IDs start at 1, got nextId " + nextId);
    }
    return toBuilder().previous(List.copyOf(previous)).nextId(nextId).build();
  }

  /** Segments only on days past tier A: the day's active users and the tier thresholds ({@code --tierThresholds}). */
  public SegmentUsers withTier(PCollectionView<Long> activeUsers, List<Long> thresholds) {
    if (activeUsers == null || thresholds.isEmpty()) {
      throw new IllegalArgumentException("withTier needs the active users' count and the tier thresholds");
    }
    return toBuilder().activeUsers(activeUsers).tierThresholds(List.copyOf(thresholds)).build();
  }

  @Override
  public PCollectionView<Segmentation> expand(PCollection<MeasuredActivity> measured) {
    long seed = settings().seed();
    PCollectionView<Long> cutoff = measured
        .apply("SampleHashes", ParDo.of(new SampleHashFn(date(), seed)))
        .setCoder(VarLongCoder.of())
        .apply("LowestHashes", Top.smallest(sampleSize()))
        .apply("HighestSampledHash", ParDo.of(new HighestHashFn()))
        .setCoder(VarLongCoder.of())
        .apply("CutoffAsSingleton", View.asSingleton());
    List<PCollectionView<?>> sideInputs = new ArrayList<>();
    if (activeUsers() != null) {
      sideInputs.add(activeUsers());
    }
    return measured
        .apply("ReadSampledRequests", ParDo.of(new SampledRequestsFn(date(), seed, cutoff)).withSideInputs(cutoff))
        .setCoder(KvCoder.of(VarLongCoder.of(), JsonCoder.of(SampledUser.class)))
        .apply("GatherSample", Top.of(sampleSize(), new LowerHashFirst()))
        .apply("FitSegments", ParDo.of(new FitFn(settings(), previous(), nextId(), activeUsers(), tierThresholds()))
            .withSideInputs(sideInputs))
        .setCoder(SerializableCoder.of(Segmentation.class))
        .apply("AsSingleton", View.asSingleton());
  }

  static final class SampleHashFn extends DoFn<MeasuredActivity, Long> {
    private final LocalDate date;
    private final long seed;

    SampleHashFn(LocalDate date, long seed) {
      this.date = date;
      this.seed = seed;
    }

    @ProcessElement
    public void processElement(@Element MeasuredActivity m, OutputReceiver<Long> out) {
      out.output(SamplingHash.of(m.activity().userId(), date, seed));
    }
  }

  /** The highest hash in the sample, -1 for an empty day (hashes are non-negative: no one is sampled). */
  static final class HighestHashFn extends DoFn<List<Long>, Long> {
    @ProcessElement
    public void processElement(@Element List<Long> lowest, OutputReceiver<Long> out) {
      out.output(lowest.stream().mapToLong(Long::longValue).max().orElse(-1));
    }
  }

  /** A sampled user with their scrubbed requests read for words; everyone else passes by unread. */
  static final class SampledRequestsFn extends DoFn<MeasuredActivity, KV<Long, SampledUser>> {
    private final LocalDate date;
    private final long seed;
    private final PCollectionView<Long> cutoff;

    SampledRequestsFn(LocalDate date, long seed, PCollectionView<Long> cutoff) {
      this.date = date;
      this.seed = seed;
      this.cutoff = cutoff;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      MeasuredActivity m = c.element();
      long hash = SamplingHash.of(m.activity().userId(), date, seed);
      if (hash <= c.sideInput(cutoff)) {
        c.output(KV.of(hash, new SampledUser(m.activity().userId(),
            new SegmentInput(m.metrics(), RequestTerms.of(m.activity())))));
      }
    }
  }

  /** Top keeps the "largest"; reversing the hash order makes those the lowest hashes (user ID breaks a tie). */
  static final class LowerHashFirst implements Comparator<KV<Long, SampledUser>>, java.io.Serializable {
    @Override
    public int compare(KV<Long, SampledUser> a, KV<Long, SampledUser> b) {
      int byHash = Long.compare(b.getKey(), a.getKey());
      return byHash != 0 ? byHash : b.getValue().userId().compareTo(a.getValue().userId());
    }
  }

  static final class FitFn extends DoFn<List<KV<Long, SampledUser>>, Segmentation> {
    private final SegmentFitter.Settings settings;
    private final List<PreviousSegment> previous;
    private final int nextId;
    private final @Nullable PCollectionView<Long> activeUsers;
    private final List<Long> thresholds;

    FitFn(SegmentFitter.Settings settings, List<PreviousSegment> previous, int nextId,
        @Nullable PCollectionView<Long> activeUsers, List<Long> thresholds) {
      this.settings = settings;
      this.previous = previous;
      this.nextId = nextId;
      this.activeUsers = activeUsers;
      this.thresholds = thresholds;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      if (activeUsers != null && Tier.of(c.sideInput(activeUsers), thresholds).name().equals("A")) {
        c.output(Segmentation.none("tier A: every user is analysed in depth, no segments"));
        return;
      }
      List<KV<Long, SampledUser>> sample = new ArrayList<>(c.element());
      sample.sort(new LowerHashFirst().reversed()); // lowest hash first, whatever order Top returned
      long started = System.nanoTime();
      Segmentation segments = SegmentFitter.fitSample(sample.stream().map(KV::getValue).toList(), settings,
          previous, nextId);
      LOG.info("segments fitted on {} sampled users in {} ms: {}", sample.size(),
          (System.nanoTime() - started) / 1_000_000, segments.method());
      c.output(segments);
    }
  }
}
