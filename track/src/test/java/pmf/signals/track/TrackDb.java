package pmf.signals.track;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.devtools.ScratchDatabases;

/** Test databases on the shared embedded PostgreSQL, and the repository's own files the tests hold to. */
final class TrackDb {
  private TrackDb() {}

  /** A file of this repository (surefire runs in the module's directory). */
  static Path repoFile(String path) {
    return Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(path).normalize();
  }

  static String read(String path) {
    try {
      return Files.readString(repoFile(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty database with db/source/user_actions.sql applied to it. */
  static String withUserActions() {
    String url = ScratchDatabases.create();
    ScratchDatabases.exec(url, read("db/source/user_actions.sql"));
    return url;
  }

  /** Every row as "col1|col2|...". */
  static List<String> rows(String url, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
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

  static long count(String url, String query) throws SQLException {
    return Long.parseLong(rows(url, query).get(0));
  }
}
