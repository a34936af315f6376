package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/** The daily run end to end on a real PostgreSQL: counts, idempotency, empty days, and clear errors. */
public class DailyAnalysisPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static final String ROWS =
      "SELECT user_id, analysis_date, insights::text, metrics::text, tier, tier_reason, input_hash, prompt_version,"
          + " model, llm_status, status_reason, tokens_in, tokens_out FROM analysis_cache ORDER BY user_id, analysis_date";
  private String url;
  private Path out;

  @Before
  public void arrange() throws Exception {
    url = ScratchDatabases.createWithSourceSchema();
    out = tmp.newFolder("out").toPath();
    ScratchDatabases.exec(url,
        "INSERT INTO users VALUES ('alice', '2026-11-01', 'free', 10, true), ('bob', '2026-11-02', 'pro', 0, false),"
            + " ('carol', '2026-11-23 07:00Z', 'free', 50, NULL)",
        "INSERT INTO conversations VALUES ('c1', 'alice', 'Logo', '2026-11-22 10:00Z', NULL),"
            + " ('c2', 'bob', NULL, '2026-11-23 09:00Z', NULL), ('c3', 'carol', NULL, '2026-11-23 08:00Z', NULL)",
        "INSERT INTO messages VALUES ('m1', 'c1', 'user', 'make me a logo for a bakery', '2026-11-22 10:00Z'),"
            + " ('m2', 'c1', 'assistant', 'here you go', '2026-11-22 10:01Z'),"
            + " ('m3', 'c1', 'user', 'it failed again, still not working', '2026-11-23 10:02Z'),"
            + " ('m4', 'c2', 'user', 'hello', '2026-11-23 09:00Z'), ('m5', 'c3', 'user', 'hi', '2026-11-23 08:00Z')",
        "INSERT INTO service_jobs VALUES ('j1', 'alice', 'c1', 'image_generation', 'failed', 5, 'timeout',"
            + " '2026-11-23 10:03Z', NULL)",
        "INSERT INTO user_actions VALUES (gen_random_uuid(), 'alice', 'credit_limit', '{}', '2026-11-23 10:06')");
  }

  private JsonNode summary(String date) throws Exception {
    return Json.tree(Files.readString(out.resolve(date).resolve("summary.json")));
  }

  @Test
  public void writesARowPerActiveUserTheLedgerAndTheSummary() throws Exception {
    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(Sql.rows(url, "SELECT user_id || ':' || llm_status FROM analysis_cache ORDER BY 1"),
        equalTo(List.of("alice:offline", "bob:no_consent", "carol:no_consent")));
    JsonNode s = summary(DATE);
    assertThat(s.get("users_active").asInt(), equalTo(3));
    assertThat(s.get("users_analysed").asInt(), equalTo(1));
    assertThat(s.get("users_skipped_by_reason").get("no_consent").asInt(), equalTo(2));
    assertThat(s.get("rows_written").asInt(), equalTo(3));
    assertThat(s.get("llm_status").get("offline").asInt(), equalTo(1));
    assertThat(s.get("warning").asText(), containsString("OFFLINE ANALYZER"));
    assertThat(run.out(), containsString("OFFLINE ANALYZER"));
    assertThat(run.out(), containsString("users active     3"));
    assertThat(Sql.one(url, "SELECT status || ':' || analysis_date || ':' || (counts->>'rows_written')"
        + " FROM analysis_runs"), equalTo("succeeded:2026-11-23:3"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE metrics IS NULL"), equalTo("0"));
  }

  @Test
  public void theSummaryAndThePrintedTableSayWhereTheRunsTimeWentStepByStep() throws Exception {
    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode stages = summary(DATE).get("stages");
    List<String> launcher = new ArrayList<>();
    stages.get("steps").forEach(step -> launcher.add(step.get("step").asText()));
    assertThat(launcher, equalTo(List.of("the source check", "migrations", "the ledger and source quality", "history",
        "building the graph", "the graph", "the day's summary", "writing the report and Slack")));
    Map<String, JsonNode> graph = new LinkedHashMap<>();
    stages.at("/steps/5/steps").forEach(step -> graph.put(step.get("step").asText(), step));
    assertThat(graph.keySet(), hasItems("ReadActivity", "ComputeUserMetrics", "SegmentUsers", "RouteByTier",
        "AnalyzeUser", "ScoreReturn", "WriteAnalysisCache", "SummarizeDay", StageTimes.OUTSIDE));
    // one lap per active user in the per-user steps
    for (String perUser : List.of("ReadActivity", "ComputeUserMetrics", "ScoreReturn", "WriteAnalysisCache")) {
      assertThat(perUser, graph.get(perUser).get("laps").asLong(), equalTo(3L));
    }
    // every step that had work today recorded its time (a small day: no inherited users, no segments to profile)
    for (String worked : List.of("SegmentUsers", "RouteByTier", "AnalyzeUser", "DescribeSegments", "DiscoverThemes",
        "SummarizeDay", "WriteDailySummary")) {
      assertThat(worked, graph.get(worked).has("recorded"), equalTo(false));
    }
    assertThat(graph.get("ReadActivity").has("database_seconds"), equalTo(true));
    assertThat(run.out(), containsString("stages: " + stages.get("wall_seconds").asText() + " s wall"));
    assertThat(run.out(), containsString("ComputeUserMetrics"));
  }

  @Test
  public void insightGroupsNameOnlyLabelsHeldByEnoughDistinctUsers() throws Exception {
    StringBuilder users = new StringBuilder("INSERT INTO users VALUES ('heavy', '2026-11-01', 'free', 10, true)");
    StringBuilder conversations = new StringBuilder("INSERT INTO conversations VALUES ('ch', 'heavy', NULL, '2026-11-23 09:00Z', NULL)");
    StringBuilder messages = new StringBuilder("INSERT INTO messages VALUES ");
    for (int i = 0; i < 6; i++) {
      users.append(", ('u").append(i).append("', '2026-11-01', 'free', 10, true)");
      conversations.append(", ('cu").append(i).append("', 'u").append(i).append("', NULL, '2026-11-23 09:00Z', NULL)");
      messages.append("('mu").append(i).append("', 'cu").append(i).append("', 'user', 'make me a logo for my bakery', '2026-11-23 09:00Z'), ");
    }
    // One user talking about video forty times is still one user: not a theme.
    for (int i = 0; i < 40; i++) {
      messages.append("('mh").append(i).append("', 'ch', 'user', 'make a short video clip for my reel', '2026-11-23 09:0")
          .append(i % 10).append("Z')").append(i < 39 ? ", " : "");
    }
    ScratchDatabases.exec(url, users.toString(), conversations.toString(), messages.toString());

    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode useCases = summary(DATE).at("/insight_groups/use_cases");
    assertThat(useCases.toString(), useCases.path("by_label").size(), greaterThan(0));
    useCases.path("by_label").forEach(users1 -> assertThat(useCases.toString(), users1.asInt(), greaterThanOrEqualTo(5)));
    assertThat(useCases.toString(), useCases.path("by_label").has("video creation"), equalTo(false));
    assertThat(useCases.at("/other/users").asInt(), greaterThanOrEqualTo(1));
    assertThat(summary(DATE).at("/insight_groups/min_group_users").asInt(), equalTo(5));

    PipelineRun tooSmall = PipelineRun.of(url, DATE, out, "--minGroupUsers=1");
    assertThat(tooSmall.exitCode(), equalTo(2));
    assertThat(tooSmall.err(), containsString("--minGroupUsers must be at least 2"));
  }

  @Test
  public void runningADateTwiceLeavesIdenticalRowsExceptUpdatedAt() throws Exception {
    assertThat(PipelineRun.of(url, DATE, out).exitCode(), equalTo(0));
    List<String> first = Sql.rows(url, ROWS);
    String firstUpdated = Sql.one(url, "SELECT max(updated_at)::text FROM analysis_cache");

    assertThat(PipelineRun.of(url, DATE, out).exitCode(), equalTo(0));

    assertThat(Sql.rows(url, ROWS), equalTo(first));
    assertThat(first, hasSize(3));
    assertThat(Sql.one(url, "SELECT max(updated_at)::text FROM analysis_cache"), not(equalTo(firstUpdated)));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_runs WHERE status = 'succeeded'"), equalTo("2"));
  }

  @Test
  public void aUserNoLongerActiveOnReRunLosesTheStaleRow() throws Exception {
    assertThat(PipelineRun.of(url, DATE, out).exitCode(), equalTo(0));
    ScratchDatabases.exec(url, "DELETE FROM messages WHERE conversation_id = 'c3'");

    PipelineRun rerun = PipelineRun.of(url, DATE, out);

    assertThat(rerun.exitCode(), equalTo(0));
    assertThat(Sql.rows(url, "SELECT user_id FROM analysis_cache ORDER BY 1"), equalTo(List.of("alice", "bob")));
    assertThat(summary(DATE).get("stale_rows_removed").asInt(), equalTo(1));
  }

  @Test
  public void aDateWithNoActivityIsACleanEmptyRun() throws Exception {
    PipelineRun run = PipelineRun.of(url, "2026-06-01", out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode s = summary("2026-06-01");
    assertThat(s.get("users_active").asInt(), equalTo(0));
    assertThat(s.get("rows_written").asInt(), equalTo(0));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT status FROM analysis_runs"), equalTo("succeeded"));
  }

  @Test
  public void badRowsAreCountedInTheSummaryAndNobodyIsLost() throws Exception {
    ScratchDatabases.exec(url,
        "ALTER TABLE messages DROP CONSTRAINT messages_pkey",
        "INSERT INTO messages VALUES ('m1', 'c1', 'user', 'make me a logo for a bakery', '2026-11-22 10:00Z'),"
            + " ('m6', 'c1', 'user', NULL, '2026-11-23 11:00Z'), ('m7', 'c1', 'function', 'x', '2026-11-23 11:01Z'),"
            + " ('m8', 'orphan-conversation', 'user', 'lost', '2026-11-23 11:04Z'),"
            + " ('m9', 'c1', 'user', 'later', '2099-01-01 00:00Z')",
        "INSERT INTO conversations VALUES ('c9', 'ghost', NULL, '2026-11-23 08:00Z', NULL)",
        "INSERT INTO messages VALUES ('m10', 'c9', 'user', 'who am i', '2026-11-23 08:00Z')",
        "INSERT INTO service_jobs VALUES ('j2', 'alice', 'c1', 'upscale', 'succeeded', -1, NULL,"
            + " '2026-11-23 11:06Z', '2026-11-23 11:07Z'), ('j3', 'alice', NULL, 'upscale', 'failed', NULL, NULL,"
            + " '2026-11-23 11:08Z', NULL)",
        "INSERT INTO user_actions VALUES (gen_random_uuid(), 'alice', 'download', '\"oops\"', '2026-11-23 11:08')");

    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode s = summary(DATE);
    assertThat(s.get("users_active").asInt(), equalTo(4));
    assertThat(s.get("users_skipped_by_reason").get("unknown_user").asInt(), equalTo(1));
    JsonNode quality = s.get("data_quality");
    assertThat(quality.get("duplicate_rows").asInt(), equalTo(1));
    assertThat(quality.get("empty_messages").asInt(), equalTo(1));
    assertThat(quality.get("unknown_role_messages").asInt(), equalTo(1));
    assertThat(quality.get("invalid_credits").asInt(), equalTo(2));
    assertThat(quality.get("malformed_metadata").asInt(), equalTo(1));
    assertThat(s.get("source_quality").get("orphan_messages").asInt(), equalTo(1));
    assertThat(s.get("source_quality").get("future_timestamps").asInt(), equalTo(1));
  }

  @Test
  public void anUnknownLoginIsOneClearLineAndANonZeroExit() {
    // The embedded server trusts local logins, so a wrong password is tested on the external server (ExternalPostgresIT).
    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=" + url.replaceAll("\\?.*", ""), "--jdbcUser=nobody",
        "--jdbcPassword=hunter2", "--date=" + DATE, "--outputDir=" + out);

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
    assertThat(run.err(), containsString("error: cannot use PostgreSQL at"));
    assertThat(run.err(), containsString("nobody"));
    assertThat(run.err(), not(containsString("hunter2")));
  }

  @Test
  public void anUnreachableServerIsOneClearLineAndANonZeroExit() {
    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=jdbc:postgresql://127.0.0.1:1/app", "--date=" + DATE,
        "--outputDir=" + out);

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
    assertThat(run.err(), containsString("error: cannot use PostgreSQL at jdbc:postgresql://127.0.0.1:1/app"));
  }

  @Test
  public void badOptionsAreOneClearLine() {
    PipelineRun noUrl = PipelineRun.withArgs("--date=" + DATE);
    PipelineRun badDate = PipelineRun.withArgs("--jdbcUrl=" + url, "--date=23/11/2026");
    PipelineRun badLlm = PipelineRun.withArgs("--jdbcUrl=" + url, "--llm=gpt");

    assertThat(noUrl.exitCode(), equalTo(2));
    assertThat(noUrl.err(), containsString("--jdbcUrl is required"));
    assertThat(badDate.err(), containsString("--date must be YYYY-MM-DD"));
    assertThat(badLlm.err(), containsString("--llm must be offline or gemini"));
  }

  private Path queriesWith(String from, String to) throws Exception {
    String bundled;
    try (var in = getClass().getClassLoader().getResourceAsStream("db/queries.sql")) {
      bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(bundled, containsString(from));
    Path file = tmp.newFile("queries.sql").toPath();
    Files.writeString(file, bundled.replace(from, to));
    return file;
  }

  @Test
  public void aTeamWithOtherTableNamesMapsThemInTheQueriesFileAlone() throws Exception {
    ScratchDatabases.exec(url, "ALTER TABLE service_jobs RENAME TO paid_jobs");
    Path queries = queriesWith("service_jobs", "paid_jobs");

    PipelineRun run = PipelineRun.of(url, DATE, out, "--queries=" + queries);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(Sql.one(url, "SELECT metrics->>'jobs_failed' FROM analysis_cache WHERE user_id = 'alice'"),
        equalTo("1"));
  }

  @Test
  public void aPayloadThatIsNotJsonIsADeadLetterPerUserNotACrash() throws Exception {
    // The jobs block now returns text that is not JSON for every user with jobs (alice).
    Path queries = queriesWith("json_agg(json_build_object(\n         'id', j.id::text",
        "'{broken' || json_agg(json_build_object(\n         'id', j.id::text");

    PipelineRun run = PipelineRun.of(url, DATE, out, "--queries=" + queries);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(Sql.one(url, "SELECT user_id || ':' || stage || ':' || reason FROM analysis_failures"),
        containsString("alice:read:malformed jobs payload ("));
    JsonNode s = summary(DATE);
    assertThat(s.get("users_active").asInt(), equalTo(3));
    assertThat(s.get("rows_written").asInt(), equalTo(2));
    assertThat(s.get("failures_by_stage").get("read").asInt(), equalTo(1));
  }

  @Test
  public void aQueriesFileMissingABlockIsOneClearLine() throws Exception {
    Path queries = queriesWith("-- name: source_quality", "-- name: something_else");

    PipelineRun run = PipelineRun.of(url, DATE, out, "--queries=" + queries);

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err(), containsString("missing query block '-- name: source_quality'"));
  }
}
