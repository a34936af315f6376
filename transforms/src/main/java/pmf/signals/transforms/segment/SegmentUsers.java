package pmf.signals.transforms.segment;

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
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.tier.SamplingHash;
import pmf.signals.transforms.tier.Tier;
import pmf.signals.transforms.timing.StageClock;

/**
 * The day's segments as a singleton side input: a deterministic sample of users (the lowest hashes of user, date and
 * seed) is gathered on one worker, which fits k-means there ({@link SegmentFitter}); every worker then assigns its own
 * users to the broadcast centres. Tier A days have no segments.
 *
 * <pre>{@code
 * PCollectionView<Segmentation> segments = measured.apply("SegmentUsers", SegmentUsers.of(date, settings, ...));
 * }</pre>
 */
public final class SegmentUsers extends PTransform<PCollection<MeasuredActivity>, PCollectionView<Segmentation>> {
  private final LocalDate date;
  private final SegmentFitter.Settings settings;
  private final int sampleSize;
  private final List<PreviousSegment> previous;
  private final int nextId;
  private final PCollectionView<Long> activeUsers;
  private final List<Long> thresholds;

  private SegmentUsers(LocalDate date, SegmentFitter.Settings settings, int sampleSize, List<PreviousSegment> previous,
      int nextId, PCollectionView<Long> activeUsers, List<Long> thresholds) {
    this.date = date;
    this.settings = settings;
    this.sampleSize = sampleSize;
    this.previous = previous;
    this.nextId = nextId;
    this.activeUsers = activeUsers;
    this.thresholds = thresholds;
  }

  /**
   * @param previous the latest earlier date's segments, whose IDs today's inherit when their centres match
   * @param nextId the lowest segment ID never used before
   */
  public static SegmentUsers of(LocalDate date, SegmentFitter.Settings settings, int sampleSize,
      List<PreviousSegment> previous, int nextId, PCollectionView<Long> activeUsers, List<Long> thresholds) {
    return new SegmentUsers(date, settings, sampleSize, List.copyOf(previous), nextId, activeUsers,
        List.copyOf(thresholds));
  }

  @Override
  public PCollectionView<Segmentation> expand(PCollection<MeasuredActivity> measured) {
    return measured
        .apply("KeyBySampleHash", ParDo.of(new KeyBySampleHashFn(date, settings.seed())))
        .setCoder(KvCoder.of(VarLongCoder.of(), JsonCoder.of(SegmentInput.class)))
        .apply("LowestHashes", Top.of(sampleSize, new LowerHashFirst()))
        .apply("FitSegments", ParDo.of(new FitFn(settings, previous, nextId, activeUsers, thresholds))
            .withSideInputs(activeUsers))
        .setCoder(SerializableCoder.of(Segmentation.class))
        .apply("AsSingleton", View.asSingleton());
  }

  static final class KeyBySampleHashFn extends DoFn<MeasuredActivity, KV<Long, SegmentInput>> {
    private final LocalDate date;
    private final long seed;
    private final StageClock clock = StageClock.system();

    KeyBySampleHashFn(LocalDate date, long seed) {
      this.date = date;
      this.seed = seed;
    }

    @ProcessElement
    public void processElement(@Element MeasuredActivity m, OutputReceiver<KV<Long, SegmentInput>> out) {
      try (StageClock.Lap lap = clock.lap()) {
        out.output(KV.of(SamplingHash.of(m.activity().userId(), date, seed), SegmentInput.of(m)));
      }
    }
  }

  /** Top keeps the "largest"; reversing the hash order makes those the lowest hashes. */
  static final class LowerHashFirst implements Comparator<KV<Long, SegmentInput>>, java.io.Serializable {
    @Override
    public int compare(KV<Long, SegmentInput> a, KV<Long, SegmentInput> b) {
      return Long.compare(b.getKey(), a.getKey());
    }
  }

  static final class FitFn extends DoFn<List<KV<Long, SegmentInput>>, Segmentation> {
    private final SegmentFitter.Settings settings;
    private final List<PreviousSegment> previous;
    private final int nextId;
    private final PCollectionView<Long> activeUsers;
    private final List<Long> thresholds;
    private final StageClock clock = StageClock.system();

    FitFn(SegmentFitter.Settings settings, List<PreviousSegment> previous, int nextId,
        PCollectionView<Long> activeUsers, List<Long> thresholds) {
      this.settings = settings;
      this.previous = previous;
      this.nextId = nextId;
      this.activeUsers = activeUsers;
      this.thresholds = thresholds;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      Tier tier = Tier.of(c.sideInput(activeUsers), thresholds);
      if (tier.name().equals("A")) {
        c.output(Segmentation.none("tier A: every user is analysed in depth, no segments"));
        return;
      }
      try (StageClock.Lap lap = clock.lap()) {
        List<KV<Long, SegmentInput>> sample = new ArrayList<>(c.element());
        sample.sort(new LowerHashFirst().reversed()); // lowest hash first, whatever order Top returned
        c.output(SegmentFitter.fitInputs(sample.stream().map(KV::getValue).toList(), settings, previous, nextId));
      }
    }
  }
}
