package pmf.signals.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill: {@code --from=D1 --to=D2} runs the daily run for each date of the range, oldest first, each exactly as
 * {@code --date=D} would. {@code analysis_runs} is the ledger: a date that already has a succeeded run of the same
 * analyzer is skipped unless {@code --force}. A date that fails does not stop the others; the failed dates are listed at
 * the end and the exit code is 1.
 *
 * <pre>
 * java -jar pmf-signals.jar --jdbcUrl=... --from=2026-11-01 --to=2026-11-23 [--force]
 * </pre>
 */
final class Backfill {
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
  private static final List<String> RANGE_OPTIONS = List.of("from", "to", "force", "date");

  private Backfill() {}

  static boolean requested(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.startsWith("--from=") || a.startsWith("--to="));
  }

  /** What happened to one date. */
  record Outcome(LocalDate date, String status, String detail) {
    boolean failed() {
      return status.equals("FAILED");
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    List<LocalDate> dates;
    List<String> base = new ArrayList<>();
    for (String arg : args) {
      if (RANGE_OPTIONS.stream().noneMatch(o -> arg.equals("--" + o) || arg.startsWith("--" + o + "="))) {
        base.add(arg);
      }
    }
    boolean force;
    String analyzer;
    DatabaseSettings db;
    Path outputDir;
    try {
      PipelineOptionsFactory.register(PmfOptions.class);
      PmfOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(PmfOptions.class);
      dates = dates(options);
      force = options.getForce();
      // Every other option is checked once, before any date runs, as the first date's run would check it.
      RunConfig config = RunConfig.parse(withDate(base, dates.get(0)), env);
      analyzer = config.analyzer().model();
      db = config.db();
      outputDir = Path.of(config.options().getOutputDir());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return DailyAnalysisPipeline.USAGE;
    }

    List<Outcome> outcomes = new ArrayList<>();
    try (Connection conn = db.connect()) {
      out.printf("backfill %s .. %s: %d dates, analyzer %s%s%n", dates.get(0), dates.get(dates.size() - 1),
          dates.size(), analyzer, force ? ", --force: completed dates run again" : "");
      for (int i = 0; i < dates.size(); i++) {
        LocalDate date = dates.get(i);
        Outcome outcome = force ? null : completed(conn, date, analyzer);
        if (outcome == null) {
          outcome = runDate(conn, base, date, env);
          if (outcome.failed()) {
            err.println("error: " + date + " failed: " + outcome.detail());
          }
        }
        outcomes.add(outcome);
        out.printf("  [%d/%d] %s  %-9s %s%n", i + 1, dates.size(), date, outcome.status(), outcome.detail());
        out.flush();
      }
      IndexPage.writeAndPrint(conn, outputDir, out, err);
    } catch (SQLException e) {
      err.println("error: cannot use PostgreSQL at " + db.redactedUrl() + ": " + e.getMessage());
      return DailyAnalysisPipeline.USAGE;
    }
    out.print(report(outcomes));
    return outcomes.stream().anyMatch(Outcome::failed) ? DailyAnalysisPipeline.RUN_FAILED : DailyAnalysisPipeline.OK;
  }

  /** The range, checked: both ends real dates, in order, --date not mixed in. */
  static List<LocalDate> dates(PmfOptions options) {
    if (options.getDate() != null) {
      throw new IllegalArgumentException("--date runs one date; --from/--to run a range: give one or the other");
    }
    if (options.getFrom() == null) {
      throw new IllegalArgumentException("--to needs --from (the first date of the range)");
    }
    LocalDate from = RunConfig.date("--from", options.getFrom());
    LocalDate to;
    if (options.getTo() == null) {
      to = LocalDate.now(RunConfig.zone(options.getTimeZone())).minusDays(1);
    } else {
      to = RunConfig.date("--to", options.getTo());
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--from (" + from + ") is after --to (" + to + ")");
    }
    return from.datesUntil(to.plusDays(1)).toList();
  }

  private static String[] withDate(List<String> base, LocalDate date) {
    List<String> args = new ArrayList<>(base);
    args.add("--date=" + date);
    return args.toArray(String[]::new);
  }

  /** The date's latest succeeded run of this analyzer, as a skipped outcome; null when there is none. */
  static Outcome completed(Connection conn, LocalDate date, String analyzer) throws SQLException {
    try (PreparedStatement query = conn.prepareStatement(
        "SELECT run_id, to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM analysis_runs"
            + " WHERE analysis_date = ? AND analyzer = ?"
            + " AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1")) {
      query.setDate(1, Date.valueOf(date));
      query.setString(2, analyzer);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next()
            ? new Outcome(date, "skipped", "completed by run " + rs.getString(1).substring(0, 8) + " at "
                + rs.getString(2) + " UTC (--force runs it again)")
            : null;
      } catch (SQLException e) {
        if ("42P01".equals(e.getSQLState())) {
          return null; // no ledger yet: the first run's migrations create it
        }
        throw e;
      }
    }
  }

  private static Outcome runDate(Connection conn, List<String> base, LocalDate date, Map<String, String> env)
      throws SQLException {
    LOG.info("backfill: running {}", date);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(table, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
      code = DailyAnalysisPipeline.runOneDate(withDate(base, date), o, e, env);
    } catch (RuntimeException e) {
      return new Outcome(date, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (code != DailyAnalysisPipeline.OK) {
      String reason = errors.toString(StandardCharsets.UTF_8).strip().replaceFirst("^error: ", "");
      return new Outcome(date, "FAILED", reason.isEmpty() ? "exit code " + code : reason);
    }
    return new Outcome(date, "succeeded", ledgerLine(conn, date));
  }

  /** The date's latest run as the ledger recorded it: users, rows, LLM calls and spend, wall time. */
  private static String ledgerLine(Connection conn, LocalDate date) throws SQLException {
    try (PreparedStatement query = conn.prepareStatement(
        "SELECT counts->>'users_active', counts->>'rows_written', llm_calls, cost_usd, counts->>'wall_seconds'"
            + " FROM analysis_runs WHERE analysis_date = ? AND status = 'succeeded'"
            + " ORDER BY finished_at DESC LIMIT 1")) {
      query.setDate(1, Date.valueOf(date));
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return "";
        }
        return String.format("%s users active, %s rows, %d LLM calls, ~$%s, %s s", rs.getString(1), rs.getString(2),
            rs.getInt(3), rs.getBigDecimal(4).stripTrailingZeros().toPlainString(), rs.getString(5));
      }
    }
  }

  static String report(List<Outcome> outcomes) {
    long ran = outcomes.stream().filter(o -> o.status().equals("succeeded")).count();
    long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
    List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
    StringBuilder out = new StringBuilder();
    out.append(String.format("backfill done: %d dates, %d run, %d skipped (already completed), %d failed%n",
        outcomes.size(), ran, skipped, failed.size()));
    for (Outcome o : failed) {
      out.append(String.format("  FAILED %s  %s%n", o.date(), o.detail()));
    }
    if (!failed.isEmpty()) {
      out.append("  re-run the same command to retry only the failed dates\n");
    }
    return out.toString();
  }
}
