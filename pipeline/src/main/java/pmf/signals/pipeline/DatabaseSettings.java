package pmf.signals.pipeline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/** Where the product's PostgreSQL is and how to log in; the password never appears in anything printed. */
public record DatabaseSettings(String url, String user, String password) {

  public static DatabaseSettings from(PmfOptions options) {
    if (options.getJdbcUrl() == null || options.getJdbcUrl().isBlank()) {
      throw new IllegalArgumentException("--jdbcUrl is required, e.g. --jdbcUrl=jdbc:postgresql://localhost:5432/app");
    }
    if (!options.getJdbcUrl().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB)");
    }
    String password = options.getJdbcPassword();
    if (password == null) {
      password = System.getenv("PMF_JDBC_PASSWORD");
    }
    if (password == null) {
      password = System.getenv("PGPASSWORD");
    }
    return new DatabaseSettings(options.getJdbcUrl(), options.getJdbcUser(), password);
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "pmf-signals");
    return DriverManager.getConnection(url, props);
  }

  public JdbcIO.DataSourceConfiguration dataSource() {
    JdbcIO.DataSourceConfiguration config =
        JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url)
            .withConnectionProperties("ApplicationName=pmf-signals")
            // Timestamps in the JSON payloads, and so the source hashes, must not depend on the worker's zone.
            .withConnectionInitSqls(List.of("SET TIME ZONE 'UTC'"));
    if (user != null) {
      config = config.withUsername(user);
    }
    if (password != null) {
      config = config.withPassword(password);
    }
    return config;
  }

  /** The URL without its query string, which may carry a password. */
  public String redactedUrl() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + redactedUrl() + ", user=" + user + "]";
  }
}
