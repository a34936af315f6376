package pmf.signals.transforms.timing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Rule;
import org.junit.Test;

/** A clock's laps reach Beam's metrics under the step that ran them; time comes from an injected ticker. */
public class StageClockTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Each read moves its own clock one step on: a lap is then exactly one step of each. */
  static final class SteppingTicker implements StageClock.Ticker {
    private long wallReads;
    private long cpuReads;
    private long millisReads;

    @Override
    public long wallNanos() {
      return 5_000_000 * wallReads++;
    }

    @Override
    public long threadCpuNanos() {
      return 2_000_000 * cpuReads++;
    }

    @Override
    public long epochMillis() {
      return 1_000 + 10 * millisReads++;
    }
  }

  /** Runs as many laps as its element says, then reports work of a helper thread and a database call. */
  static final class LapsFn extends DoFn<Integer, Integer> {
    private final StageClock clock = StageClock.with(new SteppingTicker());

    @ProcessElement
    public void processElement(@Element Integer laps, OutputReceiver<Integer> out) {
      for (int i = 0; i < laps; i++) {
        try (StageClock.Lap lap = clock.lap()) {
          out.output(i);
        }
      }
      clock.addCpu(7_000_000);
      clock.addDatabase(new StageClock.Timed(4_000_000, 1_000_000, 1_200, 1_204));
    }
  }

  @Test
  public void lapsAreRecordedUnderTheStepThatRanThem() {
    p.apply(Create.of(3)).apply("Timed", ParDo.of(new LapsFn()));

    PipelineResult result = p.run();
    result.waitUntilFinish();

    Map<String, MetricResult<Long>> counters = new HashMap<>();
    Map<String, MetricResult<DistributionResult>> distributions = new HashMap<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(StageClock.NAMESPACE)).build());
    metrics.getCounters().forEach(c -> counters.put(c.getName().getName(), c));
    metrics.getDistributions().forEach(d -> distributions.put(d.getName().getName(), d));

    DistributionResult wall = distributions.get(StageClock.WALL_NANOS).getAttempted();
    assertThat(wall.getCount(), equalTo(3L));
    assertThat(wall.getSum(), equalTo(3 * 5_000_000L));
    assertThat(counters.get(StageClock.CPU_NANOS).getAttempted(), equalTo(3 * 2_000_000L + 7_000_000 + 1_000_000));
    assertThat(counters.get(StageClock.DB_WALL_NANOS).getAttempted(), equalTo(4_000_000L));
    DistributionResult active = distributions.get(StageClock.ACTIVE_MILLIS).getAttempted();
    assertThat(active.getMin(), equalTo(1_000L)); // the first lap's start
    assertThat(active.getMax(), equalTo(1_204L)); // the database call's end, after the last lap's (1,050)
    assertThat(distributions.get(StageClock.WALL_NANOS).getKey().stepName(), startsWith("Timed"));
  }
}
