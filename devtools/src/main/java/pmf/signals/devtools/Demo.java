package pmf.signals.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make demo}: a real PostgreSQL (embedded), a generated cohort with planted truth, and the shipped pipeline jar
 * backfilling the cohort's last {@code --backfillDays} dates exactly as a user would run it. One date alone shows
 * little: the return model trains on earlier runs (14 labelled dates, each with its 7 following dates run), and
 * trends need a series. The database goes away at the end, so each date's {@code analysis_cache} rows are exported
 * next to its {@code summary.json}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Backfills the daily pipeline on an embedded PostgreSQL loaded with a generated cohort.")
public final class Demo implements Callable<Integer> {
  @Option(names = "--jar", defaultValue = "pipeline/target/pmf-signals.jar", description = "The pipeline jar.")
  Path jar;

  @Option(names = "--users", defaultValue = "1000", description = "Users in the generated cohort.")
  int users;

  @Option(names = "--days", defaultValue = "60", description = "Days of generated activity.")
  int days;

  @Option(names = "--backfillDays", defaultValue = "30",
      description = "Dates run, ending with --endDate (the return model needs at least 22 for the last date).")
  int backfillDays;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed.")
  long seed;

  @Option(names = "--endDate", defaultValue = "2026-11-23", description = "Last generated day: the last date run.")
  LocalDate endDate;

  @Option(names = "--outputDir", defaultValue = "out", description = "Where outputs go.")
  Path outputDir;

  @Option(names = "--jvmFlags", defaultValue = "", description = "JVM flags for the pipeline's java -jar.")
  String jvmFlags;

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
    if (backfillDays < 1 || backfillDays > days) {
      System.err.println("error: --backfillDays must be between 1 and --days (" + days + "), got " + backfillDays);
      return 2;
    }
    LocalDate from = endDate.minusDays(backfillDays - 1L);
    Path truth = outputDir.resolve("truth").resolve("cohort-" + seed + ".json");
    try (EmbeddedDb db = EmbeddedDb.start(null)) {
      System.out.println("== embedded PostgreSQL at " + db.jdbcUrl());
      try (Connection conn = db.connect()) {
        LoadStats stats = CohortGenerator.load(new CohortSpec(users, days, seed, endDate, true), conn, truth);
        System.out.println("== generated data (not a real product's): " + stats.summary());
      }
      List<String> command = new ArrayList<>(List.of("java"));
      command.addAll(Arrays.stream(jvmFlags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList());
      command.addAll(List.of("-jar", jar.toString(), "--jdbcUrl=" + db.jdbcUrl(), "--from=" + from,
          "--to=" + endDate, "--outputDir=" + outputDir));
      System.out.println("== " + String.join(" ", command).replace(db.jdbcUrl(), "JDBC_URL"));
      int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (exit != 0) {
        System.err.println("error: the pipeline exited with " + exit);
        return exit;
      }
      for (LocalDate date = from; !date.isAfter(endDate); date = date.plusDays(1)) {
        export(db, date, outputDir.resolve(date.toString()));
      }
      System.out.println();
      System.out.println("== " + endDate + ", the last of " + datesAnalysed(db) + " dates analysed: the offline rules"
          + " (no LLM) on generated data, not a real product's");
      System.out.print(lastDate(outputDir.resolve(endDate.toString()).resolve(DAILY_SUMMARY)));
    }
    Path dayDir = outputDir.resolve(endDate.toString());
    System.out.println();
    System.out.println("== outputs");
    System.out.println("  last report      " + dayDir.resolve("report.html"));
    System.out.println("  daily summary    " + dayDir.resolve(DAILY_SUMMARY) + " (and summary.json: the run's counts)");
    System.out.println("  analysis rows    " + outputDir.resolve("DATE").resolve("analysis_cache.jsonl"));
    System.out.println("  planted truth    " + truth);
    System.out.println("  index            " + outputDir.resolve("index.html").toAbsolutePath());
    return 0;
  }

  static final String DAILY_SUMMARY = "daily_summary.json";

  private static long datesAnalysed(EmbeddedDb db) throws Exception {
    try (Connection conn = db.connect();
        PreparedStatement query = conn.prepareStatement("SELECT count(*) FROM daily_summary");
        ResultSet rs = query.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** What the last date answers, in a few lines, so the demo says what it showed before anyone opens a file. */
  static String lastDate(Path dailySummary) throws Exception {
    JsonNode s = new ObjectMapper().readTree(dailySummary.toFile());
    StringBuilder out = new StringBuilder();
    JsonNode model = s.path("return_model");
    JsonNode holdout = model.path("holdout");
    line(out, "return model", !"trained".equals(model.path("status").asText()) ? model.path("status").asText()
        : String.format(Locale.ROOT, "trained, hold-out AUC %.2f (%s..%s, %,d users); %,d of %,d likely back within 7 days",
            holdout.path("auc").asDouble(), holdout.path("from").asText(), holdout.path("to").asText(),
            holdout.path("users").asLong(), model.path("likely_to_return").path("users").asLong(),
            model.path("users_scored").asLong()));
    JsonNode personas = s.path("personas");
    line(out, "personas", personas.isEmpty() ? "none today" : String.format(Locale.ROOT,
        "%d; the largest (%.0f%% of the day's users): %s", personas.size(),
        100 * personas.get(0).path("share").asDouble(), personas.get(0).path("name").asText()));
    StringBuilder back = new StringBuilder();
    for (String d : new String[] {"d1", "d7", "d30"}) {
      JsonNode r = s.path("value").path("return_" + d);
      back.append(back.length() == 0 ? "" : ", ").append(d.toUpperCase(Locale.ROOT)).append(' ')
          .append(r.path("rate").isNumber() ? Math.round(100 * r.path("rate").asDouble()) + "%" : "n/a")
          .append(" of ").append(r.path("of").asLong());
    }
    line(out, "back again", back + " users first seen 1, 7, 30 days before");
    line(out, "trends", s.path("trends").size() + " dates of active users, D7 return, credit limit, job success");
    for (JsonNode pick : s.path("top_to_build")) {
      JsonNode e = pick.path("evidence");
      line(out, pick.path("rank").asInt() == 1 ? "top 3 to build" : "", String.format(Locale.ROOT,
          "%d. %s: %d users (%.0f%%), %d held back%s", pick.path("rank").asInt(),
          pick.path("theme").asText(), e.path("users").asLong(), 100 * e.path("share").asDouble(),
          e.path("held_back").asLong(), e.path("mean_frustration").isNumber() // null for themes found in users' words
              ? String.format(Locale.ROOT, ", frustration %.1f of 5", e.path("mean_frustration").asDouble()) : ""));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append(String.format("  %-16s %s%n", label, text));
  }

  /** The date's daily summary and analysis_cache rows, so the demo's results outlive its database. */
  private static void export(EmbeddedDb db, LocalDate date, Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Connection conn = db.connect();
        PreparedStatement query = conn.prepareStatement(
            "SELECT summary::text FROM daily_summary WHERE analysis_date = ?")) {
      query.setObject(1, date);
      try (ResultSet rs = query.executeQuery()) {
        if (rs.next()) {
          ObjectMapper json = new ObjectMapper();
          Files.writeString(dir.resolve(DAILY_SUMMARY), json.readTree(rs.getString(1)).toPrettyString() + "\n");
        }
      }
    }
    exportRows(db, date, dir.resolve("analysis_cache.jsonl"));
  }

  /** One JSON object per analysis_cache row of the date, so the demo's results outlive its database. */
  private static void exportRows(EmbeddedDb db, LocalDate date, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection conn = db.connect();
        PreparedStatement query = conn.prepareStatement(
            "SELECT row_to_json(c)::text FROM analysis_cache c WHERE analysis_date = ? ORDER BY user_id");
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      query.setObject(1, date);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          out.write(rs.getString(1));
          out.newLine();
        }
      }
    }
  }
}
