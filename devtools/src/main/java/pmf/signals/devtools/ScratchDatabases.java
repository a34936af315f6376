package pmf.signals.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
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

  /** A JDBC URL (user and password included) of a new empty database. */
  public static synchronized String create() {
    String name = "scratch_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection conn = server().connect();
        Statement st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create scratch database " + name, e);
    }
    return "jdbc:postgresql://localhost:" + server.port() + "/" + name + "?user=postgres&password=postgres";
  }

  /** A new database with the product's source tables (and their indexes) already created. */
  public static String createWithSourceSchema() {
    String url = create();
    try (Connection conn = java.sql.DriverManager.getConnection(url)) {
      EmbeddedDb.createSourceSchema(conn);
      EmbeddedDb.createIndexes(conn);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the source schema", e);
    }
    return url;
  }

  private static EmbeddedDb server() {
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
