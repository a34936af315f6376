package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/**
 * The same daily run on DirectRunner and on FlinkRunner {@code [local]} (runner-configs/direct.properties and
 * flink-local.properties): the same analysis_cache rows, dead letters and summary. The standalone cluster runs the
 * same scenario in {@link FlinkClusterIT}.
 */
public class FlinkLocalRunnerTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static final String DATE = "2026-11-23";
  private String url;

  /** A few hundred generated users, bad rows included, loaded into a fresh database. */
  static String cohort(Path truth) throws Exception {
    String url = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(600, 7L), conn, truth);
    }
    return url;
  }

  static PipelineRun run(String url, Path out, String config, String... overrides) {
    List<String> args = new ArrayList<>(RunnerConfigs.args(config, overrides));
    args.addAll(List.of("--jdbcUrl=" + url, "--date=" + DATE, "--outputDir=" + out));
    return PipelineRun.withArgs(args.toArray(String[]::new));
  }

  /** summary.json without what differs between any two runs (their id, runner and time). */
  static ObjectNode summaryWithoutRunFields(Path out) throws Exception {
    ObjectNode summary = (ObjectNode) Json.tree(Files.readString(out.resolve(DATE).resolve("summary.json")));
    summary.remove(List.of("run_id", "runner", "wall_seconds", "stages"));
    return summary;
  }

  @Before
  public void arrange() throws Exception {
    url = cohort(tmp.getRoot().toPath().resolve("truth.json"));
  }

  @Test
  public void flinkLocalWritesExactlyTheRowsDirectRunnerWrites() throws Exception {
    Path directOut = tmp.newFolder("direct").toPath();
    PipelineRun direct = run(url, directOut, "direct");
    assertThat(direct.err(), direct.exitCode(), equalTo(0));
    List<String> directRows = AnalysisRows.cache(url, DATE);
    List<String> directFailures = AnalysisRows.failures(url, DATE);
    AnalysisRows.clear(url);

    Path flinkOut = tmp.newFolder("flink").toPath();
    PipelineRun flink = run(url, flinkOut, "flink-local");

    assertThat(flink.err(), flink.exitCode(), equalTo(0));
    assertThat(directRows.size(), greaterThan(50));
    assertThat(AnalysisRows.cache(url, DATE), equalTo(directRows));
    assertThat(AnalysisRows.failures(url, DATE), equalTo(directFailures));
    assertThat(summaryWithoutRunFields(flinkOut), equalTo(summaryWithoutRunFields(directOut)));
    assertThat(Sql.rows(url, "SELECT runner FROM analysis_runs ORDER BY started_at"),
        equalTo(List.of("DirectRunner", "FlinkRunner")));
    // Step times come from each runner's own metrics, summed under the same top-level steps: one lap per user.
    for (String step : List.of("ReadActivity", "ComputeUserMetrics", "ScoreReturn")) {
      assertThat(step, laps(flinkOut, step), equalTo((long) directRows.size()));
      assertThat(step, laps(directOut, step), equalTo((long) directRows.size()));
    }
  }

  /** The laps summary.json's stage table gives a step of the graph. */
  private static long laps(Path out, String step) throws Exception {
    for (JsonNode launcherStep : Json.tree(Files.readString(out.resolve(DATE).resolve("summary.json")))
        .at("/stages/steps")) {
      for (JsonNode graphStep : launcherStep.path("steps")) {
        if (graphStep.path("step").asText().equals(step)) {
          return graphStep.path("laps").asLong();
        }
      }
    }
    return -1;
  }
}
