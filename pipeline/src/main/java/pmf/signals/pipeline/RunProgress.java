package pmf.signals.pipeline;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.PipelineResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.BindParameters;
import pmf.signals.transforms.read.NamedSql;
import pmf.signals.transforms.read.SourceQueries;

/**
 * A progress line every {@code --progressSeconds} while a run is under way: users written of the day's active users,
 * the LLM calls, tokens and estimated dollars of the rows written so far, and an ETA, read from the database, where the
 * pipeline writes each row as it is produced, so they are the same on every runner; and the graph's step under way,
 * read from the steps' metrics ({@link StageTimes}) where the runner gives them while it runs (DirectRunner does; a
 * FlinkRunner job gives its driver nothing until it ends). Runs shorter than one interval print nothing.
 *
 * <pre>
 * progress 2026-11-23: 1,200/1,930 users written (62%), 840 LLM calls, 1,204,112 tokens, ~$0.4100, 35 s, ETA 21 s,
 *   under way: AnalyzeUser for 20 s
 * </pre>
 */
final class RunProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);

  private final Connection conn;
  private final LocalDate date;
  private final Instant runStart;
  private final long totalUsers;
  private final PrintStream err;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final ScheduledExecutorService timer;
  private long firstRowNanos = -1;
  private long firstRowUsers;
  private volatile PipelineResult graph;
  private volatile List<String> order = List.of();
  private Map<String, Long> lastReports = Map.of();
  private List<String> underWay = List.of();
  private long underWaySince;

  RunProgress(Connection conn, LocalDate date, Instant runStart, long totalUsers, PrintStream err,
      LongSupplier nanoClock, ScheduledExecutorService timer) {
    this.conn = conn;
    this.date = date;
    this.runStart = runStart;
    this.totalUsers = totalUsers;
    this.err = err;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.timer = timer;
  }

  /** Starts reporting every {@code every} (nothing when it is zero) on its own connection and thread. */
  static RunProgress start(DatabaseSettings db, SourceQueries queries, AnalysisWindow window, Instant runStart,
      Duration every, PrintStream err) throws SQLException {
    if (every.isZero() || every.isNegative()) {
      return new RunProgress(null, window.date(), runStart, 0, err, System::nanoTime, null);
    }
    Connection conn = db.connect();
    long total;
    NamedSql sql = NamedSql.parse(queries.sql("active_user_count"));
    try (PreparedStatement query = conn.prepareStatement(sql.sql())) {
      new BindParameters(sql, window.parameters(1, 1, 1)).bind(query);
      try (ResultSet rs = query.executeQuery()) {
        total = rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException | RuntimeException e) {
      conn.close();
      throw e;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "run-progress");
      thread.setDaemon(true);
      return thread;
    });
    RunProgress progress = new RunProgress(conn, window.date(), runStart, total, err, System::nanoTime, timer);
    long millis = every.toMillis();
    timer.scheduleAtFixedRate(progress::report, millis, millis, TimeUnit.MILLISECONDS);
    return progress;
  }

  /** Follows the graph's steps, in {@code order}, while {@code running} runs. */
  void watch(PipelineResult running, List<String> order) {
    this.order = List.copyOf(order);
    this.graph = running;
  }

  private void report() {
    try {
      err.println(tick());
      err.flush();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("progress query failed", e); // progress is a courtesy; the run's outcome does not depend on it
    }
  }

  /** Reads what the run has written so far and returns the progress line. */
  String tick() throws SQLException {
    try (PreparedStatement query = conn.prepareStatement(
        "SELECT count(*), coalesce(sum(llm_calls), 0), coalesce(sum(tokens_in + tokens_out), 0),"
            + " coalesce(sum(cost_usd), 0) FROM analysis_cache WHERE analysis_date = ? AND updated_at >= ?")) {
      query.setDate(1, Date.valueOf(date));
      query.setObject(2, RunLedger.utc(runStart));
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        long done = rs.getLong(1);
        long now = nanoClock.getAsLong();
        if (done > 0 && firstRowNanos < 0) {
          firstRowNanos = now;
          firstRowUsers = done;
        }
        Duration eta = eta(done, totalUsers, firstRowNanos < 0 ? 0 : now - firstRowNanos, done - firstRowUsers);
        return line(date, done, totalUsers, rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4),
            Duration.ofNanos(now - startNanos), eta) + stepUnderWay(now);
      }
    }
  }

  /** ", under way: STEP for N s" from the graph's metrics, or "" when the runner gives none while it runs. */
  private String stepUnderWay(long now) {
    PipelineResult running = graph;
    if (running == null || order.isEmpty()) {
      return "";
    }
    Map<String, Long> reports = new HashMap<>();
    try {
      StageTimes.steps(running.metrics().queryMetrics(StageTimes.filter()))
          .forEach((name, step) -> reports.put(name, step.lastMillis()));
    } catch (UnsupportedOperationException e) {
      return "";
    }
    List<String> steps = underWay(order, reports, lastReports);
    lastReports = reports;
    if (!steps.equals(underWay)) {
      underWay = steps;
      underWaySince = now;
    }
    if (steps.isEmpty()) {
      return "";
    }
    String since = now > underWaySince ? " for " + seconds(Duration.ofNanos(now - underWaySince)) : "";
    return ", under way: " + String.join(", ", steps) + since;
  }

  /**
   * Pure: the graph's steps under way, given when each step last reported work ({@code reports}, epoch ms; absent when
   * it has not) now and at the previous line. The steps that reported since the previous line; when none did (a long
   * query, a long fit, or a step not timed), the first step in graph order that has not reported yet, up to the one
   * after the furthest that has.
   */
  static List<String> underWay(List<String> order, Map<String, Long> reports, Map<String, Long> before) {
    List<String> active = order.stream()
        .filter(step -> reports.getOrDefault(step, 0L) > before.getOrDefault(step, 0L))
        .toList();
    if (!active.isEmpty()) {
      return active;
    }
    int furthest = -1;
    for (int i = 0; i < order.size(); i++) {
      if (reports.getOrDefault(order.get(i), 0L) > 0) {
        furthest = i;
      }
    }
    for (int i = 0; i <= Math.min(furthest + 1, order.size() - 1); i++) {
      if (reports.getOrDefault(order.get(i), 0L) == 0) {
        return List.of(order.get(i));
      }
    }
    return furthest < 0 ? List.of() : List.of(order.get(Math.min(furthest + 1, order.size() - 1)));
  }

  /**
   * The time left at the rate rows arrived since the first ones (start-up excluded); null while there is no rate yet.
   */
  static Duration eta(long done, long total, long nanosSinceFirstRows, long rowsSinceFirstRows) {
    if (done >= total) {
      return Duration.ZERO;
    }
    if (nanosSinceFirstRows <= 0 || rowsSinceFirstRows <= 0) {
      return null;
    }
    return Duration.ofNanos((long) ((double) nanosSinceFirstRows / rowsSinceFirstRows * (total - done)));
  }

  static String line(LocalDate date, long done, long total, long calls, long tokens, BigDecimal costUsd,
      Duration elapsed, Duration eta) {
    long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
    return String.format("progress %s: %,d/%,d users written (%d%%), %,d LLM calls, %,d tokens, ~$%.4f, %s, ETA %s", date,
        done, total, percent, calls, tokens, costUsd, seconds(elapsed), eta == null ? "unknown" : seconds(eta));
  }

  private static String seconds(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }

  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
      conn.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.debug("closing the progress connection failed", e);
    }
  }
}
