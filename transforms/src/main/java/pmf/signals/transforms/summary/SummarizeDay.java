package pmf.signals.transforms.summary;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.discover.Discovered;
import pmf.signals.transforms.discover.DiscoveredTheme;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.segment.SegmentRecord;
import pmf.signals.transforms.timing.StageClock;

/**
 * The day's summary: every user's row folded into one {@link DayTally} (a combine: partial tallies on each worker,
 * merged on one), then on that one worker the labels grouped into themes by sentence embeddings, the top 3 to build
 * ranked, and the personas attached. Emits the summary JSON, one element.
 */
public final class SummarizeDay extends PTransform<PCollection<UserAnalysis>, PCollection<String>> {
  private final DailySummary.Inputs inputs;
  private final LabelEmbedder embedder;
  private final PCollectionView<List<SegmentRecord>> segments;
  private final PCollectionView<Discovered> discovered;

  private SummarizeDay(DailySummary.Inputs inputs, LabelEmbedder embedder,
      PCollectionView<List<SegmentRecord>> segments, PCollectionView<Discovered> discovered) {
    this.inputs = inputs;
    this.embedder = embedder;
    this.segments = segments;
    this.discovered = discovered;
  }

  public static SummarizeDay of(DailySummary.Inputs inputs, LabelEmbedder embedder,
      PCollectionView<List<SegmentRecord>> segments) {
    return new SummarizeDay(inputs, embedder, segments, null);
  }

  /**
   * With the day's themes discovered in what users wrote: offline they are the themes and the top 3 is ranked from
   * them; with an LLM they stand beside its themes, which are checked against them.
   */
  public SummarizeDay withDiscovered(PCollectionView<Discovered> found) {
    return new SummarizeDay(inputs, embedder, segments, found);
  }

  @Override
  public PCollection<String> expand(PCollection<UserAnalysis> rows) {
    return rows
        .apply("TallyTheDay", Combine.globally(new TallyFn()))
        .setCoder(SerializableCoder.of(DayTally.class))
        .apply("BuildSummary", ParDo.of(new BuildFn(inputs, embedder, segments, discovered))
            .withSideInputs(discovered == null ? List.of(segments) : List.of(segments, discovered)))
        .setCoder(StringUtf8Coder.of());
  }

  static final class TallyFn extends Combine.CombineFn<UserAnalysis, DayTally, DayTally> {
    private final StageClock clock = StageClock.system();

    @Override
    public DayTally createAccumulator() {
      return new DayTally();
    }

    @Override
    public DayTally addInput(DayTally tally, UserAnalysis row) {
      try (StageClock.Lap lap = clock.lap()) {
        return tally.add(row);
      }
    }

    @Override
    public DayTally mergeAccumulators(Iterable<DayTally> tallies) {
      DayTally merged = new DayTally();
      tallies.forEach(merged::merge);
      return merged;
    }

    @Override
    public DayTally extractOutput(DayTally tally) {
      return tally;
    }

    @Override
    public Coder<DayTally> getAccumulatorCoder(CoderRegistry registry, Coder<UserAnalysis> input) {
      return SerializableCoder.of(DayTally.class);
    }
  }

  static final class BuildFn extends DoFn<DayTally, String> {
    private final DailySummary.Inputs inputs;
    private final LabelEmbedder embedder;
    private final PCollectionView<List<SegmentRecord>> segments;
    private final PCollectionView<Discovered> discovered;
    private final StageClock clock = StageClock.system();

    BuildFn(DailySummary.Inputs inputs, LabelEmbedder embedder, PCollectionView<List<SegmentRecord>> segments,
        PCollectionView<Discovered> discovered) {
      this.inputs = inputs;
      this.embedder = embedder;
      this.segments = segments;
      this.discovered = discovered;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        c.output(build(c.element(), c.sideInput(segments), discovered == null ? null : c.sideInput(discovered)));
      }
    }

    private String build(DayTally t, List<SegmentRecord> segmentRecords, Discovered found) {
      List<String> labels = new ArrayList<>(t.useCases.keySet());
      labels.addAll(t.frictions.keySet());
      embedder.prepare(labels); // one model for both kinds: a remote one fails for both or neither
      boolean fromWriting = found != null && OfflineAnalyzer.MODEL.equals(inputs.analyzer());
      List<Theme> useCases = fromWriting
          ? WrittenThemes.asThemes(found.of(DiscoveredTheme.USE_CASE), t.readWeight)
          : ThemeGrouper.group(t.useCases, embedder, t.readWeight, inputs.k());
      List<Theme> frictions = fromWriting
          ? WrittenThemes.asThemes(found.of(DiscoveredTheme.FRICTION), t.readWeight)
          : ThemeGrouper.group(t.frictions, embedder, t.readWeight, inputs.k());
      com.fasterxml.jackson.databind.node.ObjectNode summary =
          DailySummary.build(inputs, t, useCases, frictions, segmentRecords);
      // Say which embedder actually grouped the themes here (it may have fallen back on this worker).
      com.fasterxml.jackson.databind.node.ObjectNode themes =
          (com.fasterxml.jackson.databind.node.ObjectNode) summary.get("themes");
      themes.put("method", fromWriting ? found.method() : method(embedder));
      if (found != null) {
        WrittenThemes.describe(summary, found, t, inputs.k());
        if (!fromWriting) {
          WrittenThemes.checkLlmThemes(summary, found, miniLm());
        }
      }
      LabelEmbedder.Spend spend = embedder.spend();
      if (spend != null) { // counted in the run's LLM spend by the launcher
        themes.putObject("embedding_spend").put("calls", spend.calls()).put("tokens_in", spend.tokensIn())
            .put("cost_usd", spend.costUsd());
      }
      return Json.write(summary);
    }
  }

  /** The embedder discovered themes were clustered with: an LLM theme is compared in its space. */
  private static LabelEmbedder miniLm() {
    return LabelEmbedder.miniLm();
  }

  /** The themes' method line: which embedder grouped the labels, and at what similarity. */
  public static String method(LabelEmbedder embedder) {
    return embedder.name() + " sentence embeddings; labels joined at cosine >= " + embedder.similar()
        + ", or >= " + embedder.similarWithinCause() + " when their analyses give the same cause (never across two causes)"
        + "; distinct users per theme";
  }
}
