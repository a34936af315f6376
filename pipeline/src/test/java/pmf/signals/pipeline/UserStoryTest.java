package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/**
 * {@code --user=ID}: one user's story from analysis_cache, on a cohort the real pipeline ran for two dates. The story
 * only reads, so every test shares the one database the two runs wrote.
 */
public class UserStoryTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final String FIRST = "2026-11-22";
  private static final String SECOND = "2026-11-23";
  /** Planted in one of the user's messages before the runs: it must never reach the story. */
  private static final String CANARY = "quokkaparasol";
  /** Tier B: every consenting user analysed, and segments (with personas) to show. */
  private static final String[] TIER_B = {"--tierThresholds=10,100000,200000", "--clusters=3"};
  private static String url;
  private static String user;

  @BeforeClass
  public static void runTwoDatesOnASmallCohort() throws Exception {
    url = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(200, 11L).withMessy(false), conn, null);
    }
    user = consentingUserWithMessagesOnBothDates();
    ScratchDatabases.exec(url, "UPDATE messages SET content = content || ' my " + CANARY + " order'"
        + " WHERE id = (SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        + " WHERE c.user_id = '" + user + "' AND m.role = 'user' AND m.created_at >= '" + SECOND + "T00:00Z'"
        + " ORDER BY m.created_at LIMIT 1)");
    Path out = TMP.newFolder("out").toPath();
    for (String date : List.of(FIRST, SECOND)) {
      PipelineRun run = PipelineRun.of(url, date, out, TIER_B);
      assertThat(run.err(), run.exitCode(), equalTo(0));
    }
  }

  private static String consentingUserWithMessagesOnBothDates() throws Exception {
    return Sql.rows(url, "SELECT c.user_id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        + " JOIN users u ON u.id = c.user_id WHERE u.analytics_consent AND m.role = 'user'"
        + " AND m.created_at >= '" + FIRST + "T00:00Z' AND m.created_at < '2026-11-24T00:00Z'"
        + " GROUP BY c.user_id HAVING count(DISTINCT (m.created_at AT TIME ZONE 'UTC')::date) = 2"
        + " ORDER BY c.user_id LIMIT 1").get(0);
  }

  private static PipelineRun story(String... extra) {
    List<String> args = new ArrayList<>(List.of("--jdbcUrl=" + url, "--user=" + user));
    args.addAll(Arrays.asList(extra));
    return PipelineRun.withArgs(args.toArray(String[]::new));
  }

  private static String stored(String column, String date) throws Exception {
    return Sql.one(url, "SELECT " + column + " FROM analysis_cache WHERE user_id = '" + user + "'"
        + " AND analysis_date = '" + date + "'");
  }

  /** The user's segment on the date as analysis_cache and analysis_segments hold it. */
  private static String segment(String date) throws Exception {
    String[] idAndName = Sql.one(url, "SELECT c.segment_id, s.persona->>'name' FROM analysis_cache c"
        + " LEFT JOIN analysis_segments s USING (analysis_date, segment_id) WHERE c.user_id = '" + user + "'"
        + " AND c.analysis_date = '" + date + "'").split("\\|");
    assertThat("the user has a segment on " + date, idAndName[0], not(equalTo("null")));
    return "segment " + idAndName[0] + (idAndName[1].equals("null") ? "" : " \"" + idAndName[1] + "\"");
  }

  /** The date's block of the text story: from its heading line to the next blank line. */
  private static String block(String story, String date) {
    int start = story.indexOf("\n" + date + "  tier ");
    assertThat(story, start >= 0, equalTo(true));
    int end = story.indexOf("\n\n", start + 1);
    return story.substring(start + 1, end < 0 ? story.length() : end);
  }

  @Test
  public void theStoryShowsEachDateOldestFirstWithItsLlmStatusAndTheStoredMetrics() throws Exception {
    PipelineRun run = story();

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(run.err(), equalTo(""));
    assertThat(run.out(), startsWith("user " + user + ": 2 dates with a row (their latest 30 at most), "
        + FIRST + " .. " + SECOND + "\n"));
    assertThat(run.out().indexOf("\n" + FIRST), lessThan(run.out().indexOf("\n" + SECOND)));
    for (String date : List.of(FIRST, SECOND)) {
      String block = block(run.out(), date);
      assertThat(block, containsString("  llm        " + stored("llm_status", date) + " (model offline)"));
      assertThat(block, containsString(", " + stored("metrics->>'user_messages'", date) + " user messages, "));
      assertThat(block, startsWith(date + "  tier B, " + segment(date) + "\n"));
    }
  }

  @Test
  public void noMessageContentReachesTheStoryInTextOrJson() throws Exception {
    assertThat(Sql.one(url, "SELECT count(*) FROM messages WHERE content LIKE '%" + CANARY + "%'"), equalTo("1"));

    PipelineRun text = story();
    PipelineRun json = story("--json");

    assertThat(text.out(), containsString(SECOND));
    assertThat(text.out() + text.err(), not(containsString(CANARY)));
    assertThat(json.out() + json.err(), not(containsString(CANARY)));
  }

  @Test
  public void theJsonFormIsOneObjectPerDateWithTheStoredValues() throws Exception {
    PipelineRun run = story("--json");

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode days = Json.tree(run.out());
    assertThat(days.size(), equalTo(2));
    assertThat(days.get(0).get("date").asText(), equalTo(FIRST));
    assertThat(days.get(1).get("date").asText(), equalTo(SECOND));
    assertThat(days.get(1).get("llm_status").asText(), equalTo(stored("llm_status", SECOND)));
    assertThat(days.get(1).at("/metrics/jobs_succeeded").asText(),
        equalTo(stored("metrics->>'jobs_succeeded'", SECOND)));
    assertThat(days.get(1).at("/metrics/credits_used").asText(), equalTo(stored("metrics->>'credits_used'", SECOND)));
    assertThat(days.get(1).at("/insights/use_cases"), equalTo(Json.tree(stored("insights->'use_cases'", SECOND))));
  }

  @Test
  public void oneDateOrARangeShowsOnlyItsDatesAndToDefaultsToTheLatestAnalysedDate() {
    PipelineRun oneDate = story("--date=" + FIRST);
    PipelineRun fromOnly = story("--from=2026-11-01");
    PipelineRun range = story("--from=" + SECOND, "--to=2026-11-30");

    assertThat(oneDate.err(), oneDate.exitCode(), equalTo(0));
    assertThat(oneDate.out(), startsWith("user " + user + ": 1 date with a row on " + FIRST + "\n"));
    assertThat(oneDate.out(), not(containsString(SECOND)));
    assertThat(fromOnly.out(), startsWith("user " + user + ": 2 of the 23 dates between 2026-11-01 and " + SECOND
        + " have a row\n"));
    assertThat(range.out(), startsWith("user " + user + ": 1 of the 8 dates between " + SECOND + " and 2026-11-30"
        + " have a row\n"));
    assertThat(range.out(), not(containsString("\n" + FIRST)));
  }

  @Test
  public void aUserWithoutRowsIsOneLineOnStdoutAndExitZero() {
    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=" + url, "--user=nobody-here", "--from=2026-11-01",
        "--to=2026-11-23");
    PipelineRun json = PipelineRun.withArgs("--jdbcUrl=" + url, "--user=nobody-here", "--json");

    assertThat(run.exitCode(), equalTo(0));
    assertThat(run.out(), equalTo("no analysis_cache rows for user nobody-here between 2026-11-01 and 2026-11-23\n"));
    assertThat(run.err(), equalTo(""));
    assertThat(json.out().strip(), equalTo("[ ]"));
  }

  @Test
  public void aDatabaseWithoutAnalysisCacheIsOneLineExitTwoAndIsLeftAsItWas() throws Exception {
    String fresh = ScratchDatabases.createWithSourceSchema();

    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=" + fresh, "--user=u1");

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.out(), equalTo(""));
    assertThat(run.err().lines().count(), equalTo(1L));
    assertThat(run.err(), containsString("has no analysis_cache table yet: run a date first"));
    assertThat(Sql.one(fresh, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        + " AND tablename NOT IN ('users', 'conversations', 'messages', 'service_jobs', 'user_actions')"),
        equalTo("0"));
  }

  @Test
  public void badDatesOrAMissingUserIdAreOneLineAndExitTwo() {
    PipelineRun badDate = story("--date=23/11/2026");
    PipelineRun reversed = story("--from=" + SECOND, "--to=" + FIRST);
    PipelineRun mixed = story("--date=" + SECOND, "--from=" + FIRST);
    PipelineRun noId = PipelineRun.withArgs("--jdbcUrl=" + url, "--user=");
    PipelineRun bareFlag = PipelineRun.withArgs("--jdbcUrl=" + url, "--user");

    assertThat(badDate.exitCode(), equalTo(2));
    assertThat(badDate.err(), equalTo("error: --date must be YYYY-MM-DD, got 23/11/2026\n"));
    assertThat(reversed.exitCode(), equalTo(2));
    assertThat(reversed.err(), equalTo("error: --from (" + SECOND + ") is after --to (" + FIRST + ")\n"));
    assertThat(mixed.exitCode(), equalTo(2));
    assertThat(mixed.err(), equalTo("error: --date shows one date; --from/--to a range: give one or the other\n"));
    assertThat(noId.exitCode(), equalTo(2));
    assertThat(noId.err(), equalTo("error: --user needs a user id, e.g. --user=u123\n"));
    assertThat(bareFlag.err(), equalTo(noId.err()));
    assertThat(badDate.out() + reversed.out() + mixed.out() + noId.out() + bareFlag.out(), equalTo(""));
  }

  @Test
  public void anUnreachableDatabaseIsOneLineAndExitTwo() {
    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=jdbc:postgresql://127.0.0.1:1/app", "--user=u1");

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().lines().count(), equalTo(1L));
    assertThat(run.err(), startsWith("error: cannot use PostgreSQL at jdbc:postgresql://127.0.0.1:1/app: "));
  }
}
