package pmf.signals.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One embedded PostgreSQL for the whole test run; each fixture gets its own database on it. */
final class TestPostgres {
  private static Path truthDir;
  private static Loaded standard;

  private TestPostgres() {}

  static synchronized EmbeddedDb server() {
    if (truthDir == null) {
      try {
        // Under target/, so `mvn clean` removes what the tests wrote.
        truthDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-truth")), "run-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ScratchDatabases.server();
  }

  static Path truthDir() {
    server();
    return truthDir;
  }

  static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** A cohort loaded into its own database, with its stats and truth. */
  record Loaded(String url, CohortSpec spec, LoadStats stats, Path truthFile, JsonNode truth) {}

  static Loaded load(String database, CohortSpec spec) throws Exception {
    String url = server().createDatabase(database);
    Path truthFile = truthDir().resolve(database + ".json");
    try (Connection c = connect(url)) {
      LoadStats stats = CohortGenerator.load(spec, c, truthFile);
      return new Loaded(url, spec, stats, truthFile, new ObjectMapper().readTree(truthFile.toFile()));
    }
  }

  /** The 200-user, 30-day, messy cohort (seed 7) that most tests read. */
  static synchronized Loaded standard() throws Exception {
    if (standard == null) {
      standard = load("cohort_standard", CohortSpec.of(200, 7));
    }
    return standard;
  }
}
