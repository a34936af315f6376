package pmf.signals.devtools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the embedded PostgreSQL until killed (used by {@code make db-up}): prints its JDBC URL on one line,
 * then waits; a shutdown hook stops the server. Data stays in {@code --dataDir} between runs.
 */
@Command(name = "embedded-db", mixinStandardHelpOptions = true,
    description = "Starts a real PostgreSQL 17 (no install needed) and keeps it running until killed.")
public final class EmbeddedDbServer implements Callable<Integer> {
  @Option(names = "--dataDir", defaultValue = ".pmf/pgdata", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", defaultValue = "54329", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
    System.exit(new CommandLine(new EmbeddedDbServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    EmbeddedDb db = EmbeddedDb.start(dataDir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        db.close();
      } catch (Exception e) {
        System.err.println("embedded-db: stopping failed: " + e.getMessage());
      }
    }, "embedded-db-stop"));
    System.out.println(db.jdbcUrl());
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
