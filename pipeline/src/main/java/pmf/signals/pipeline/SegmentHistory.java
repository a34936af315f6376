package pmf.signals.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.segment.PreviousSegment;

/**
 * The segments of the latest date before the one being run, whose IDs today's segments inherit, and the lowest ID never
 * used before it. Read by the launcher, before the graph is built, so the answer is fixed for the whole run.
 */
record SegmentHistory(LocalDate from, List<PreviousSegment> previous, int nextId) {
  static final String LATEST =
      "SELECT analysis_date, segment_id, centroid::text, users FROM analysis_segments WHERE analysis_date ="
          + " (SELECT max(analysis_date) FROM analysis_segments WHERE analysis_date < ?) ORDER BY segment_id";
  static final String NEXT_ID =
      "SELECT coalesce(max(segment_id), 0) + 1 FROM analysis_segments WHERE analysis_date < ?";

  static SegmentHistory before(Connection conn, LocalDate date) throws SQLException {
    List<PreviousSegment> previous = new ArrayList<>();
    LocalDate from = null;
    try (PreparedStatement q = conn.prepareStatement(LATEST)) {
      q.setDate(1, Date.valueOf(date));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          from = rs.getDate(1).toLocalDate();
          previous.add(new PreviousSegment(rs.getInt(2), centroid(rs.getString(3)), rs.getLong(4)));
        }
      }
    }
    try (PreparedStatement q = conn.prepareStatement(NEXT_ID)) {
      q.setDate(1, Date.valueOf(date));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return new SegmentHistory(from, List.copyOf(previous), rs.getInt(1));
      }
    }
  }

  private static Map<String, Double> centroid(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<Map<String, Double>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("analysis_segments.centroid is not a JSON object of numbers", e);
    }
  }
}
