package pmf.signals.pipeline;

import java.sql.SQLException;
import java.util.List;

/** What a run wrote for a date, every column a runner could get wrong; only run times legitimately differ. */
final class AnalysisRows {
  private static final String CACHE =
      "SELECT user_id, analysis_date, insights::text, metrics::text, tier, tier_reason, input_hash, prompt_version,"
          + " model, llm_status, status_reason, llm_calls, tokens_in, tokens_out, cost_usd FROM analysis_cache"
          + " WHERE analysis_date = '%s' ORDER BY user_id";
  private static final String FAILURES =
      "SELECT user_id, stage, reason FROM analysis_failures WHERE analysis_date = '%s' ORDER BY user_id, stage";

  private AnalysisRows() {}

  static List<String> cache(String url, String date) throws SQLException {
    return Sql.rows(url, String.format(CACHE, date));
  }

  static List<String> failures(String url, String date) throws SQLException {
    return Sql.rows(url, String.format(FAILURES, date));
  }

  /** Forgets the date's output so the next run has to write every row itself (and cannot reuse any). */
  static void clear(String url) {
    pmf.signals.devtools.ScratchDatabases.exec(url, "DELETE FROM analysis_cache", "DELETE FROM analysis_failures");
  }

  /** Rows of analysis_cache committed so far, as another session sees them. */
  static long committed(String url) {
    try {
      return Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pipeline's writers blocked on a row lock a test holds: the run is stopped mid-write. */
  static long writersWaitingOnALock(String url) {
    try {
      return Long.parseLong(Sql.one(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pmf-signals'"
          + " AND datname = current_database() AND wait_event_type = 'Lock'"
          + " AND query LIKE 'INSERT INTO analysis_cache%'"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
