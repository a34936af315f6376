package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.DayRollupResponder;
import pmf.signals.devtools.gemini.Fault;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.devtools.gemini.RecordedRequest;
import pmf.signals.transforms.json.Json;

/**
 * The daily run with {@code --llm=gemini} against the fake Gemini on loopback, through the real google-genai client:
 * faults, the cache, the budget and the key. The API key reaches the workers the way it does in production, through
 * the GEMINI_API_KEY environment variable (set for this module's tests in its pom).
 */
public class GeminiPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static final String KEY = System.getenv("GEMINI_API_KEY");
  private static final String DATE = "2026-11-23";
  private String url;
  private Path out;
  private FakeGemini fake;

  @Before
  public void arrange() throws Exception {
    url = ScratchDatabases.createWithSourceSchema();
    out = tmp.newFolder("out").toPath();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(600, 7L).withMessy(false), conn, tmp.getRoot().toPath().resolve("truth.json"));
    }
  }

  @After
  public void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  private PipelineRun run(String date, String... extra) {
    List<String> args = new ArrayList<>(List.of("--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl()));
    args.addAll(List.of(extra));
    return PipelineRun.of(url, date, out, args.toArray(String[]::new));
  }

  private static Behaviour.Builder healthy() {
    return Behaviour.builder().apiKey(KEY).latency(Duration.ZERO).responder(new InsightsResponder());
  }

  /** Requests {@code fake} got for users' insights; the rest asked for segments' personas or the day's answers. */
  static int userCalls(FakeGemini fake) {
    return (int) fake.requests().stream().filter(r -> !InsightsResponder.asksForPersona(r.body())
        && !DayRollupResponder.asksForRollup(r.body())).count();
  }

  private long count(String where) throws Exception {
    return Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE analysis_date = '" + DATE + "' AND " + where));
  }

  @Test
  public void withThirtyPercentOfCallsFaultedEveryoneHasMetricsAndNearlyEveryoneInsights() throws Exception {
    fake = FakeGemini.start(healthy()
        .faultRate(Fault.INTERNAL_500, 0.05).faultRate(Fault.UNAVAILABLE_503, 0.04)
        .faultRate(Fault.MALFORMED_JSON, 0.05).faultRate(Fault.MAX_TOKENS, 0.05).faultRate(Fault.SAFETY, 0.04)
        .faultRate(Fault.BLOCKED_PROMPT, 0.03).faultRate(Fault.QUOTA_429, 0.02).faultRate(Fault.QUOTA_429_NO_RETRY_INFO, 0.02)
        .injectedRetryDelay(Duration.ofMillis(20)).seed(11).build());

    PipelineRun run = run(DATE);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    long rows = count("true");
    long consenting = count("llm_status NOT IN ('no_consent', 'skipped')");
    long withInsights = count("llm_status = 'ok'");
    assertThat(consenting, greaterThan(100L));
    assertThat(count("metrics IS NULL"), equalTo(0L));
    // A prompt blocked twice is final (each blocked call is paid); every other fault is retried through.
    long blockedTwice = count("llm_status = 'failed' AND (status_reason LIKE 'blocked_prompt%'"
        + " OR status_reason LIKE 'finish_safety%')");
    assertThat(blockedTwice, lessThanOrEqualTo(consenting / 20));
    assertThat((double) withInsights / (consenting - blockedTwice), greaterThanOrEqualTo(0.99));
    // The rest say why, and each is a dead letter with the same reason.
    assertThat(count("llm_status = 'failed' AND status_reason IS NULL"), equalTo(0L));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_failures WHERE stage = 'analyze'"),
        equalTo(String.valueOf(consenting - withInsights)));
    assertThat(Sql.one(url, "SELECT count(DISTINCT user_id) FROM analysis_cache"), equalTo(String.valueOf(rows)));
    // Faults really happened, and every call the fake saw is accounted for in the summary and the ledger.
    assertThat(fake.requestCount(), greaterThan((int) (consenting * 1.3)));
    var summary = Json.tree(Files.readString(out.resolve(DATE).resolve("summary.json")));
    long calls = fake.requestCount() + fake.embeddingRequests().size();
    assertThat(summary.path("llm").path("calls").asLong(), equalTo(calls));
    assertThat(Sql.one(url, "SELECT llm_calls FROM analysis_runs"), equalTo(String.valueOf(calls)));
    assertThat(summary.path("llm").path("cost_usd").asDouble(), greaterThan(0.0));
  }

  @Test
  public void aReRunMakesNoCallsAndOnlyChangedUsersAreSentAgain() throws Exception {
    fake = FakeGemini.start(healthy().build());
    assertThat(run(DATE).exitCode(), equalTo(0));
    long analysed = count("llm_status = 'ok'");
    assertThat(userCalls(fake), equalTo((int) analysed));

    fake.clearRequests();
    PipelineRun rerun = run(DATE);
    assertThat(rerun.err(), rerun.exitCode(), equalTo(0));
    assertThat(userCalls(fake), equalTo(0));
    assertThat(count("llm_status = 'cached'"), equalTo(analysed));
    assertThat(count("llm_status = 'cached' AND insights IS NULL"), equalTo(0L));

    // A tenth of the analysed users write one more message on the date: they, and only they, are sent again.
    List<String> changed = Sql.rows(url, "SELECT user_id FROM analysis_cache WHERE analysis_date = '" + DATE
        + "' AND llm_status = 'cached' ORDER BY md5(user_id) LIMIT " + Math.max(1, analysed / 10));
    for (String user : changed) {
      ScratchDatabases.exec(url, "INSERT INTO messages SELECT 'extra-' || id, id, 'user', 'one more thing', '"
          + DATE + " 23:00Z' FROM conversations WHERE user_id = '" + user + "' ORDER BY id LIMIT 1");
    }
    fake.clearRequests();
    assertThat(run(DATE).exitCode(), equalTo(0));
    assertThat(userCalls(fake), equalTo(changed.size()));
    assertThat(count("llm_status = 'ok'"), equalTo((long) changed.size()));
    assertThat(count("llm_status = 'cached'"), equalTo(analysed - changed.size()));
  }

  @Test
  public void theNextDateSendsOnlyUsersWithNewActivity() throws Exception {
    fake = FakeGemini.start(healthy().build());
    assertThat(run(DATE).exitCode(), equalTo(0));
    List<String> changed = Sql.rows(url, "SELECT user_id FROM analysis_cache WHERE analysis_date = '" + DATE
        + "' AND llm_status = 'ok' ORDER BY md5(user_id) LIMIT 10");
    for (String user : changed) {
      ScratchDatabases.exec(url, "INSERT INTO messages SELECT 'next-' || id, id, 'user', 'back again today',"
          + " '2026-11-24 09:00Z' FROM conversations WHERE user_id = '" + user + "' ORDER BY id LIMIT 1");
    }
    fake.clearRequests();
    assertThat(run("2026-11-24").exitCode(), equalTo(0));
    assertThat(userCalls(fake), equalTo(changed.size()));
  }

  @Test
  public void theBudgetStopsNewCallsWithinOneInFlightWindow() throws Exception {
    fake = FakeGemini.start(healthy().build());
    int window = 4;
    PipelineRun run = run(DATE, "--maxLlmCostUsd=0.005", "--llmConcurrency=" + window);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    double spent = Double.parseDouble(Sql.one(url, "SELECT sum(cost_usd) FROM analysis_cache"));
    double dearest = Double.parseDouble(Sql.one(url, "SELECT max(cost_usd) FROM analysis_cache"));
    assertThat(count("llm_status = 'skipped_budget'"), greaterThan(0L));
    assertThat(count("llm_status = 'ok'"), greaterThan(0L));
    // Spend may pass the cap only by calls that had already started when it was reached.
    assertThat(spent, lessThanOrEqualTo(0.005 + window * dearest));
    assertThat(count("llm_status = 'skipped_budget' AND metrics IS NULL"), equalTo(0L));
  }

  @Test
  public void theKeyIsSentInTheHeaderAndWrittenNowhere() throws Exception {
    fake = FakeGemini.start(healthy().enqueue(Fault.INTERNAL_500, Fault.QUOTA_429).build());
    PipelineRun run = run(DATE);
    assertThat(run.exitCode(), equalTo(0));
    for (RecordedRequest r : fake.requests()) {
      assertThat(r.apiKeyPresent(), equalTo(true));
      assertThat(String.valueOf(r.body()), not(containsString(KEY)));
    }
    assertThat(run.out() + run.err(), not(containsString(KEY)));
    assertThat(Files.readString(out.resolve(DATE).resolve("summary.json")), not(containsString(KEY)));
    assertThat(Sql.rows(url, "SELECT run_id FROM analysis_runs WHERE options::text LIKE '%" + KEY
        + "%' OR counts::text LIKE '%" + KEY + "%'"), empty());
    assertThat(Sql.rows(url, "SELECT user_id FROM analysis_failures WHERE reason LIKE '%" + KEY + "%'"), empty());
  }

  @Test
  public void aRejectedKeyStopsTheRunAtTheLookupBeforeAnyWork() throws Exception {
    fake = FakeGemini.start(healthy().apiKey("another-key").build());
    PipelineRun run = run(DATE);
    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err(), containsString("Google refused the key in GEMINI_API_KEY"));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
    assertThat(fake.requests(), empty());
    assertThat(fake.modelLookups().size(), equalTo(1));
  }

  @Test
  public void aRetiredModelStopsBeforeAnyWorkWithOneLineNamingItsReplacement() {
    fake = FakeGemini.start(healthy().build());
    PipelineRun run = run(DATE, "--geminiModel=gemini-2.5-flash");
    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip(), equalTo("error: --geminiModel=gemini-2.5-flash: Google retired this model on"
        + " 2026-12-01; its replacement is gemini-3.5-flash-lite (--geminiModel=gemini-3.5-flash-lite)"
        + " [model catalogue checked 2026-12-07]"));
    assertThat(fake.requests(), empty());
    assertThat(fake.modelLookups(), empty()); // the catalogue knew: Google was not asked
  }

  @Test
  public void aModelGoogleRetiresBeforeTheCatalogueKnowsStopsAtTheLookupWithGooglesWords() {
    fake = FakeGemini.start(healthy().retire("gemini-3.5-flash-lite").build());
    PipelineRun run = run(DATE);
    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err(), containsString("error: --geminiModel=gemini-3.5-flash-lite: Google does not serve this"
        + " model (Google: models/gemini-3.5-flash-lite is not found for API version v1beta"));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
    assertThat(fake.requests(), empty());
  }

  @Test
  public void aThinkingSettingTheModelCannotTakeIsOneLineAtStart() {
    fake = FakeGemini.start(healthy().build());
    PipelineRun run = run(DATE, "--geminiThinking=0");
    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip(), equalTo("error: --geminiThinking=0: gemini-3.5-flash-lite sets thinking by level"
        + " (minimal, low, medium, high), not by a budget"));
    assertThat(fake.requests(), empty());
  }

  @Test
  public void theDefaultModelAndTwoPointFiveFlashLiteAreNeverRefused() throws Exception {
    fake = FakeGemini.start(healthy().build());
    for (String model : new String[] {"gemini-3.5-flash-lite", "gemini-2.5-flash-lite"}) {
      PipelineRun run = run(DATE, "--geminiModel=" + model);
      assertThat(run.err(), run.exitCode(), equalTo(0));
      long consenting = count("llm_status NOT IN ('no_consent', 'skipped')");
      assertThat(model, (double) count("llm_status = 'ok'") / consenting, greaterThanOrEqualTo(0.99));
      assertThat(model, fake.requests().stream().filter(r -> r.status() == 400 || r.status() == 404).count(),
          equalTo(0L));
      assertThat(fake.requests().stream().allMatch(r -> r.model().equals(model)), equalTo(true));
      fake.clearRequests();
    }
  }

  @Test
  public void aPromptTheServiceAlwaysBlocksCostsAtMostTwoCalls_andTheRunSaysItIsDegraded() throws Exception {
    fake = FakeGemini.start(healthy().faultRate(Fault.BLOCKED_PROMPT, 1.0).build());
    PipelineRun run = run(DATE);

    assertThat(run.exitCode(), equalTo(3));
    assertThat(run.err(), containsString("DEGRADED RUN: the LLM failed for"));
    assertThat(run.err(), containsString("mostly: blocked_prompt_safety"));
    long consenting = count("llm_status NOT IN ('no_consent', 'skipped')");
    assertThat(count("llm_status = 'failed'"), equalTo(consenting));
    assertThat(count("metrics IS NULL"), equalTo(0L));
    assertThat(Sql.one(url, "SELECT max(llm_calls) FROM analysis_cache"), equalTo("2"));
    // Every output leads with it, and the ledger does not count the date as done.
    assertThat(Files.readString(out.resolve(DATE).resolve("report.html")), containsString("DEGRADED RUN"));
    assertThat(Files.readString(out.resolve(DATE).resolve("summary.md")), containsString("**Warning:** DEGRADED RUN"));
    assertThat(Sql.one(url, "SELECT status FROM analysis_runs"), equalTo("degraded"));
  }

  @Test
  public void withoutAKeyGeminiIsOneClearLineBeforeAnyWork() {
    PipelineRun run = PipelineRun.withEnv(Map.of(), "--jdbcUrl=" + url, "--date=" + DATE, "--llm=gemini");
    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err(), containsString("GEMINI_API_KEY"));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
  }
}
