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
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.junit.rules.ExternalResource;
import pmf.signals.devtools.ScratchDatabases;

/**
 * A test rule: before each test, a scratch database with pmf-signals' own tables, made by running the migrations in
 * order as Flyway would; the tests write to it through {@link #source()} and read it back with {@link #rows}.
 */
public final class AnalysisTables extends ExternalResource {
  private static final String[] MIGRATIONS = {"V1__analysis_tables.sql", "V2__llm_cost_columns.sql",
      "V3__segments_and_sampling.sql", "V4__segment_persona_cost.sql", "V5__daily_summary.sql"};

  private String url;

  @Override
  protected void before() throws IOException {
    url = ScratchDatabases.create();
    create(url);
  }

  public String url() {
    return url;
  }

  /** Where a transform under test writes. */
  public JdbcIO.DataSourceConfiguration source() {
    return JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);
  }

  /** Each row of {@code query}, its columns joined by '|' (SQL NULL as "null"). */
  public List<String> rows(String query) throws SQLException {
    return rows(url, query);
  }

  private static void create(String url) throws IOException {
    for (String file : MIGRATIONS) {
      try (InputStream in = AnalysisTables.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
        if (in == null) {
          throw new IOException("migration " + file + " is not on the test classpath");
        }
        ScratchDatabases.exec(url, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  private static List<String> rows(String url, String query) throws SQLException {
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
