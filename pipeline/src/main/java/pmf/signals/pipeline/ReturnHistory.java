package pmf.signals.pipeline;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.summary.ReturnModel;

/**
 * The return model's examples from earlier runs: each user's row on a past date, labelled by whether they have a row
 * (were active) on any of the 7 following dates. Only dates whose 7 following dates were all run are labelled, so a
 * gap in the history never reads as "did not return". At most {@link #MAX_EXAMPLES}, a stable subset of users.
 */
public final class ReturnHistory {
  static final int LOOKBACK_DAYS = 60;
  static final int MAX_EXAMPLES = 40_000;

  private static final String LABELLED_DATES =
      "SELECT d FROM (SELECT DISTINCT analysis_date AS d FROM analysis_cache WHERE analysis_date BETWEEN ? AND ?) ds"
          + " WHERE (SELECT count(DISTINCT analysis_date) FROM analysis_cache"
          + " WHERE analysis_date > ds.d AND analysis_date <= ds.d + 7) = 7";
  private static final String EXAMPLES =
      "SELECT c.analysis_date, c.metrics::text, EXISTS (SELECT 1 FROM analysis_cache n WHERE n.user_id = c.user_id"
          + " AND n.analysis_date > c.analysis_date AND n.analysis_date <= c.analysis_date + 7)"
          + " FROM analysis_cache c WHERE c.analysis_date = ANY (?) AND c.metrics IS NOT NULL"
          + " AND abs(hashtext(c.user_id)) % ? = 0 ORDER BY c.analysis_date, c.user_id";

  private ReturnHistory() {}

  /** Trains on the history before {@code date} (its own rows are not written yet, and never used). */
  public static ReturnModel train(Connection conn, LocalDate date) throws SQLException {
    List<java.sql.Date> dates = new ArrayList<>();
    try (PreparedStatement q = conn.prepareStatement(LABELLED_DATES)) {
      q.setDate(1, Date.valueOf(date.minusDays(LOOKBACK_DAYS)));
      q.setDate(2, Date.valueOf(date.minusDays(8)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          dates.add(rs.getDate(1));
        }
      }
    }
    long rows = 0;
    try (PreparedStatement q = conn.prepareStatement(
        "SELECT count(*) FROM analysis_cache WHERE analysis_date = ANY (?)")) {
      q.setArray(1, conn.createArrayOf("date", dates.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        rows = rs.getLong(1);
      }
    }
    long modulus = Math.max(1, (rows + MAX_EXAMPLES - 1) / MAX_EXAMPLES);
    List<ReturnModel.Example> examples = new ArrayList<>();
    try (PreparedStatement q = conn.prepareStatement(EXAMPLES)) {
      q.setArray(1, conn.createArrayOf("date", dates.toArray()));
      q.setLong(2, modulus);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          examples.add(new ReturnModel.Example(rs.getDate(1).toLocalDate(), metrics(rs.getString(2)), rs.getBoolean(3)));
        }
      }
    }
    return ReturnModel.train(examples);
  }

  private static UserMetrics metrics(String json) throws SQLException {
    try {
      return Json.MAPPER.readValue(json, UserMetrics.class);
    } catch (IOException e) {
      throw new SQLException("analysis_cache.metrics is not a metrics object", e);
    }
  }
}
