package pmf.signals.pipeline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL for inspecting test databases (arranging them is {@code ScratchDatabases.exec}). */
final class Sql {
  private Sql() {}

  /** Every row as "col1|col2|...", in the query's order. */
  static List<String> rows(String url, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  static String one(String url, String query) throws SQLException {
    List<String> rows = rows(url, query);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + query + " but got " + rows);
    }
    return rows.get(0);
  }
}
