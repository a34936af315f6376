package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.BeforeClass;
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
import pmf.signals.transforms.read.SourceQueries;

/**
 * A team's own database on day 1, as a new user meets it: the generated cohort without user_actions, without the
 * consent column, with integer user ids, with renamed tables mapped by --queries, and without a required column. Each
 * run either completes (exit 0) or stops before any work with one line naming what is missing (exit 2); --check names
 * the same; no console output holds a stack trace.
 */
public class TeamSchemaTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static String template;
  private FakeGemini fake;

  @BeforeClass
  public static void cohort() throws Exception {
    template = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(CohortSpec.of(160, 3L).withMessy(false), conn,
          Files.createTempFile("truth", ".json"));
    }
  }

  @After
  public void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  private PipelineRun run(String url, String... extra) throws Exception {
    return PipelineRun.of(url, DATE, tmp.newFolder().toPath(), extra);
  }

  private PipelineRun check(String url, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--check"));
    args.addAll(List.of(extra));
    return run(url, args.toArray(String[]::new));
  }

  /** Nothing a person reads on the console is a Java stack trace. */
  private static void noStackTrace(PipelineRun run) {
    String console = run.out() + run.err();
    assertThat(console, not(containsString("\tat ")));
    assertThat(console, not(containsString("Exception")));
  }

  private static String summaryOf(PipelineRun run) throws Exception {
    String path = run.out().lines().filter(l -> l.strip().startsWith("summary ")).findFirst().orElseThrow().strip()
        .replaceFirst("^summary\\s+", "");
    return Files.readString(Path.of(path).getParent().resolve("summary.md"));
  }

  @Test
  public void withoutUserActionsTheRunCompletesAndActionCountsAreUnknownNotZero() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url, "DROP TABLE user_actions");

    PipelineRun checked = check(url);
    assertThat(checked.err(), checked.exitCode(), equalTo(0));
    assertThat(checked.out(), org.hamcrest.Matchers.matchesPattern(
        "(?s).*\\n  user_actions +optional +MISSING +downloads, shares and credit-limit hits: not tracked yet.*"));
    PipelineRun run = run(url);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    noStackTrace(run);
    assertThat(run.err(), containsString("warning: user_actions is missing or incomplete (optional)"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE metrics ->> 'downloads' IS NOT NULL"
        + " OR metrics ->> 'shares' IS NOT NULL OR metrics ->> 'credit_limit_hits' IS NOT NULL"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache"), not(equalTo("0")));
    assertThat(Sql.one(url, "SELECT summary #>> '{value,credit_exhaustion,note}' FROM daily_summary"),
        equalTo("not tracked yet"));
    assertThat(summaryOf(run), containsString("not tracked yet"));
  }

  @Test
  public void withoutTheConsentColumnNobodysTextReachesGemini_andEveryOutputSaysHowToEnableIt() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url, "ALTER TABLE users DROP COLUMN analytics_consent");
    fake = FakeGemini.start(Behaviour.builder().apiKey(GeminiPipelineTest.KEY).latency(Duration.ZERO)
        .responder(new InsightsResponder()).build());

    PipelineRun checked = check(url);
    assertThat(checked.exitCode(), equalTo(0));
    assertThat(checked.out(), org.hamcrest.Matchers.matchesPattern(
        "(?s).*\\n    analytics_consent +consent +MISSING +nobody's text is read.*"));
    PipelineRun run = run(url, "--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl());

    assertThat(run.err(), run.exitCode(), equalTo(0));
    noStackTrace(run);
    assertThat(run.err(), containsString("warning: no consent column users.analytics_consent"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE llm_status NOT IN ('no_consent', 'skipped')"),
        equalTo("0"));
    // No message text in any recorded request: every message of 30 characters or more is looked for.
    List<String> texts = Sql.rows(url, "SELECT DISTINCT content FROM messages WHERE length(content) >= 30");
    assertThat(texts.size(), greaterThan(100));
    List<String> leaked = new ArrayList<>();
    for (RecordedRequest r : fake.requests()) {
      String body = String.valueOf(r.body());
      texts.stream().filter(body::contains).forEach(leaked::add);
    }
    assertThat(leaked, empty());
    assertThat(summaryOf(run), containsString("**Note:** no consent column users.analytics\\_consent"));
  }

  @Test
  public void consentAllIsRecordedAndShown_consentNoneReadsNoText() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url, "ALTER TABLE users DROP COLUMN analytics_consent");

    PipelineRun all = run(url, "--consent=all");
    assertThat(all.err(), all.exitCode(), equalTo(0));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE llm_status = 'no_consent'"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT options ->> 'consent' FROM analysis_runs"), equalTo("all"));
    assertThat(summaryOf(all), containsString("--consent=all: the operator stated"));

    PipelineRun none = run(url, "--consent=none");
    assertThat(none.err(), none.exitCode(), equalTo(0));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE llm_status <> 'no_consent'"
        + " AND llm_status <> 'skipped'"), equalTo("0"));
    assertThat(summaryOf(none), containsString("--consent=none: no user's text was read"));
  }

  @Test
  public void integerUserIdsWorkAsTheyAre() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url,
        "CREATE TABLE idmap AS SELECT old, row_number() OVER (ORDER BY old) AS new FROM (SELECT id AS old FROM users"
            + " UNION SELECT user_id FROM conversations WHERE user_id IS NOT NULL UNION SELECT user_id FROM"
            + " service_jobs WHERE user_id IS NOT NULL UNION SELECT user_id FROM user_actions"
            + " WHERE user_id IS NOT NULL) ids",
        "ALTER TABLE users ADD COLUMN nid bigint",
        "UPDATE users u SET nid = m.new FROM idmap m WHERE m.old = u.id",
        "ALTER TABLE users DROP COLUMN id",
        "ALTER TABLE users RENAME COLUMN nid TO id",
        "ALTER TABLE users ADD PRIMARY KEY (id)",
        "ALTER TABLE conversations ADD COLUMN nid bigint",
        "UPDATE conversations c SET nid = m.new FROM idmap m WHERE m.old = c.user_id",
        "ALTER TABLE conversations DROP COLUMN user_id",
        "ALTER TABLE conversations RENAME COLUMN nid TO user_id",
        "CREATE INDEX ON conversations (user_id)",
        "ALTER TABLE service_jobs ADD COLUMN nid bigint",
        "UPDATE service_jobs j SET nid = m.new FROM idmap m WHERE m.old = j.user_id",
        "ALTER TABLE service_jobs DROP COLUMN user_id",
        "ALTER TABLE service_jobs RENAME COLUMN nid TO user_id",
        "CREATE INDEX ON service_jobs (user_id, created_at)",
        // user_actions keeps the seed's varchar(255) user_id, now holding the numbers as text.
        "UPDATE user_actions a SET user_id = m.new::text FROM idmap m WHERE m.old = a.user_id");

    PipelineRun checked = check(url);
    assertThat(checked.err(), checked.exitCode(), equalTo(0));
    assertThat(checked.out(), containsString("bigint (read as text)"));
    PipelineRun run = run(url);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    noStackTrace(run);
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE user_id !~ '^[0-9]+$'"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE (metrics ->> 'user_messages')::int > 0"),
        not(equalTo("0")));
  }

  @Test
  public void renamedTablesRunThroughAMappedQueriesFile() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url, "ALTER TABLE messages RENAME TO chat_messages",
        "ALTER TABLE conversations RENAME TO chats");
    String bundled = new String(SourceQueries.class.getClassLoader().getResourceAsStream(SourceQueries.BUNDLED)
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String mapped = bundled.replace("FROM messages", "FROM chat_messages").replace("JOIN messages", "JOIN chat_messages")
        .replace("FROM conversations", "FROM chats").replace("JOIN conversations", "JOIN chats");
    Path queries = tmp.newFile("queries.sql").toPath();
    Files.writeString(queries, mapped);

    PipelineRun uncheckable = check(url);
    assertThat(uncheckable.exitCode(), equalTo(2));
    assertThat(uncheckable.out(), containsString("error: table conversations is missing (required)"));
    assertThat(uncheckable.out(), containsString("error: table messages is missing (required)"));
    PipelineRun unmapped = run(url);
    assertThat(unmapped.exitCode(), equalTo(2));
    noStackTrace(unmapped);
    assertThat(unmapped.err(), startsWith("error: table conversations is missing (required)"));

    PipelineRun checked = check(url, "--queries=" + queries);
    assertThat(checked.err(), checked.exitCode(), equalTo(0));
    assertThat(checked.out(), containsString("chat_messages"));
    PipelineRun run = run(url, "--queries=" + queries);
    assertThat(run.err(), run.exitCode(), equalTo(0));
    noStackTrace(run);
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache"), not(equalTo("0")));
  }

  @Test
  public void aMissingRequiredColumnStopsBeforeAnyWorkWithOneLine_andCheckNamesIt() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    ScratchDatabases.exec(url, "ALTER TABLE messages DROP COLUMN content");

    PipelineRun checked = check(url);
    assertThat(checked.exitCode(), equalTo(2));
    assertThat(checked.out(), containsString("error: column messages.content is missing (required)"));
    PipelineRun run = run(url);

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip(), equalTo("error: column messages.content is missing (required)"));
    noStackTrace(run);
    assertThat(Sql.one(url, "SELECT to_regclass('analysis_runs') IS NULL"), equalTo("t")); // no migration ran
  }

  @Test
  public void anUnknownOptionAndBadCredentialsAreOneLineEach() throws Exception {
    PipelineRun unknown = run(template, "--bogusOption=1");
    assertThat(unknown.exitCode(), equalTo(2));
    assertThat(unknown.err().strip().lines().count(), equalTo(1L));
    noStackTrace(unknown);

    PipelineRun refused = PipelineRun.of(template.replace("user=postgres", "user=nobody"), DATE,
        tmp.newFolder().toPath());
    assertThat(refused.exitCode(), equalTo(2));
    assertThat(refused.err().strip().lines().count(), equalTo(1L));
    assertThat(refused.err(), startsWith("error: cannot use PostgreSQL at"));
  }
}
