package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;

/**
 * The whole pipeline process SIGKILLed mid-run (a machine lost, an OOM kill): re-running the date gives the rows a clean
 * run gives. The process is the real entry point in its own JVM, on DirectRunner.
 */
public class KilledRunTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = FlinkLocalRunnerTest.DATE;
  private String url;
  private Process process;
  private FakeGemini fake;

  @Before
  public void arrange() throws Exception {
    url = FlinkLocalRunnerTest.cohort(tmp.getRoot().toPath().resolve("truth.json"));
  }

  @After
  public void noProcessLeft() {
    if (process != null) {
      process.destroyForcibly();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  public void aRunKilledMidWriteIsRepairedByRunningTheDateAgain() throws Exception {
    PipelineRun clean = FlinkLocalRunnerTest.run(url, tmp.newFolder("clean").toPath(), "direct");
    assertThat(clean.err(), clean.exitCode(), equalTo(0));
    List<String> rows = AnalysisRows.cache(url, DATE);
    List<String> failures = AnalysisRows.failures(url, DATE);
    AnalysisRows.clear(url);
    String heldUser = rows.get(rows.size() / 2).split("\\|")[0];

    killMidWrite(heldUser);
    assertThat(AnalysisRows.committed(url), lessThan((long) rows.size()));
    assertThat(Sql.one(url, "SELECT status FROM analysis_runs ORDER BY started_at DESC LIMIT 1"), equalTo("running"));

    PipelineRun rerun = FlinkLocalRunnerTest.run(url, tmp.newFolder("rerun").toPath(), "direct");

    assertThat(rerun.err(), rerun.exitCode(), equalTo(0));
    assertThat(rows.size(), greaterThan(50));
    assertThat(AnalysisRows.cache(url, DATE), equalTo(rows));
    assertThat(AnalysisRows.failures(url, DATE), equalTo(failures));
    // The killed run is closed in the ledger, not left "running".
    assertThat(Sql.rows(url, "SELECT status FROM analysis_runs WHERE status = 'running'"), empty());
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_runs WHERE status = 'failed' AND error LIKE 'abandoned:%'"),
        equalTo("1"));
  }

  /** Runs the date in its own JVM, holds one user's write, and SIGKILLs the JVM once other rows are committed. */
  private void killMidWrite(String heldUser, String... overrides) throws Exception {
    try (Connection hold = DriverManager.getConnection(url)) {
      // An uncommitted row for one user holds its writer mid-write while the other writers commit.
      hold.setAutoCommit(false);
      try (PreparedStatement insert = hold.prepareStatement(
          "INSERT INTO analysis_cache (user_id, analysis_date, metrics) VALUES (?, ?::date, '{}')")) {
        insert.setString(1, heldUser);
        insert.setString(2, DATE);
        insert.executeUpdate();
      }
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), DailyAnalysisPipeline.class.getName()));
      command.addAll(RunnerConfigs.args("direct", overrides));
      command.addAll(List.of("--jdbcUrl=" + url, "--date=" + DATE, "--outputDir=" + tmp.newFolder("killed")));
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(tmp.newFile("killed.log")).start();

      FlinkCluster.await("rows are written and a writer waits on the held row", Duration.ofMinutes(3),
          () -> process.isAlive() && AnalysisRows.committed(url) > 0 && AnalysisRows.writersWaitingOnALock(url) > 0);
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS), equalTo(true));
      hold.rollback();
    }
  }

  @Test
  public void aKilledGeminiRunCallsAgainOnlyForUsersItHadNotWritten() throws Exception {
    fake = FakeGemini.start(Behaviour.builder().apiKey(GeminiPipelineTest.KEY).latency(Duration.ZERO)
        .responder(new InsightsResponder()).build());
    String[] gemini = {"--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl()};
    PipelineRun clean = FlinkLocalRunnerTest.run(url, tmp.newFolder("clean").toPath(), "direct", gemini);
    assertThat(clean.err(), clean.exitCode(), equalTo(0));
    List<String> withInsights = Sql.rows(url, "SELECT user_id FROM analysis_cache WHERE insights IS NOT NULL ORDER BY 1");
    assertThat(GeminiPipelineTest.userCalls(fake), equalTo(withInsights.size())); // a healthy fake: one call per analysed user
    AnalysisRows.clear(url);
    fake.clearRequests();

    killMidWrite(withInsights.get(withInsights.size() / 2), gemini);
    long writtenWithInsights = Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE insights IS NOT NULL"));
    assertThat(writtenWithInsights, greaterThan(0L));
    fake.clearRequests();

    PipelineRun rerun = FlinkLocalRunnerTest.run(url, tmp.newFolder("rerun").toPath(), "direct", gemini);

    assertThat(rerun.err(), rerun.exitCode(), equalTo(0));
    assertThat(GeminiPipelineTest.userCalls(fake), equalTo((int) (withInsights.size() - writtenWithInsights)));
    assertThat(Sql.rows(url, "SELECT user_id FROM analysis_cache WHERE insights IS NOT NULL ORDER BY 1"),
        equalTo(withInsights));
  }
}
