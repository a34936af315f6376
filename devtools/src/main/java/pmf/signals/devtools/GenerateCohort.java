package pmf.signals.devtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads a synthetic beta cohort with planted ground truth into a PostgreSQL database.
 *
 * <pre>
 * java -cp devtools.jar pmf.signals.devtools.GenerateCohort --users=1000 --seed=7 \
 *     --jdbcUrl=jdbc:postgresql://localhost:54329/postgres?user=postgres --replace
 * </pre>
 */
@Command(name = "generate-cohort", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generates a synthetic beta cohort (users, conversations, messages, jobs, actions) with planted"
        + " ground truth, and loads it into the source tables with COPY.")
public final class GenerateCohort implements Callable<Integer> {
  static final int EXIT_CONNECT = 2;
  static final int EXIT_REFUSED = 3;
  static final int EXIT_FAILED = 1;

  @Option(names = "--users", defaultValue = "100", description = "Users in the cohort (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "30", description = "Days in the activity window (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Seed; the same arguments make the same rows.")
  long seed;

  @Option(names = "--endDate", defaultValue = "2026-11-23", description = "Last day of the window, UTC (YYYY-MM-DD).")
  LocalDate endDate;

  @Option(names = "--jdbcUrl", defaultValue = "jdbc:postgresql://localhost:54329/postgres?user=postgres",
      description = "Target database (default: the one `make db-up` starts).")
  String jdbcUrl;

  @Option(names = "--jdbcUser", description = "Database user, if not in the URL.")
  String jdbcUser;

  @Option(names = "--jdbcPassword", description = "Database password, if not in the URL.")
  String jdbcPassword;

  @Option(names = "--truth", description = "Truth JSON file (default: out/truth/cohort-SEED.json).")
  Path truth;

  @Option(names = "--replace", description = "Truncate the source tables first (otherwise non-empty tables are refused).")
  boolean replace;

  @Option(names = "--messy", arity = "1", defaultValue = "true",
      description = "Plant bad input: null/empty/huge contents, orphans, future timestamps... (default: ${DEFAULT-VALUE}).")
  boolean messy;

  @Option(names = "--distinctPersonas", description = "Each user does only their persona's main use case, so personas"
      + " differ in behaviour and segments can recover them (default: personas share use cases).")
  boolean distinctPersonas;

  @Option(names = "--novelFriction", description = "Plant a product area no analyzer rule knows (printable 3D models)"
      + " with its own friction, and routine follow-ups (\"make another one\") after results that worked.")
  boolean novelFriction;

  private PrintWriter out;
  private PrintWriter err;

  public static void main(String[] args) {
    // The embedded database's server log is noise here; warnings still show.
    System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command and returns its exit code: 0 ok, 1 failed, 2 cannot connect, 3 tables not empty. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    GenerateCohort command = new GenerateCohort();
    command.out = out;
    command.err = err;
    return new CommandLine(command).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() {
    CohortSpec spec;
    try {
      spec = new CohortSpec(users, days, seed, endDate, messy, distinctPersonas, novelFriction);
    } catch (IllegalArgumentException e) {
      err.println("generate-cohort: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Path truthFile = truth != null ? truth : Path.of("out", "truth", "cohort-" + seed + ".json");
    Connection conn;
    try {
      conn = connect();
    } catch (SQLException e) {
      err.println("generate-cohort: cannot connect to " + withoutQuery(jdbcUrl) + ": " + firstLine(e.getMessage()));
      return EXIT_CONNECT;
    }
    try (conn) {
      LoadStats stats = CohortGenerator.load(spec, conn, truthFile, replace);
      out.println("loaded " + stats.summary() + " (seed " + seed + ", " + spec.startDate() + ".." + endDate
          + ", truth " + truthFile + ")");
      return CommandLine.ExitCode.OK;
    } catch (CohortLoadException e) {
      err.println("generate-cohort: " + e.getMessage());
      return EXIT_REFUSED;
    } catch (Exception e) {
      err.println("generate-cohort: load failed: " + firstLine(String.valueOf(e.getMessage())));
      return EXIT_FAILED;
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    if (jdbcUser != null) {
      props.setProperty("user", jdbcUser);
    }
    if (jdbcPassword != null) {
      props.setProperty("password", jdbcPassword);
    }
    // Fail fast on an unreachable host instead of pgjdbc's default wait.
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /** The URL without its query string, which may carry a password. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
