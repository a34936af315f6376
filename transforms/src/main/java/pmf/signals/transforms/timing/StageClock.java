package pmf.signals.transforms.timing;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Time spent in a step of the graph, recorded into Beam metrics so that every runner reports it (DirectRunner and Flink
 * alike, and a Flink cluster's workers to their driver). A lap covers one call of a DoFn's work: its wall time, the
 * CPU time of the thread that ran it, and when it started and ended. The runner keys each metric by the step it was
 * updated in, so one clock in any DoFn reports under that DoFn's step; the launcher sums them per top-level step.
 *
 * <pre>{@code
 * private final StageClock clock = StageClock.system();
 *
 * @ProcessElement
 * public void processElement(...) {
 *   try (StageClock.Lap lap = clock.lap()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Metrics are bound to the thread a runner calls the DoFn on: work handed to another thread is timed there and
 * its CPU time added with {@link #addCpu}.
 */
public final class StageClock implements Serializable {
  /** The metrics' namespace; their names are {@link #WALL_NANOS}, {@link #CPU_NANOS}, {@link #ACTIVE_MILLIS}. */
  public static final String NAMESPACE = "pmf_stage";

  /** A distribution of laps' wall time: its sum is the step's busy time, its count the laps. */
  public static final String WALL_NANOS = "wall_nanos";

  /** A counter of the CPU time the laps' threads used. */
  public static final String CPU_NANOS = "cpu_nanos";

  /** A counter of the wall time spent waiting on the database ({@link TimedJdbc}), apart from the laps'. */
  public static final String DB_WALL_NANOS = "db_wall_nanos";

  /** A distribution whose min is the first lap's start and max the last lap's end, in epoch milliseconds. */
  public static final String ACTIVE_MILLIS = "active_millis";

  /** What a clock reads; injected in tests. */
  public interface Ticker extends Serializable {
    long wallNanos();

    /** CPU time of the calling thread; 0 when the JVM cannot tell. */
    long threadCpuNanos();

    long epochMillis();
  }

  private final Ticker ticker;
  private final Distribution wall = Metrics.distribution(NAMESPACE, WALL_NANOS);
  private final Counter cpu = Metrics.counter(NAMESPACE, CPU_NANOS);
  private final Distribution active = Metrics.distribution(NAMESPACE, ACTIVE_MILLIS);
  private final Counter database = Metrics.counter(NAMESPACE, DB_WALL_NANOS);

  private StageClock(Ticker ticker) {
    this.ticker = ticker;
  }

  /** A clock on the JVM's monotonic time and the thread CPU time the JVM measures. */
  public static StageClock system() {
    return new StageClock(new SystemTicker());
  }

  public static StageClock with(Ticker ticker) {
    return new StageClock(ticker);
  }

  /** Starts a lap on this thread; closing it records the lap. */
  public Lap lap() {
    return new Lap(this, ticker.wallNanos(), ticker.threadCpuNanos(), ticker.epochMillis());
  }

  /** Records CPU time of threads the step handed work to; their wall time is inside the step's own lap. */
  public void addCpu(long nanos) {
    cpu.inc(nanos);
  }

  private void record(Timed timed) {
    wall.update(timed.wallNanos());
    cpu.inc(timed.cpuNanos());
    active.update(timed.endMillis() - timed.startMillis(), 1, timed.startMillis(), timed.endMillis());
  }

  /** Records time spent waiting on the database: the step's wall and CPU, but not one of its laps. */
  public void addDatabase(Timed timed) {
    database.inc(timed.wallNanos());
    cpu.inc(timed.cpuNanos());
    active.update(timed.endMillis() - timed.startMillis(), 1, timed.startMillis(), timed.endMillis());
  }

  /** A lap under way. */
  public static final class Lap implements AutoCloseable {
    private final StageClock clock;
    private final long wallStart;
    private final long cpuStart;
    private final long startMillis;

    private Lap(StageClock clock, long wallStart, long cpuStart, long startMillis) {
      this.clock = clock;
      this.wallStart = wallStart;
      this.cpuStart = cpuStart;
      this.startMillis = startMillis;
    }

    /** The lap so far, without recording it (for work timed on one thread and recorded on another). */
    public Timed elapsed() {
      Ticker t = clock.ticker;
      return new Timed(t.wallNanos() - wallStart, Math.max(0, t.threadCpuNanos() - cpuStart), startMillis,
          t.epochMillis());
    }

    @Override
    public void close() {
      clock.record(elapsed());
    }
  }

  /** One lap's measures: wall and CPU nanoseconds, start and end in epoch milliseconds. */
  public record Timed(long wallNanos, long cpuNanos, long startMillis, long endMillis) implements Serializable {}

  private static final class SystemTicker implements Ticker {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    @Override
    public long wallNanos() {
      return System.nanoTime();
    }

    @Override
    public long threadCpuNanos() {
      long nanos = CPU ? THREADS.getCurrentThreadCpuTime() : -1;
      return Math.max(0, nanos);
    }

    @Override
    public long epochMillis() {
      return System.currentTimeMillis();
    }
  }
}
