package pmf.signals.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.cohort.CohortRows;
import pmf.signals.devtools.cohort.CohortSimulator;
import pmf.signals.transforms.discover.DiscoverThemes;
import pmf.signals.transforms.discover.Discovered;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Selection;

/**
 * The discovery stage alone on DirectRunner at tier C and D sizes: every active user is routed, and only the day's
 * sample (as many as --maxLlmCallsPerRun reads, 2,000 by default) has text to embed; the rest inherit, and the stage
 * passes them by. The sampled users are generated (the novel-friction cohort, 30 days), the others carry no text.
 * Timed from the pipeline's start to its end: reading the lines, scrubbing, embedding, clustering, labelling.
 */
final class DiscoveryScale {
  private DiscoveryScale() {}

  static void report(PrintStream report, int[] sizes, int sampled, long seed) {
    List<MeasuredActivity> sample = generated(sampled, seed);
    report.printf("%ndiscovery stage alone (DirectRunner, one JVM): every user routed, only the sample has text to read%n");
    report.printf("  %8s  %4s  %8s  %8s  %10s  %s%n", "users", "tier", "sampled", "lines", "stage s", "themes");
    for (int size : sizes) {
      List<Routed> routed = new ArrayList<>(size);
      String tier = size > 10_000 ? "D" : "C";
      for (int i = 0; i < size; i++) {
        routed.add(i < sample.size()
            ? new Routed(sample.get(i), new Route(tier, "bench", 0, Selection.SAMPLE, false, size / (double) sampled))
            : new Routed(textless(i), new Route(tier, "bench", 0, Selection.INHERIT, false, 0)));
      }
      Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
          "--enforceImmutability=false", "--enforceEncodability=false").as(DirectOptions.class));
      p.apply("Users", Create.of(routed).withCoder(JsonCoder.of(Routed.class)))
          .apply("DiscoverThemes", DiscoverThemes.create())
          .apply("Report", ParDo.of(new Keep()));
      long t0 = System.nanoTime();
      p.run().waitUntilFinish();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Discovered d = Keep.last;
      report.printf("  %,8d  %4s  %,8d  %,8d  %10.1f  %d friction, %d use-case, %d follow-up (clustering %.1f s)%n",
          size, tier, Math.min(sampled, size), d.lines(), seconds, d.of("friction").size(), d.of("use_case").size(),
          d.of("follow_up").size(), d.seconds());
    }
  }

  /** Keeps the stage's one output for the report (DirectRunner runs in this JVM). */
  static final class Keep extends DoFn<Discovered, Void> {
    static volatile Discovered last;

    @ProcessElement
    public void processElement(ProcessContext c) {
      last = c.element();
    }
  }

  private static MeasuredActivity textless(int i) {
    UserActivity a = new UserActivity("u" + i, new UserProfile(true, null, "free", 10, true, null), List.of(),
        List.of(), List.of(), null, "x");
    return new MeasuredActivity(a, UserMetricsCalculator.compute(a, CohortSpec.DEFAULT_END_DATE, ZoneOffset.UTC, true));
  }

  /** {@code n} generated users with what they did, read as the pipeline reads them (consenting ones only). */
  static List<MeasuredActivity> generated(int n, long seed) {
    LocalDate end = CohortSpec.DEFAULT_END_DATE;
    CohortSimulator sim = new CohortSimulator(new CohortSpec(n * 2, 30, seed, end, false, false, true));
    List<MeasuredActivity> out = new ArrayList<>();
    for (int i = 0; out.size() < n && i < 2 * n; i++) {
      Collected rows = new Collected();
      sim.simulateUser(i, rows);
      if (rows.messages.isEmpty() || !Boolean.TRUE.equals(rows.consent)) {
        continue;
      }
      List<Conversation> conversations = new ArrayList<>();
      rows.messages.forEach((id, l) -> conversations.add(
          new Conversation(id, null, Instant.ofEpochMilli(rows.conversationAt.getOrDefault(id, 0L)), l)));
      UserActivity a = new UserActivity(rows.userId, new UserProfile(true, Instant.ofEpochMilli(rows.signup), rows.plan,
          10, true, null), conversations, rows.jobs, rows.actions, null, "x");
      out.add(new MeasuredActivity(a, UserMetricsCalculator.compute(a, end, ZoneOffset.UTC, true)));
    }
    return out;
  }

  private static final class Collected implements CohortRows {
    String userId;
    long signup;
    String plan;
    Boolean consent;
    final Map<String, List<Message>> messages = new LinkedHashMap<>();
    final Map<String, Long> conversationAt = new HashMap<>();
    final List<ServiceJob> jobs = new ArrayList<>();
    final List<UserAction> actions = new ArrayList<>();

    @Override
    public void user(String id, long createdAt, String plan, Integer credits, Boolean consent) {
      this.userId = id;
      this.signup = createdAt;
      this.plan = plan;
      this.consent = consent;
    }

    @Override
    public void conversation(String id, String user, String title, long createdAt, long updatedAt) {
      conversationAt.put(id, createdAt);
    }

    @Override
    public void message(String id, String conversation, String role, String content, long at) {
      messages.computeIfAbsent(conversation, k -> new ArrayList<>()).add(
          new Message(role, Instant.ofEpochMilli(at), content == null ? null : content.length(), content));
    }

    @Override
    public void job(String id, String user, String conversation, String service, String status, Integer credits,
        String error, long createdAt, Long completedAt) {
      jobs.add(new ServiceJob(id, conversation, service, status, credits, error, Instant.ofEpochMilli(createdAt),
          completedAt == null ? null : Instant.ofEpochMilli(completedAt)));
    }

    @Override
    public void action(UUID id, String user, String action, String metadata, long createdAt) {
      actions.add(new UserAction(id.toString(), action, metadata, false, Instant.ofEpochMilli(createdAt)));
    }
  }
}
