package pmf.signals.transforms.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.devtools.ScratchDatabases;

/**
 * Creates pmf-signals' own tables in a scratch database by running the migrations in order, as Flyway would, and reads
 * them back for assertions.
 */
public final class AnalysisTables {
  private static final String[] MIGRATIONS = {"V1__analysis_tables.sql", "V2__llm_cost_columns.sql",
      "V3__segments_and_sampling.sql", "V4__segment_persona_cost.sql", "V5__daily_summary.sql"};

  private AnalysisTables() {}

  public static void create(String url) throws IOException {
    for (String file : MIGRATIONS) {
      try (InputStream in = AnalysisTables.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
        if (in == null) {
          throw new IOException("migration " + file + " is not on the test classpath");
        }
        ScratchDatabases.exec(url, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Each row of {@code query}, its columns joined by '|' (SQL NULL as "null"). */
  public static List<String> rows(String url, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}
