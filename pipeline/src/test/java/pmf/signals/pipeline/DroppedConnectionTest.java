package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;

/**
 * The launcher survives a dropped connection: every connection to the database is terminated while a run is under
 * way (as a failover or an idle timeout would), and the run still completes with its summary and ledger row.
 */
public class DroppedConnectionTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @After
  public void resetSeam() {
    DailyAnalysisPipeline.afterGraph = () -> {};
  }

  /** Terminates every other connection to the database, as a failover would; returns how many there were. */
  private static int terminateOthers(String url) {
    try {
      return Integer.parseInt(Sql.one(url, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  public void everyConnectionDroppedMidRun_theRunCompletesWithItsSummaryAndLedgerRow() throws Exception {
    String url = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(120, 5L).withMessy(false), conn, tmp.getRoot().toPath().resolve("t.json"));
    }
    AtomicInteger terminated = new AtomicInteger();
    DailyAnalysisPipeline.afterGraph = () -> terminated.set(terminateOthers(url));
    Path out = tmp.newFolder("out").toPath();

    PipelineRun run = PipelineRun.of(url, "2026-11-23", out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(terminated.get(), greaterThan(0)); // the launcher's pooled connections were among them
    assertThat(Files.exists(out.resolve("2026-11-23").resolve("summary.json")), equalTo(true));
    assertThat(Sql.one(url, "SELECT status FROM analysis_runs"), equalTo("succeeded"));
    assertThat(Sql.one(url, "SELECT count(*) FROM daily_summary"), equalTo("1"));
  }
}
