package pmf.signals.pipeline;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's own database access: a small pool of connections, each step on a short one, and a step whose
 * connection was lost (a failover, an idle timeout, a terminated backend) run again on a new one. Steps are idempotent
 * (reads, upserts, the ledger's updates), so running one again is safe. The graph has its own connections (JdbcIO).
 */
final class LauncherDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LauncherDb.class);
  static final int ATTEMPTS = 3;

  /** One launcher step on one connection. */
  interface Step<T> {
    T run(Connection conn) throws SQLException, IOException;
  }

  private final BasicDataSource pool;

  private LauncherDb(BasicDataSource pool) {
    this.pool = pool;
  }

  static LauncherDb open(DatabaseSettings settings) {
    BasicDataSource pool = new BasicDataSource();
    pool.setDriverClassName("org.postgresql.Driver");
    pool.setUrl(settings.url());
    if (settings.user() != null) {
      pool.setUsername(settings.user());
    }
    if (settings.password() != null) {
      pool.setPassword(settings.password());
    }
    pool.setMaxTotal(4);
    pool.setMaxIdle(2);
    // A pooled connection the server closed since is found out before use, not by the step.
    pool.setTestOnBorrow(true);
    pool.setValidationQuery("SELECT 1");
    return new LauncherDb(pool);
  }

  /** Runs {@code step} on a connection from the pool, again on a new one (up to {@value #ATTEMPTS}) when it was lost. */
  <T> T step(String what, Step<T> step) throws SQLException, IOException {
    for (int attempt = 1; ; attempt++) {
      try (Connection conn = pool.getConnection()) {
        return step.run(conn);
      } catch (SQLException e) {
        if (!lost(e) || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn("{}: the database connection was lost ({}); trying again on a new one", what, e.getSQLState());
      }
    }
  }

  /** Whether the failure is the connection's, not the statement's: SQLSTATE class 08, or the server shutting it. */
  static boolean lost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      pool.close();
    } catch (SQLException e) {
      LOG.warn("closing the launcher's connection pool failed", e);
    }
  }
}
