package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.Insights;

/**
 * The cache in front of a costly analyzer: for a batch of users, one query finds each one's latest
 * {@code analysis_cache} row with the same input hash and insights from the model, whose insights they get again
 * instead of a call.
 */
final class ReusableInsights {
  static final String LOOKUP =
      "SELECT DISTINCT ON (c.user_id) c.user_id, c.analysis_date::text, c.insights::text"
          + " FROM unnest(?::text[], ?::text[]) AS k(user_id, input_hash)"
          + " JOIN analysis_cache c ON c.user_id = k.user_id AND c.input_hash = k.input_hash"
          + " WHERE c.insights IS NOT NULL AND c.llm_status IN ('ok', 'cached')"
          + " ORDER BY c.user_id, c.analysis_date DESC";

  private ReusableInsights() {}

  private record Hit(Insights insights, String analysisDate) {}

  /** The same inputs, in order, each with the insights it may reuse when there are any. */
  static List<AnalysisInput> attach(DataSource dataSource, List<AnalysisInput> inputs) throws SQLException {
    String[] users = new String[inputs.size()];
    String[] hashes = new String[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      users[i] = inputs.get(i).userId();
      hashes[i] = inputs.get(i).inputHash();
    }
    Map<String, Hit> found = new HashMap<>();
    try (Connection conn = dataSource.getConnection();
        PreparedStatement query = conn.prepareStatement(LOOKUP)) {
      query.setArray(1, conn.createArrayOf("text", users));
      query.setArray(2, conn.createArrayOf("text", hashes));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          try {
            found.put(rs.getString(1), new Hit(Json.read(rs.getString(3), Insights.class), rs.getString(2)));
          } catch (JsonProcessingException unreadable) {
            // A stored row this version cannot read is not reusable: the user is analysed afresh.
          }
        }
      }
    }
    List<AnalysisInput> out = new ArrayList<>(inputs.size());
    for (AnalysisInput input : inputs) {
      Hit hit = found.get(input.userId());
      out.add(hit == null ? input
          : new AnalysisInput(input.measured(), input.route(), input.fingerprint(), input.inputHash(),
              hit.insights(), hit.analysisDate()));
    }
    return out;
  }
}
