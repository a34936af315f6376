package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.devtools.gemini.RecordedRequest;

/**
 * The Gemini stage on the real standalone cluster of {@code make test-flink}: both TaskManagers call the fake Gemini,
 * each through its own share of the quota ({@code llmWorkers=2} in runner-configs/flink-cluster.properties), and
 * together they stay within the quota the fake enforces over a sliding minute. The workers call with the key in their
 * own environment: the job the driver submits carries none. The figures go to {@code target/flink-ratelimit.txt}.
 */
public class FlinkClusterQuotaIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = FlinkLocalRunnerTest.DATE;
  private static final Path JAR = RunnerConfigs.ROOT.resolve("pipeline/target/pmf-signals.jar");
  private static final int QUOTA_RPM = 80;
  private static final Duration LATENCY = Duration.ofMillis(400);
  private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final List<String> REPORT = new ArrayList<>();

  private final FlinkCluster cluster = FlinkCluster.fromEnvironment();
  private String url;
  private FakeGemini fake;

  @Before
  public void arrange() throws Exception {
    url = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(url)) {
      // 600 users give 105 consenting users active on the date: well over a minute of the quota, so it binds.
      CohortGenerator.load(CohortSpec.of(600, 7L).withMessy(false), conn, tmp.getRoot().toPath().resolve("truth.json"));
    }
    fake = FakeGemini.start(Behaviour.builder().apiKey(cluster.geminiApiKey()).rpm(QUOTA_RPM).latency(LATENCY)
        .responder(new InsightsResponder()).build());
  }

  @After
  public void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  @AfterClass
  public static void writeReport() throws Exception {
    Files.writeString(Path.of("target", "flink-ratelimit.txt"), String.join("\n", REPORT) + "\n");
  }

  /** The daily run with Gemini on the cluster, as runner-configs/flink-cluster.properties has it, plus overrides. */
  private PipelineRun onCluster(Path out, String... overrides) {
    List<String> options = new ArrayList<>(List.of("--flinkMaster=" + cluster.master(), "--filesToStage=" + JAR,
        "--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl(), "--llmRpm=" + QUOTA_RPM));
    options.addAll(List.of(overrides));
    List<String> args = new ArrayList<>(RunnerConfigs.args("flink-cluster", options.toArray(String[]::new)));
    args.addAll(List.of("--jdbcUrl=" + url, "--date=" + DATE, "--outputDir=" + out));
    // The driver checks the key and the model with the service before any work (one models.get), so it needs the key
    // too; the job it submits must not carry it.
    return PipelineRun.withEnv(Map.of("GEMINI_API_KEY", cluster.geminiApiKey()), args.toArray(String[]::new));
  }

  private long rows(String where) throws Exception {
    return Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE analysis_date = '" + DATE + "' AND " + where));
  }

  @Test
  public void bothTaskManagersTogetherStayWithinTheQuota() throws Exception {
    Path out = tmp.newFolder("run").toPath();
    long started = System.nanoTime();
    PipelineRun run = onCluster(out);
    double wallSeconds = (System.nanoTime() - started) / 1e9;

    List<RecordedRequest> calls = byArrival(fake.requests());
    long consenting = rows("llm_status NOT IN ('no_consent', 'skipped')");
    int busiest = busiestMinute(calls);
    String job = cluster.lastJob();
    Map<String, Long> analysedOn = cluster.recordsReadPerTaskManager(job, "at AnalyzeUser/Analyze)");
    report(String.format(Locale.ROOT,
        "Gemini stage on the standalone Flink cluster (%d TaskManagers, llmWorkers=2), fake Gemini quota %d RPM"
            + " (sliding 60 s), latency %d ms%n"
            + "  %d users with consent, %d calls, %d answered 429%n"
            + "  busiest 60 s window: %d calls (quota %d)%n"
            + "  %.1f calls/min from first to last call = %.1f%% of the quota%n"
            + "  shards of users analysed per TaskManager: %s%n"
            + "  wall time of the run (submit to exit, the cluster's job start included): %.1f s",
        cluster.taskManagers(), QUOTA_RPM, LATENCY.toMillis(), consenting, calls.size(), fake.quotaRejections(),
        busiest, QUOTA_RPM, callsPerMinute(calls), 100 * callsPerMinute(calls) / QUOTA_RPM, analysedOn, wallSeconds));

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat("more calls than one minute of the quota, so the quota binds", consenting, greaterThan(QUOTA_RPM * 5L / 4));
    assertThat(fake.quotaRejections(), equalTo(0));
    assertThat(busiest, lessThanOrEqualTo(QUOTA_RPM));
    assertThat(rows("llm_status = 'ok' AND insights IS NOT NULL"), equalTo(consenting));
    assertThat(GeminiPipelineTest.userCalls(fake), equalTo((int) consenting)); // plus one call per named segment
    // Both TaskManagers analysed users, each with its share: the quota held across JVMs, not within one.
    assertThat(analysedOn.keySet(), containsInAnyOrder(cluster.taskManagerIds().toArray()));
    assertThat(analysedOn.values(), not(hasItem(0L)));
    // The job carries the pipeline options (geminiBaseUrl, llmRpm, ...) but no key: the workers used their own.
    String jobConfig = cluster.get("/jobs/" + job + "/config").toString();
    assertThat(jobConfig, not(containsString(cluster.geminiApiKey())));
  }

  /**
   * The control: told there is one worker, each TaskManager takes the whole quota, and the fake must refuse calls
   * (each TaskManager alone would send its users within the minute, and together they have more than the quota).
   */
  @Test
  public void withTheWholeQuotaOnEachTaskManagerTheFakeRefusesCalls() throws Exception {
    Path out = tmp.newFolder("control").toPath();
    CompletableFuture<PipelineRun> run = CompletableFuture.supplyAsync(() -> onCluster(out, "--llmWorkers=1"));
    FlinkCluster.await("the fake refuses a call, or the run ends", Duration.ofMinutes(4),
        () -> fake.quotaRejections() > 0 || run.isDone());
    // Nothing more to learn from this run: stop it rather than wait out the backoffs.
    for (String job : cluster.activeJobs()) {
      cluster.cancel(job);
    }
    run.get(2, TimeUnit.MINUTES);

    List<RecordedRequest> calls = byArrival(fake.requests());
    RecordedRequest firstRefused = calls.stream().filter(r -> r.status() == 429).findFirst().orElse(null);
    report(String.format(Locale.ROOT,
        "negative control, llmWorkers=1 (each TaskManager takes the whole quota): %s",
        firstRefused == null ? "no call refused" : String.format(Locale.ROOT,
            "the fake refused a call (429) %.1f s after the first call, %d calls admitted in the minute before it;"
                + " the job was cancelled there",
            (firstRefused.receivedAtNanos() - calls.get(0).receivedAtNanos()) / 1e9, admittedBefore(calls, firstRefused))));

    assertThat(fake.quotaRejections(), greaterThan(0));
  }

  private static void report(String text) {
    System.out.println(text);
    REPORT.add(text);
  }

  /** The fake records a call when it answers; ordered here by when each arrived. */
  private static List<RecordedRequest> byArrival(List<RecordedRequest> calls) {
    return calls.stream().sorted(Comparator.comparingLong(RecordedRequest::receivedAtNanos)).toList();
  }

  /** The most calls (in arrival order) the fake admitted, answered other than 429, that arrived within 60 s. */
  private static int busiestMinute(List<RecordedRequest> calls) {
    long[] at = calls.stream().filter(r -> r.status() != 429).mapToLong(RecordedRequest::receivedAtNanos).toArray();
    int busiest = 0;
    for (int first = 0, last = 0; last < at.length; last++) {
      while (at[last] - at[first] >= MINUTE_NANOS) {
        first++;
      }
      busiest = Math.max(busiest, last - first + 1);
    }
    return busiest;
  }

  private static double callsPerMinute(List<RecordedRequest> calls) {
    long[] at = calls.stream().mapToLong(RecordedRequest::receivedAtNanos).toArray();
    return at.length < 2 ? 0 : (at.length - 1) * 60e9 / (at[at.length - 1] - at[0]);
  }

  private static long admittedBefore(List<RecordedRequest> calls, RecordedRequest refused) {
    return calls.stream().filter(r -> r.status() != 429 && r.receivedAtNanos() <= refused.receivedAtNanos()
        && r.receivedAtNanos() > refused.receivedAtNanos() - MINUTE_NANOS).count();
  }
}
