package pmf.signals.transforms.segment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import pmf.signals.transforms.tier.SegmentTally;

/**
 * The day's {@code analysis_segments} rows, made on one worker from all segments' tallies (small): sizes, drift
 * against the latest earlier date, the centre, and a persona for each segment of at least k users.
 */
public final class DescribeSegments extends PTransform<PCollection<List<SegmentTally>>, PCollection<SegmentRecord>> {
  private final PCollectionView<Segmentation> segments;
  private final PCollectionView<Map<Integer, SegmentProfile>> profiles;
  private final List<PreviousSegment> previous;
  private final int minGroupUsers;

  private DescribeSegments(PCollectionView<Segmentation> segments,
      PCollectionView<Map<Integer, SegmentProfile>> profiles, List<PreviousSegment> previous, int minGroupUsers) {
    this.segments = segments;
    this.profiles = profiles;
    this.previous = previous;
    this.minGroupUsers = minGroupUsers;
  }

  public static DescribeSegments of(PCollectionView<Segmentation> segments,
      PCollectionView<Map<Integer, SegmentProfile>> profiles, List<PreviousSegment> previous, int minGroupUsers) {
    return new DescribeSegments(segments, profiles, List.copyOf(previous), minGroupUsers);
  }

  @Override
  public PCollection<SegmentRecord> expand(PCollection<List<SegmentTally>> tallies) {
    return tallies
        .apply("Describe", ParDo.of(new DescribeFn(segments, profiles, previous, minGroupUsers))
            .withSideInputs(segments, profiles))
        .setCoder(SerializableCoder.of(SegmentRecord.class));
  }

  /** Pure: the rows for the day's segments. */
  static List<SegmentRecord> describe(Segmentation s, List<SegmentTally> tallies, Map<Integer, SegmentProfile> said,
      List<PreviousSegment> previous, int k) {
    if (s.isEmpty()) {
      return List.of();
    }
    Map<Integer, Long> sizes = new HashMap<>();
    Map<Integer, Long> consenting = new HashMap<>();
    for (SegmentTally t : tallies) {
      sizes.put(t.segmentId(), t.users());
      consenting.put(t.segmentId(), t.eligible());
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    long previousTotal = previous.stream().mapToLong(PreviousSegment::users).sum();
    return s.idList().stream().map(id -> {
      PreviousSegment before = previous.stream().filter(p -> p.id() == id).findFirst().orElse(null);
      long users = sizes.getOrDefault(id, 0L);
      SegmentProfile profile = said.get(id);
      return new SegmentRecord(id, users, consenting.getOrDefault(id, 0L), profile == null ? 0 : profile.analysed(),
          before == null ? null : before.users(), Personas.drift(users, total, before, previousTotal),
          s.centroidOf(id), Personas.describe(s, id, sizes, said, k), s.method());
    }).toList();
  }

  static final class DescribeFn extends DoFn<List<SegmentTally>, SegmentRecord> {
    private final PCollectionView<Segmentation> segments;
    private final PCollectionView<Map<Integer, SegmentProfile>> profiles;
    private final List<PreviousSegment> previous;
    private final int minGroupUsers;

    DescribeFn(PCollectionView<Segmentation> segments, PCollectionView<Map<Integer, SegmentProfile>> profiles,
        List<PreviousSegment> previous, int minGroupUsers) {
      this.segments = segments;
      this.profiles = profiles;
      this.previous = previous;
      this.minGroupUsers = minGroupUsers;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      describe(c.sideInput(segments), c.element(), c.sideInput(profiles), previous, minGroupUsers)
          .forEach(c::output);
    }
  }
}
