package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The daily run on a real standalone Flink 1.19 session cluster (a JobManager and TaskManagers in their own JVMs, the
 * pipeline shipped in the shaded jar), started by {@code make test-flink}: the same rows as DirectRunner and
 * FlinkRunner [local], and the same rows again when a TaskManager is SIGKILLed mid-job.
 */
public class FlinkClusterIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = FlinkLocalRunnerTest.DATE;
  private static final Path JAR = RunnerConfigs.ROOT.resolve("pipeline/target/pmf-signals.jar");
  private final FlinkCluster cluster = FlinkCluster.fromEnvironment();
  private String url;

  @Before
  public void arrange() throws Exception {
    url = FlinkLocalRunnerTest.cohort(tmp.getRoot().toPath().resolve("truth.json"));
  }

  private PipelineRun onCluster(Path out) {
    return FlinkLocalRunnerTest.run(url, out, "flink-cluster", "--flinkMaster=" + cluster.master(),
        "--filesToStage=" + JAR);
  }

  @Test
  public void directRunnerFlinkLocalAndTheClusterWriteIdenticalRows() throws Exception {
    Path directOut = tmp.newFolder("direct").toPath();
    PipelineRun direct = FlinkLocalRunnerTest.run(url, directOut, "direct");
    assertThat(direct.err(), direct.exitCode(), equalTo(0));
    List<String> rows = AnalysisRows.cache(url, DATE);
    List<String> failures = AnalysisRows.failures(url, DATE);
    AnalysisRows.clear(url);

    Path localOut = tmp.newFolder("local").toPath();
    PipelineRun local = FlinkLocalRunnerTest.run(url, localOut, "flink-local");
    assertThat(local.err(), local.exitCode(), equalTo(0));
    List<String> localRows = AnalysisRows.cache(url, DATE);
    List<String> localFailures = AnalysisRows.failures(url, DATE);
    AnalysisRows.clear(url);

    Path clusterOut = tmp.newFolder("cluster").toPath();
    PipelineRun onCluster = FlinkLocalRunnerTest.run(url, clusterOut, "flink-cluster",
        "--flinkMaster=" + cluster.master(), "--filesToStage=" + JAR, "--progressSeconds=2");

    assertThat(onCluster.err(), onCluster.exitCode(), equalTo(0));
    assertThat(onCluster.err(), containsString("progress " + DATE + ": "));
    // The Beam counters reach Flink as the job's accumulator, which the web UI shows under Accumulators.
    Map<String, Long> counters = cluster.beamCounters(cluster.lastJob());
    assertThat(counters.get("pmf.signals.transforms.read.ReadActivity/active_users"),
        equalTo(Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache"))));
    assertThat(counters.get("pmf.signals.transforms.analyze.AnalyzeUser/users_analysed"), greaterThan(0L));
    assertThat(rows.size(), greaterThan(50));
    assertThat(localRows, equalTo(rows));
    assertThat(AnalysisRows.cache(url, DATE), equalTo(rows));
    assertThat(localFailures, equalTo(failures));
    assertThat(AnalysisRows.failures(url, DATE), equalTo(failures));
    assertThat(FlinkLocalRunnerTest.summaryWithoutRunFields(clusterOut),
        equalTo(FlinkLocalRunnerTest.summaryWithoutRunFields(directOut)));
  }

  @Test
  public void aTaskManagerKilledMidJobIsRestartedAroundAndTheRowsEqualACleanRun() throws Exception {
    PipelineRun clean = FlinkLocalRunnerTest.run(url, tmp.newFolder("clean").toPath(), "direct");
    assertThat(clean.err(), clean.exitCode(), equalTo(0));
    List<String> rows = AnalysisRows.cache(url, DATE);
    List<String> failures = AnalysisRows.failures(url, DATE);
    AnalysisRows.clear(url);
    String heldUser = rows.get(rows.size() / 2).split("\\|")[0];

    // Hold the job mid-write: an uncommitted row for one user makes the writer that reaches that user wait, while
    // the other writers commit their rows. The job is then provably running, with work done and work left.
    String jobId;
    CompletableFuture<PipelineRun> run;
    try (Connection hold = DriverManager.getConnection(url)) {
      hold.setAutoCommit(false);
      try (PreparedStatement insert = hold.prepareStatement(
          "INSERT INTO analysis_cache (user_id, analysis_date, metrics) VALUES (?, ?::date, '{}')")) {
        insert.setString(1, heldUser);
        insert.setString(2, DATE);
        insert.executeUpdate();
      }
      assertThat("no job before ours", cluster.activeJobs(), empty());
      Path out = tmp.newFolder("killed").toPath();
      run = CompletableFuture.supplyAsync(() -> onCluster(out));

      FlinkCluster.await("rows are written and a writer waits on the held row", Duration.ofMinutes(4),
          () -> !run.isDone() && AnalysisRows.committed(url) > 0 && AnalysisRows.writersWaitingOnALock(url) > 0);
      List<String> jobs = cluster.activeJobs();
      assertThat(jobs, hasSize(1));
      jobId = jobs.get(0);
      assertThat(cluster.recordedFailures(jobId), equalTo(0));
      String victim = cluster.taskManagerRunning(jobId, "WriteAnalysisCache");
      assertThat("a TaskManager runs a writer", victim, notNullValue());

      cluster.killTaskManager(victim);

      FlinkCluster.await("the JobManager records the lost TaskManager's failure", Duration.ofMinutes(2),
          () -> recordedFailures(jobId) > 0);
      hold.rollback();
    }
    // The job needs all the slots it had: a replacement joins, as a supervisor (systemd, Kubernetes) would start one.
    cluster.addTaskManager();

    PipelineRun result = run.get(5, TimeUnit.MINUTES);

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(cluster.state(jobId), equalTo("FINISHED"));
    assertThat(cluster.recordedFailures(jobId), greaterThanOrEqualTo(1));
    assertThat(AnalysisRows.cache(url, DATE), equalTo(rows));
    assertThat(AnalysisRows.failures(url, DATE), equalTo(failures));
    assertThat(cluster.taskManagers(), greaterThanOrEqualTo(2));
  }

  private int recordedFailures(String jobId) {
    try {
      return cluster.recordedFailures(jobId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
