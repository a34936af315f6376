package pmf.signals.devtools;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make demo}: a real PostgreSQL (embedded), a generated cohort with planted truth, and the shipped pipeline jar
 * run on it for the cohort's last day exactly as a user would run it. The database goes away at the end, so the
 * day's {@code analysis_cache} rows are exported next to {@code summary.json}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the daily pipeline on an embedded PostgreSQL loaded with a generated cohort.")
public final class Demo implements Callable<Integer> {
  @Option(names = "--jar", defaultValue = "pipeline/target/pmf-signals.jar", description = "The pipeline jar.")
  Path jar;

  @Option(names = "--users", defaultValue = "100", description = "Users in the generated cohort.")
  int users;

  @Option(names = "--days", defaultValue = "30", description = "Days of generated activity.")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed.")
  long seed;

  @Option(names = "--endDate", defaultValue = "2026-11-23", description = "Last generated day: the analysis date.")
  LocalDate endDate;

  @Option(names = "--outputDir", defaultValue = "out", description = "Where outputs go.")
  Path outputDir;

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
    System.exit(new CommandLine(new Demo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(jar)) {
      System.err.println("error: " + jar + " is missing; run `mvn -q install -DskipTests` (make demo does)");
      return 2;
    }
    Path truth = outputDir.resolve("truth").resolve("cohort-" + seed + ".json");
    try (EmbeddedDb db = EmbeddedDb.start(null)) {
      System.out.println("== embedded PostgreSQL at " + db.jdbcUrl());
      try (Connection conn = db.connect()) {
        LoadStats stats = CohortGenerator.load(new CohortSpec(users, days, seed, endDate, true), conn, truth);
        System.out.println("== generated cohort: " + stats.summary());
      }
      System.out.println("== java -jar " + jar + " --date=" + endDate);
      List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "--jdbcUrl=" + db.jdbcUrl(),
          "--date=" + endDate, "--outputDir=" + outputDir));
      int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (exit != 0) {
        System.err.println("error: the pipeline exited with " + exit);
        return exit;
      }
      Path rows = exportRows(db, outputDir.resolve(endDate.toString()).resolve("analysis_cache.jsonl"));
      System.out.println();
      System.out.println("== outputs");
      System.out.println("  run summary      " + outputDir.resolve(endDate.toString()).resolve("summary.json"));
      System.out.println("  analysis rows    " + rows);
      System.out.println("  planted truth    " + truth);
    }
    return 0;
  }

  /** One JSON object per analysis_cache row of the date, so the demo's results outlive its database. */
  private Path exportRows(EmbeddedDb db, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection conn = db.connect();
        PreparedStatement query = conn.prepareStatement(
            "SELECT row_to_json(c)::text FROM analysis_cache c WHERE analysis_date = ? ORDER BY user_id");
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      query.setObject(1, endDate);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          out.write(rs.getString(1));
          out.newLine();
        }
      }
    }
    return file;
  }
}
