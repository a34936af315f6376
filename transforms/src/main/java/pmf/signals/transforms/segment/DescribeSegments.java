package pmf.signals.transforms.segment;

import com.google.auto.value.AutoValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import pmf.signals.transforms.tier.SegmentTally;
import pmf.signals.transforms.timing.StageClock;

/**
 * The day's {@code analysis_segments} rows, made on one worker from all segments' tallies (small): sizes, drift
 * against the latest earlier date, the centre, and a persona for each segment of at least k users with at least k
 * analysed — by the rules, or, {@link #withPersonaWriter with a writer}, by an LLM from the segment's
 * {@link PersonaBrief} (one call per such segment, the rules' persona standing in when it fails).
 *
 * <pre>{@code
 * tallies.apply("DescribeSegments",
 *     DescribeSegments.of(segments, profiles).withPrevious(previous).withMinGroupUsers(k).withPersonaWriter(llm));
 * }</pre>
 */
@AutoValue
public abstract class DescribeSegments
    extends PTransform<PCollection<List<SegmentTally>>, PCollection<SegmentRecord>> {
  abstract PCollectionView<Segmentation> segments();

  abstract PCollectionView<Map<Integer, SegmentProfile>> profiles();

  abstract List<PreviousSegment> previous();

  abstract @Nullable Integer minGroupUsers();

  abstract @Nullable PersonaWriter personaWriter();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder segments(PCollectionView<Segmentation> segments);

    abstract Builder profiles(PCollectionView<Map<Integer, SegmentProfile>> profiles);

    abstract Builder previous(List<PreviousSegment> previous);

    abstract Builder minGroupUsers(Integer k);

    abstract Builder personaWriter(@Nullable PersonaWriter writer);

    abstract DescribeSegments build();
  }

  /** Today's segments and what each one's analysed users said; no earlier date, personas by the rules. */
  public static DescribeSegments of(PCollectionView<Segmentation> segments,
      PCollectionView<Map<Integer, SegmentProfile>> profiles) {
    return new AutoValue_DescribeSegments.Builder().segments(segments).profiles(profiles).previous(List.of()).build();
  }

  /** The latest earlier date's segments, which drift and {@code previous_users} compare against. */
  public DescribeSegments withPrevious(List<PreviousSegment> previous) {
    return toBuilder().previous(List.copyOf(previous)).build();
  }

  /** A segment gets a persona only with at least {@code k} users and {@code k} analysed ones (privacy). */
  public DescribeSegments withMinGroupUsers(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("minGroupUsers must be at least 1, got " + k);
    }
    return toBuilder().minGroupUsers(k).build();
  }

  /** Personas written by {@code writer} (an LLM) instead of the rules; null keeps the rules. */
  public DescribeSegments withPersonaWriter(@Nullable PersonaWriter writer) {
    return toBuilder().personaWriter(writer).build();
  }

  @Override
  public PCollection<SegmentRecord> expand(PCollection<List<SegmentTally>> tallies) {
    int k = Objects.requireNonNull(minGroupUsers(), "withMinGroupUsers() is required");
    return tallies
        .apply("Describe", ParDo.of(new DescribeFn(segments(), profiles(), previous(), k, personaWriter()))
            .withSideInputs(segments(), profiles()))
        .setCoder(SerializableCoder.of(SegmentRecord.class));
  }

  /** The rows for the day's segments; pure but for {@code writer}'s calls (null: the rules' personas). */
  static List<SegmentRecord> describe(Segmentation s, List<SegmentTally> tallies, Map<Integer, SegmentProfile> said,
      List<PreviousSegment> previous, int k, PersonaWriter writer) {
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
      Persona rules = Personas.describe(s, id, sizes, said, k);
      // Under the k-threshold there is no persona and no brief: nothing is sent.
      WrittenPersona persona = rules == null || writer == null
          ? WrittenPersona.offline(rules) : writer.write(PersonaBrief.of(s, id, sizes, said, k), rules);
      return new SegmentRecord(id, users, consenting.getOrDefault(id, 0L), profile == null ? 0 : profile.analysed(),
          before == null ? null : before.users(), Personas.drift(users, total, before, previousTotal),
          s.centroidOf(id), persona.persona(), s.method(), persona.calls(), persona.tokensIn(), persona.tokensOut(),
          persona.costUsd());
    }).toList();
  }

  static final class DescribeFn extends DoFn<List<SegmentTally>, SegmentRecord> {
    private final PCollectionView<Segmentation> segments;
    private final PCollectionView<Map<Integer, SegmentProfile>> profiles;
    private final List<PreviousSegment> previous;
    private final int minGroupUsers;
    private final PersonaWriter writer;
    private final StageClock clock = StageClock.system();

    DescribeFn(PCollectionView<Segmentation> segments, PCollectionView<Map<Integer, SegmentProfile>> profiles,
        List<PreviousSegment> previous, int minGroupUsers, PersonaWriter writer) {
      this.segments = segments;
      this.profiles = profiles;
      this.previous = previous;
      this.minGroupUsers = minGroupUsers;
      this.writer = writer;
    }

    @Setup
    public void setup() throws Exception {
      if (writer != null) {
        writer.setup();
      }
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        describe(c.sideInput(segments), c.element(), c.sideInput(profiles), previous, minGroupUsers, writer)
            .forEach(c::output);
      }
    }

    @Teardown
    public void teardown() throws Exception {
      if (writer != null) {
        writer.teardown();
      }
    }
  }
}
