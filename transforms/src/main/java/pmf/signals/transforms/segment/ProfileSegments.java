package pmf.signals.transforms.segment;

import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.timing.StageClock;

/** Counts, per segment, what its analysed users said: one {@link SegmentProfile} per segment with analysed users. */
public final class ProfileSegments
    extends PTransform<PCollection<UserAnalysis>, PCollection<KV<Integer, SegmentProfile>>> {
  /** Rows whose insights are a reading of the user's own conversations. */
  static final Set<LlmStatus> READ = Set.of(LlmStatus.OK, LlmStatus.CACHED, LlmStatus.OFFLINE);

  public static ProfileSegments create() {
    return new ProfileSegments();
  }

  @Override
  public PCollection<KV<Integer, SegmentProfile>> expand(PCollection<UserAnalysis> rows) {
    return rows
        .apply("KeyBySegment", ParDo.of(new KeyBySegmentFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), JsonCoder.of(Insights.class)))
        .apply("CountLabels", Combine.perKey(new ProfileFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SegmentProfile.class)))
        .apply("NameSegment", ParDo.of(new NameSegmentFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SegmentProfile.class)));
  }

  /** Gives each profile its segment's ID, which inherited insights name as their source. */
  static final class NameSegmentFn extends DoFn<KV<Integer, SegmentProfile>, KV<Integer, SegmentProfile>> {
    @ProcessElement
    public void processElement(@Element KV<Integer, SegmentProfile> kv,
        OutputReceiver<KV<Integer, SegmentProfile>> out) {
      out.output(KV.of(kv.getKey(), kv.getValue().of(kv.getKey())));
    }
  }

  static final class KeyBySegmentFn extends DoFn<UserAnalysis, KV<Integer, Insights>> {
    @ProcessElement
    public void processElement(@Element UserAnalysis row, OutputReceiver<KV<Integer, Insights>> out) {
      if (row.segmentId() != null && row.insights() != null && READ.contains(row.llmStatus())) {
        out.output(KV.of(row.segmentId(), row.insights()));
      }
    }
  }

  static final class ProfileFn extends Combine.CombineFn<Insights, SegmentProfile, SegmentProfile> {
    private final StageClock clock = StageClock.system();

    @Override
    public SegmentProfile createAccumulator() {
      return SegmentProfile.empty(0);
    }

    @Override
    public SegmentProfile addInput(SegmentProfile profile, Insights insights) {
      try (StageClock.Lap lap = clock.lap()) {
        return profile.add(insights);
      }
    }

    @Override
    public SegmentProfile mergeAccumulators(Iterable<SegmentProfile> profiles) {
      SegmentProfile merged = createAccumulator();
      for (SegmentProfile p : profiles) {
        merged = merged.merge(p);
      }
      return merged;
    }

    @Override
    public SegmentProfile extractOutput(SegmentProfile profile) {
      return profile;
    }

    @Override
    public Coder<SegmentProfile> getAccumulatorCoder(CoderRegistry registry, Coder<Insights> input) {
      return SerializableCoder.of(SegmentProfile.class);
    }
  }
}
