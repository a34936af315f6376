package pmf.signals.transforms.segment;

import com.google.auto.value.AutoValue;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.timing.StageClock;

/**
 * Rows for the users the plan did not send to the analyzer: their metrics, and their segment's common insights with
 * {@code llm_status='inherited'} and the segment in {@code status_reason}. A segment with fewer than k analysed users
 * passes nothing on ({@code skipped}, with the reason). No input hash: an inherited row is never reused as a reading.
 *
 * <pre>{@code
 * PCollection<UserAnalysis> inherited = routed.get(RouteByTier.INHERIT).apply("InheritInsights",
 *     InheritInsights.from(profiles).withMinGroupUsers(k).withAnalyzer(analyzer.promptVersion(), analyzer.model()));
 * }</pre>
 */
@AutoValue
public abstract class InheritInsights extends PTransform<PCollection<Routed>, PCollection<UserAnalysis>> {
  abstract PCollectionView<Map<Integer, SegmentProfile>> profiles();

  abstract @Nullable Integer minGroupUsers();

  abstract @Nullable String promptVersion();

  abstract @Nullable String model();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder profiles(PCollectionView<Map<Integer, SegmentProfile>> profiles);

    abstract Builder minGroupUsers(Integer k);

    abstract Builder promptVersion(String promptVersion);

    abstract Builder model(String model);

    abstract InheritInsights build();
  }

  /** Users inherit from what their segment's analysed users said ({@link ProfileSegments}, as a map by segment). */
  public static InheritInsights from(PCollectionView<Map<Integer, SegmentProfile>> profiles) {
    return new AutoValue_InheritInsights.Builder().profiles(profiles).build();
  }

  /** A label passes on only when at least {@code k} distinct analysed users of the segment hold it (privacy). */
  public InheritInsights withMinGroupUsers(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("minGroupUsers must be at least 1, got " + k);
    }
    return toBuilder().minGroupUsers(k).build();
  }

  /** The analyzer whose readings are inherited: its prompt version and model go on every row, as on theirs. */
  public InheritInsights withAnalyzer(String promptVersion, String model) {
    return toBuilder().promptVersion(promptVersion).model(model).build();
  }

  @Override
  public PCollection<UserAnalysis> expand(PCollection<Routed> routed) {
    int k = Objects.requireNonNull(minGroupUsers(), "withMinGroupUsers() is required");
    String promptVersion = Objects.requireNonNull(promptVersion(), "withAnalyzer() is required");
    return routed
        .apply("InheritFromSegment",
            ParDo.of(new InheritFn(profiles(), k, promptVersion, model())).withSideInputs(profiles()))
        .setCoder(JsonCoder.of(UserAnalysis.class));
  }

  /** Pure: the row of a user who inherits, given their segment's profile (or null). */
  static UserAnalysis row(Routed r, SegmentProfile profile, int k, String promptVersion, String model) {
    Route route = r.route();
    Insights insights = profile == null ? null : profile.inherited(k);
    String reason = insights != null
        ? "segment " + route.segmentId() + ": not sampled; inherits from its " + profile.analysed() + " analysed users"
        : "segment " + route.segmentId() + ": fewer than " + k + " analysed users to inherit from";
    return new UserAnalysis(r.userId(), r.measured().metrics(), insights, route.tier(), route.tierReason(),
        route.segmentId(), route.selection().dbValue(), route.outlier(), 0.0, null, promptVersion, model,
        insights != null ? LlmStatus.INHERITED : LlmStatus.SKIPPED, reason, 0, 0, 0, 0.0, null);
  }

  static final class InheritFn extends DoFn<Routed, UserAnalysis> {
    private final PCollectionView<Map<Integer, SegmentProfile>> profiles;
    private final int minGroupUsers;
    private final String promptVersion;
    private final String model;
    private final Counter inherited = Metrics.counter(InheritInsights.class, "users_inherited");
    private final StageClock clock = StageClock.system();

    InheritFn(PCollectionView<Map<Integer, SegmentProfile>> profiles, int minGroupUsers, String promptVersion,
        String model) {
      this.profiles = profiles;
      this.minGroupUsers = minGroupUsers;
      this.promptVersion = promptVersion;
      this.model = model;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        Routed r = c.element();
        SegmentProfile profile = c.sideInput(profiles).get(r.route().segmentId());
        inherited.inc();
        c.output(row(r, profile, minGroupUsers, promptVersion, model));
      }
    }
  }
}
