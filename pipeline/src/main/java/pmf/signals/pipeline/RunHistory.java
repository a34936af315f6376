package pmf.signals.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import pmf.signals.transforms.summary.ReturnModel;

/**
 * What a run reads of the dates before its own, once, before the graph is built, so the whole run sees one answer:
 * the return model trained on them and the latest earlier segments.
 */
record RunHistory(ReturnModel returnModel, SegmentHistory segments) {
  static RunHistory before(Connection conn, LocalDate date) throws SQLException {
    return new RunHistory(ReturnHistory.train(conn, date), SegmentHistory.before(conn, date));
  }
}
