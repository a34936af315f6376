package pmf.signals.transforms;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes source rows into a scratch database with plain SQL, so each test shows exactly the data it reads. */
public final class SourceRows {
  private SourceRows() {}

  public static void exec(String url, String... statements) {
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
