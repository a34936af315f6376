package pmf.signals.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionTuple;
import pmf.signals.transforms.analyze.AnalyzeUser;
import pmf.signals.transforms.analyze.GeminiAnalyzer;
import pmf.signals.transforms.analyze.LlmSettings;
import pmf.signals.transforms.analyze.PromptTemplate;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiModels;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.DataQuality;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Tier;

/**
 * One worker of {@link LlmThroughput}: its own JVM, running the pipeline's real AnalyzeUser stage with the Gemini
 * analyzer on DirectRunner for its slice of the users, holding {@code 1/workers} of the quota. Prints one line:
 * {@code statuses=...}.
 *
 * <pre>LlmWorker --baseUrl=URL --worker=0 --workers=2 --users=1000 --rpm=600</pre>
 */
public final class LlmWorker {
  static final LocalDate DATE = LocalDate.parse("2026-11-23");

  public static void main(String[] args) {
    PrintStream report = System.out;
    System.setOut(System.err);
    String baseUrl = Args.string(args, "baseUrl", null);
    int worker = Args.integer(args, "worker", 0);
    int workers = Args.integer(args, "workers", 1);
    int users = Args.integer(args, "users", 1000);
    int rpm = Args.integer(args, "rpm", 600);

    PromptTemplate prompt = PromptTemplate.load("user_analysis", 2);
    GeminiCaller caller =
        GeminiCaller.builder("gemini-3.5-flash-lite")
            .thinking(GeminiModels.bundled().thinking("gemini-3.5-flash-lite", "minimal"))
            .baseUrl(baseUrl).responseSchema(prompt.schemaJson()).build();
    LlmSettings settings =
        new LlmSettings(rpm, 0, workers, 32, RetryPolicy.withMaxAttempts(5), 8000, 2048, 0, PriceTable.parse(null));
    GeminiAnalyzer analyzer = new GeminiAnalyzer(caller, prompt, settings, DATE);

    List<MeasuredActivity> slice = new ArrayList<>();
    for (int i = worker; i < users; i += workers) {
      slice.add(syntheticUser(i));
    }
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(2);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    Route census = Route.census(Tier.of(users, Tier.parseThresholds("100,1000,10000")));
    List<Routed> routed = slice.stream().map(m -> new Routed(m, census)).toList();
    PCollectionTuple out =
        pipeline
            .apply("Users", Create.of(routed).withCoder(JsonCoder.of(Routed.class)))
            .apply("AnalyzeUser", AnalyzeUser.with(analyzer));
    out.get(AnalyzeUser.ROWS).apply("CountStatuses", new CountStatuses());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(CountStatuses.class)).build());
    StringBuilder line = new StringBuilder("statuses=");
    for (MetricResult<Long> counter : metrics.getCounters()) {
      line.append(counter.getName().getName()).append(':').append(counter.getAttempted()).append(',');
    }
    report.println(line);
  }

  /** A consenting user with a few days of conversations; distinct per index so every prompt differs. */
  static MeasuredActivity syntheticUser(int i) {
    String[] asks = {
      "make a product photo of a ceramic mug on a white background",
      "write a short caption for an instagram post about a new candle",
      "the video export failed again, why does it keep failing",
      "translate this paragraph into spanish please",
      "explain recursion like i'm five",
    };
    Instant signup = Instant.parse("2026-11-01T09:00:00Z").plus(Duration.ofHours(i % 200));
    List<Conversation> conversations = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Instant at = Instant.parse("2026-11-20T10:00:00Z").plus(Duration.ofHours(c * 24L + i % 7));
      List<Message> messages = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        String role = m % 2 == 0 ? "user" : "assistant";
        String text = role.equals("user") ? asks[(i + c + m) % asks.length] + " (request " + i + "." + c + ")"
            : "Here is what I made for you; tell me if you want changes.";
        messages.add(new Message(role, at.plusSeconds(m * 30L), text.length(), text));
      }
      conversations.add(new Conversation("c" + i + "-" + c, null, at, messages));
    }
    UserActivity activity =
        new UserActivity(
            "bench-user-" + i,
            new UserProfile(true, signup, i % 4 == 0 ? "pro" : "free", 100, true, null),
            conversations,
            List.of(),
            List.of(),
            DataQuality.clean(),
            "source-" + i);
    return new MeasuredActivity(activity, UserMetricsCalculator.compute(activity, DATE, ZoneOffset.UTC));
  }
}
