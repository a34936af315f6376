package pmf.signals.transforms.analyze;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Tier;

/**
 * Gives every measured user an {@link UserAnalysis} row: the analyzer's insights for consenting users, and for everyone
 * else metrics with a status that says why there are no insights. Nobody is dropped.
 *
 * <pre>{@code
 * PCollectionTuple analysed = measured.apply("AnalyzeUser", AnalyzeUser.with(analyzer, activeUsers, thresholds));
 * }</pre>
 */
public final class AnalyzeUser extends PTransform<PCollection<MeasuredActivity>, PCollectionTuple> {
  public static final TupleTag<UserAnalysis> ROWS = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final InsightAnalyzer analyzer;
  private final PCollectionView<Long> activeUsers;
  private final List<Long> tierThresholds;

  private AnalyzeUser(InsightAnalyzer analyzer, PCollectionView<Long> activeUsers, List<Long> tierThresholds) {
    this.analyzer = analyzer;
    this.activeUsers = activeUsers;
    this.tierThresholds = tierThresholds;
  }

  public static AnalyzeUser with(
      InsightAnalyzer analyzer, PCollectionView<Long> activeUsers, List<Long> tierThresholds) {
    return new AnalyzeUser(analyzer, activeUsers, List.copyOf(tierThresholds));
  }

  @Override
  public PCollectionTuple expand(PCollection<MeasuredActivity> measured) {
    PCollectionTuple out =
        measured.apply(
            "Analyze",
            ParDo.of(new AnalyzeFn(analyzer, activeUsers, tierThresholds))
                .withSideInputs(activeUsers)
                .withOutputTags(ROWS, TupleTagList.of(FAILURES)));
    out.get(ROWS).setCoder(JsonCoder.of(UserAnalysis.class));
    out.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return out;
  }

  /** Decides, before any analyzer runs, whether this user may be analysed at all. */
  public static AnalyzerResult gate(UserProfile profile) {
    if (!profile.known()) {
      return AnalyzerResult.without(LlmStatus.SKIPPED, "unknown_user: no users row, so no consent");
    }
    if (!profile.consented()) {
      return AnalyzerResult.without(LlmStatus.NO_CONSENT, "analytics_consent is not true");
    }
    return null;
  }

  static final class AnalyzeFn extends DoFn<MeasuredActivity, UserAnalysis> {
    private final InsightAnalyzer analyzer;
    private final PCollectionView<Long> activeUsers;
    private final List<Long> tierThresholds;
    private final Counter analysed = Metrics.counter(AnalyzeUser.class, "users_analysed");
    private final Counter skipped = Metrics.counter(AnalyzeUser.class, "users_skipped");
    private final Counter failed = Metrics.counter(AnalyzeUser.class, "users_failed");

    AnalyzeFn(InsightAnalyzer analyzer, PCollectionView<Long> activeUsers, List<Long> tierThresholds) {
      this.analyzer = analyzer;
      this.activeUsers = activeUsers;
      this.tierThresholds = tierThresholds;
    }

    @Setup
    public void setup() throws Exception {
      analyzer.setup();
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      MeasuredActivity user = context.element();
      Tier tier = Tier.of(context.sideInput(activeUsers), tierThresholds);
      AnalyzerResult result = gate(user.activity().profile());
      if (result == null) {
        try {
          result = analyzer.analyze(user.activity(), user.metrics());
        } catch (RuntimeException e) {
          // A bug in one analyzer call must cost one user's insights, not the run; the row still carries metrics.
          result = AnalyzerResult.without(LlmStatus.FAILED, "analyzer error: " + e.getClass().getSimpleName());
        }
      }
      if (result.status() == LlmStatus.FAILED) {
        failed.inc();
        context.output(FAILURES, new Failure(user.activity().userId(), "analyze", result.reason()));
      } else if (result.insights() == null) {
        skipped.inc();
      } else {
        analysed.inc();
      }
      context.output(
          new UserAnalysis(
              user.activity().userId(),
              user.metrics(),
              result.insights(),
              tier.name(),
              tier.reason(),
              InputHash.of(user.activity(), analyzer.promptVersion(), analyzer.model()),
              analyzer.promptVersion(),
              analyzer.model(),
              result.status(),
              result.reason(),
              result.tokensIn(),
              result.tokensOut()));
    }

    @Teardown
    public void teardown() throws Exception {
      analyzer.teardown();
    }
  }
}
