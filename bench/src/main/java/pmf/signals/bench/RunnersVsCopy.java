package pmf.signals.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.SourceQueries;

/**
 * Issue 7's benchmark: N generated users, one date, the shipped jar on each runner configuration of
 * {@code runner-configs/} — DirectRunner, FlinkRunner [local], and the standalone cluster ({@code make flink-up}) — each
 * next to a raw {@code COPY} of the rows the pipeline reads, as ratios, from one run. Each runner starts from an empty
 * {@code analysis_cache}, so none reuses another's rows.
 *
 * <pre>make bench-runners   # or: RunnersVsCopy --users=10000 --flinkMaster=localhost:8081 [--rounds=1]</pre>
 */
public final class RunnersVsCopy {
  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-runners");
    PrintStream report = doc.report(System.out);
    System.setOut(System.err); // JdbcIO prints stray lines; the figures go to the real stdout only
    int users = Args.integer(args, "users", 10_000);
    int days = Args.integer(args, "days", 30);
    int rounds = Args.integer(args, "rounds", 1);
    Path root = Path.of(Args.string(args, "root", ".")).toAbsolutePath().normalize();
    Path jar = root.resolve("pipeline/target/pmf-signals.jar");
    String flinkMaster = Args.string(args, "flinkMaster", "localhost:8081");
    List<String> jvmFlags = List.of(Args.string(args, "jvmFlags", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .split(" "));
    LocalDate date = LocalDate.parse(Args.string(args, "endDate", "2026-11-23"));
    Path work = Files.createTempDirectory("pmf-bench-runners");

    Map<String, List<String>> runners = new LinkedHashMap<>();
    runners.put("DirectRunner (direct.properties)", config(root, "direct"));
    runners.put("Flink [local] (flink-local.properties)", config(root, "flink-local"));
    List<String> cluster = new ArrayList<>(config(root, "flink-cluster"));
    cluster.removeIf(a -> a.startsWith("--flinkMaster=") || a.startsWith("--filesToStage="));
    cluster.addAll(List.of("--flinkMaster=" + flinkMaster, "--filesToStage=" + jar));
    runners.put("Flink cluster " + flinkMaster + " (flink-cluster.properties)", cluster);

    try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
      long t0 = System.nanoTime();
      try (Connection conn = db.connect()) {
        CohortGenerator.load(new CohortSpec(users, days, 42L, date, true), conn, work.resolve("truth.json"));
      }
      report.printf("generated %,d users x %d days in %.1f s%n", users, days, (System.nanoTime() - t0) / 1e9);
      AnalysisWindow window = AnalysisWindow.of(date, ZoneOffset.UTC, 30);
      SourceQueries queries = SourceQueries.load(null);

      List<Double> copies = new ArrayList<>();
      Map<String, List<double[]>> times = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        copies.add(PipelineVsCopy.copySeconds(db, queries, window, report));
        for (Map.Entry<String, List<String>> runner : runners.entrySet()) {
          clearOutputs(db);
          Path out = work.resolve("out-" + times.size());
          double wall = run(jvmFlags, jar, runner.getValue(), db.jdbcUrl(), date, out, work);
          double pipeline = Double.parseDouble(summaryField(out, date, "wall_seconds"));
          times.computeIfAbsent(runner.getKey(), k -> new ArrayList<>()).add(new double[] {wall, pipeline});
          report.printf("  %s: %.2f s (pipeline %.2f s)%n", runner.getKey(), wall, pipeline);
        }
      }
      double copy = copies.stream().min(Double::compare).orElseThrow();
      Path anyOut = work.resolve("out-0");
      report.println();
      report.printf("users active on %s: %s of %,d; JVM flags %s; %d round(s)%n", date,
          summaryField(anyOut, date, "users_active"), users, jvmFlags, rounds);
      report.printf("%-68s %8s %9s %10s %9s%n", "", "wall s", "vs COPY", "pipeline s", "vs COPY");
      report.printf("%-68s %8.2f %8.2fx%n", "raw COPY of the same rows (best of " + rounds + ")", copy, 1.0);
      for (Map.Entry<String, List<double[]>> entry : times.entrySet()) {
        double wall = median(entry.getValue(), 0);
        double pipeline = median(entry.getValue(), 1);
        report.printf("%-68s %8.2f %8.2fx %10.2f %8.2fx%n", "java -jar, " + entry.getKey(), wall, wall / copy,
            pipeline, pipeline / copy);
      }
      report.println("(wall: the whole java -jar process; pipeline: summary.json's wall_seconds, from the run's start"
          + " in the ledger to its end)");
      doc.save();
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** The key=value lines of runner-configs/NAME.properties as --key=value arguments, as `make run` passes them. */
  static List<String> config(Path root, String name) throws Exception {
    List<String> args = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("runner-configs").resolve(name + ".properties"))) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        args.add("--" + trimmed);
      }
    }
    return args;
  }

  private static void clearOutputs(EmbeddedDb db) throws Exception {
    try (Connection conn = db.connect();
        Statement st = conn.createStatement()) {
      st.execute("DO $$ BEGIN IF to_regclass('analysis_cache') IS NOT NULL THEN"
          + " DELETE FROM analysis_cache; DELETE FROM analysis_failures; END IF; END $$");
    }
  }

  private static double run(List<String> jvmFlags, Path jar, List<String> runnerArgs, String url, LocalDate date,
      Path out, Path work) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(runnerArgs);
    command.addAll(List.of("--jdbcUrl=" + url, "--date=" + date, "--outputDir=" + out, "--progressSeconds=0"));
    Path log = work.resolve(out.getFileName() + ".log");
    long t0 = System.nanoTime();
    int exit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("the pipeline jar exited with " + exit + ":\n" + Files.readString(log));
    }
    return seconds;
  }

  private static String summaryField(Path out, LocalDate date, String name) throws Exception {
    return pmf.signals.transforms.json.Json.tree(Files.readString(out.resolve(date.toString()).resolve("summary.json")))
        .get(name).asText();
  }

  private static double median(List<double[]> runs, int column) {
    List<Double> values = new ArrayList<>(runs.stream().map(r -> r[column]).toList());
    values.sort(Double::compare);
    return values.get(values.size() / 2);
  }
}
