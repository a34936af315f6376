package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Test;
import pmf.signals.transforms.timing.StageClock;

/** Where a run's time went: launcher steps timed on an injected meter, graph steps summed from their metrics. */
public class StageTimesTest {
  private static final long SECOND = 1_000_000_000L;

  /** A meter the test moves by hand. */
  private static final class HandMeter implements StageTimes.Meter {
    final AtomicLong wall = new AtomicLong();
    final AtomicLong cpu = new AtomicLong();
    final AtomicLong millis = new AtomicLong(1_000_000);

    void spend(double wallSeconds, double cpuSeconds) {
      wall.addAndGet((long) (wallSeconds * SECOND));
      cpu.addAndGet((long) (cpuSeconds * SECOND));
      millis.addAndGet((long) (wallSeconds * 1000));
    }

    @Override
    public long wallNanos() {
      return wall.get();
    }

    @Override
    public long processCpuNanos() {
      return cpu.get();
    }

    @Override
    public long epochMillis() {
      return millis.get();
    }
  }

  @Test
  public void launcherStepsAreTimedAndAStepTimedAgainAddsToItself() throws Exception {
    HandMeter meter = new HandMeter();
    StageTimes times = StageTimes.start(meter);

    times.time("history", () -> {
      meter.spend(2, 1);
      return null;
    });
    meter.spend(1, 0); // between steps: in the run's wall, in no step
    times.time("migrations", () -> {
      meter.spend(3, 0.5);
      return null;
    });
    times.time("history", () -> {
      meter.spend(4, 2);
      return null;
    });

    JsonNode json = times.json();
    assertThat(json.get("wall_seconds").asDouble(), equalTo(10.0));
    assertThat(json.get("cpu_seconds").asDouble(), equalTo(3.5));
    JsonNode steps = json.get("steps");
    assertThat(steps.size(), equalTo(2));
    assertThat(steps.get(0).get("step").asText(), equalTo("history"));
    assertThat(steps.get(0).get("wall_seconds").asDouble(), equalTo(6.0));
    assertThat(steps.get(0).get("cpu_seconds").asDouble(), equalTo(3.0));
    assertThat(steps.get(0).get("share_of_run_wall").asDouble(), equalTo(0.6));
    assertThat(steps.get(0).get("from_seconds").asDouble(), equalTo(0.0));
    assertThat(steps.get(1).get("step").asText(), equalTo("migrations"));
    assertThat(steps.get(1).get("from_seconds").asDouble(), equalTo(3.0));
  }

  @Test
  public void aRunStartedAsACommandCountsTheJvmsStartFirst() throws Exception {
    HandMeter meter = new HandMeter();
    meter.spend(1.5, 0.9); // the JVM started 1.5 s ago and has used 0.9 s of CPU
    StageTimes times = StageTimes.sinceJvmStart(meter, 1500);
    times.time("the source check", () -> {
      meter.spend(0.5, 0.1);
      return null;
    });

    JsonNode json = times.json();
    assertThat(json.get("wall_seconds").asDouble(), equalTo(2.0));
    assertThat(json.get("cpu_seconds").asDouble(), equalTo(1.0));
    assertThat(json.at("/steps/0/step").asText(), equalTo("starting the JVM"));
    assertThat(json.at("/steps/0/wall_seconds").asDouble(), equalTo(1.5));
    assertThat(json.at("/steps/0/cpu_seconds").asDouble(), equalTo(0.9));
    assertThat(json.at("/steps/1/from_seconds").asDouble(), equalTo(1.5));
  }

  @Test
  public void graphStepsSumTheirDoFnsMetricsInTheGraphsOrderAndTheRestIsSaidApart() throws Exception {
    HandMeter meter = new HandMeter();
    StageTimes times = StageTimes.start(meter);
    long start = meter.epochMillis();
    times.time(StageTimes.GRAPH, () -> {
      meter.spend(20, 30);
      return null;
    });
    MetricQueryResults metrics = MetricQueryResults.create(
        List.of(
            counter("ReadActivity/ReadUserPayloads/JdbcIO.ReadAll/ParMultiDo(Read)", StageClock.DB_WALL_NANOS, 6 * SECOND),
            counter("ReadActivity/ReadUserPayloads/JdbcIO.ReadAll/ParMultiDo(Read)", StageClock.CPU_NANOS, SECOND),
            counter("ReadActivity/AssembleUserActivity/ParMultiDo(AssembleUserActivity)", StageClock.CPU_NANOS,
                2 * SECOND),
            counter("ComputeUserMetrics/Measure/ParMultiDo(Measure)", StageClock.CPU_NANOS, 12 * SECOND),
            MetricResult.attempted(MetricKey.create("AnalyzeUser/Analyze", MetricName.named("AnalyzeUser",
                StageClock.CPU_NANOS)), 99L)), // another namespace: not a step's time
        List.of(
            distribution("ReadActivity/AssembleUserActivity/ParMultiDo(AssembleUserActivity)", StageClock.WALL_NANOS,
                DistributionResult.create(3 * SECOND, 1930, 1, SECOND)),
            distribution("ReadActivity/ReadUserPayloads/JdbcIO.ReadAll/ParMultiDo(Read)", StageClock.ACTIVE_MILLIS,
                DistributionResult.create(0, 16, start + 1_000, start + 9_000)),
            distribution("ReadActivity/AssembleUserActivity/ParMultiDo(AssembleUserActivity)", StageClock.ACTIVE_MILLIS,
                DistributionResult.create(0, 1930, start + 2_000, start + 9_500)),
            distribution("ComputeUserMetrics/Measure/ParMultiDo(Measure)", StageClock.WALL_NANOS,
                DistributionResult.create(14 * SECOND, 1930, 1, SECOND)),
            distribution("ComputeUserMetrics/Measure/ParMultiDo(Measure)", StageClock.ACTIVE_MILLIS,
                DistributionResult.create(0, 1930, start + 2_500, start + 12_000))),
        List.of(), List.of(), List.of(), List.of());

    times.graphSteps(List.of("ReadActivity", "CountActiveUsers", "ComputeUserMetrics"), metrics);

    JsonNode graph = times.json().at("/steps/0");
    assertThat(graph.get("step").asText(), equalTo("the graph"));
    JsonNode read = graph.at("/steps/0");
    assertThat(read.get("step").asText(), equalTo("ReadActivity"));
    assertThat(read.get("wall_seconds").asDouble(), equalTo(9.0)); // 3 s of laps and 6 s waiting on the database
    assertThat(read.get("database_seconds").asDouble(), equalTo(6.0));
    assertThat(read.get("cpu_seconds").asDouble(), equalTo(3.0));
    assertThat(read.get("share_of_graph_cpu").asDouble(), equalTo(0.1));
    assertThat(read.get("laps").asLong(), equalTo(1930L));
    assertThat(read.get("from_seconds").asDouble(), equalTo(1.0));
    assertThat(read.get("to_seconds").asDouble(), equalTo(9.5));
    assertThat(graph.at("/steps/1/step").asText(), equalTo("CountActiveUsers"));
    assertThat(graph.at("/steps/1/recorded").asBoolean(true), equalTo(false));
    assertThat(graph.at("/steps/2/cpu_seconds").asDouble(), equalTo(12.0));
    JsonNode rest = graph.at("/steps/3");
    assertThat(rest.get("step").asText(), equalTo(StageTimes.OUTSIDE));
    assertThat(rest.get("cpu_seconds").asDouble(), equalTo(15.0)); // 30 s of the process's CPU, 15 s in steps
    assertThat(rest.get("share_of_graph_cpu").asDouble(), equalTo(0.5));

    String table = StageTimes.table(times.json());
    assertThat(table, containsString("stages: 20.0 s wall, 30.0 s CPU"));
    assertThat(table, containsString("the graph"));
    assertThat(table, containsString("1.0..9.5, of the wall 6.0 s in the database"));
    assertThat(table, containsString("nothing recorded"));
  }

  @Test
  public void theOrderIsTheTopLevelStepsLessViewsAndFlattens() {
    Pipeline pipeline = Pipeline.create();
    PCollection<String> words = pipeline.apply("Words", Create.of("a", "b"));
    PCollection<String> upper = words.apply("Upper", MapElements.into(TypeDescriptors.strings()).via(String::toUpperCase));
    upper.apply("UpperAsList", View.asList());
    PCollectionList.of(words).and(upper).apply("Both", Flatten.pCollections())
        .apply("Count", MapElements.into(TypeDescriptors.integers()).via(String::length));

    List<String> order = new ArrayList<>(StageTimes.order(pipeline));

    assertThat(order, equalTo(List.of("Words", "Upper", "Count")));
  }

  private static MetricResult<Long> counter(String step, String name, long value) {
    return MetricResult.attempted(MetricKey.create(step, MetricName.named(StageClock.NAMESPACE, name)), value);
  }

  private static MetricResult<DistributionResult> distribution(String step, String name, DistributionResult value) {
    return MetricResult.attempted(MetricKey.create(step, MetricName.named(StageClock.NAMESPACE, name)), value);
  }
}
