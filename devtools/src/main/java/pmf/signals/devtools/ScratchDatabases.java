package pmf.signals.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, empty databases for tests, all on one embedded PostgreSQL per JVM (started on first use, stopped at exit),
 * so every test class gets isolation without paying a server start each.
 */
public final class ScratchDatabases {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedDb server;

  private ScratchDatabases() {}

  /** A JDBC URL (user included) of a new empty database. */
  public static String create() {
    String name = "scratch_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try {
      return server().createDatabase(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create scratch database " + name, e);
    }
  }

  /**
   * A new database holding a copy of the scratch database at {@code url} (PostgreSQL's template copy: far faster than
   * loading a cohort again). Nothing may be connected to the original while it is copied.
   */
  public static String copyOf(String url) {
    String template = url.replaceFirst("^.*/([a-z0-9_]+)\\?.*$", "$1");
    String name = "scratch_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try {
      return server().createDatabase(name, template);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy scratch database " + template + " to " + name, e);
    }
  }

  /** A new database with the product's source tables (and their indexes) already created. */
  public static String createWithSourceSchema() {
    String url = create();
    try (Connection conn = DriverManager.getConnection(url)) {
      EmbeddedDb.createSourceSchema(conn);
      EmbeddedDb.createIndexes(conn);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the source schema", e);
    }
    return url;
  }

  /** Runs statements, in order, against a database: how tests arrange the rows they read. */
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

  /** The shared embedded server, started on first use. */
  static synchronized EmbeddedDb server() {
    if (server == null) {
      try {
        server = EmbeddedDb.start(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedDb started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is exiting; the temporary data directory goes with it
        }
      }));
    }
    return server;
  }
}
