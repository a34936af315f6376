package pmf.signals.pipeline;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The {@code analysis_runs} ledger: one row per run, opened as 'running' and closed as 'succeeded' or 'failed'. */
final class RunLedger {
  private RunLedger() {}

  /** Opens a run and returns the database's clock at that moment, which later tells this run's rows from older ones. */
  static Instant open(
      Connection conn, UUID runId, LocalDate date, String runner, String analyzer, String optionsJson)
      throws SQLException {
    // A run of this date still "running" never closed (its process was killed): say so instead of leaving it open.
    try (PreparedStatement abandon =
        conn.prepareStatement(
            "UPDATE analysis_runs SET status = 'failed', finished_at = clock_timestamp(),"
                + " error = 'abandoned: it never finished (process killed?); the date was run again by ' || ?"
                + " WHERE analysis_date = ? AND status = 'running'")) {
      abandon.setString(1, runId.toString());
      abandon.setDate(2, Date.valueOf(date));
      abandon.executeUpdate();
    }
    try (PreparedStatement insert =
        conn.prepareStatement(
            "INSERT INTO analysis_runs (run_id, analysis_date, started_at, status, runner, analyzer, options)"
                + " VALUES (?, ?, clock_timestamp(), 'running', ?, ?, ?::jsonb) RETURNING started_at")) {
      insert.setObject(1, runId);
      insert.setDate(2, Date.valueOf(date));
      insert.setString(3, runner);
      insert.setString(4, analyzer);
      insert.setString(5, optionsJson);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        return rs.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
  }

  /**
   * Closes a run that completed, as {@code succeeded} or {@code degraded} (outputs written, too many LLM failures),
   * with its summary; the LLM spend columns are copied from the summary's "llm" block.
   */
  static void succeed(Connection conn, UUID runId, boolean degraded, String tier, String countsJson)
      throws SQLException {
    try (PreparedStatement update =
        conn.prepareStatement(
            "UPDATE analysis_runs SET status = '" + (degraded ? "degraded" : "succeeded")
                + "', finished_at = clock_timestamp(), tier = ?,"
                + " counts = c.counts, llm_calls = (c.counts #>> '{llm,calls}')::integer,"
                + " tokens_in = (c.counts #>> '{llm,tokens_in}')::bigint,"
                + " tokens_out = (c.counts #>> '{llm,tokens_out}')::bigint,"
                + " cost_usd = (c.counts #>> '{llm,cost_usd}')::numeric"
                + " FROM (SELECT ?::jsonb AS counts) c WHERE run_id = ?")) {
      update.setString(1, tier);
      update.setString(2, countsJson);
      update.setObject(3, runId);
      update.executeUpdate();
    }
  }

  static void fail(Connection conn, UUID runId, String error) throws SQLException {
    try (PreparedStatement update =
        conn.prepareStatement(
            "UPDATE analysis_runs SET status = 'failed', finished_at = clock_timestamp(), error = ?"
                + " WHERE run_id = ?")) {
      update.setString(1, error);
      update.setObject(2, runId);
      update.executeUpdate();
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
