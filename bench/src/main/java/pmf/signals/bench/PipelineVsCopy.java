package pmf.signals.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.NamedSql;
import pmf.signals.transforms.read.SourceQueries;

/**
 * Issue 2's first benchmark: generate N users, then time, side by side in one run, a raw {@code COPY (query) TO STDOUT}
 * of exactly the rows the pipeline reads (its activity query) and the shipped jar for the same date, as a scheduler
 * would start it — with the JVM's defaults and with the flags a short batch job on two cores wants. Prints the figures
 * and their ratios; deletes its database afterwards.
 *
 * <pre>make bench-copy   # or: PipelineVsCopy --users=10000 --days=30 [--jar=pipeline/target/pmf-signals.jar]</pre>
 */
public final class PipelineVsCopy {
  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-copy");
    PrintStream report = doc.report(System.out);
    // Beam 2.70.0's JdbcIO prints stray lines to System.out; the figures go to the real stdout only.
    System.setOut(System.err);
    int users = Args.integer(args, "users", 10_000);
    int days = Args.integer(args, "days", 30);
    String jar = Args.string(args, "jar", "pipeline/target/pmf-signals.jar");
    LocalDate date = LocalDate.parse(Args.string(args, "endDate", "2026-11-23"));
    Path work = Files.createTempDirectory("pmf-bench");

    try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
      String url = db.jdbcUrl();
      long t0 = System.nanoTime();
      try (Connection conn = db.connect()) {
        CohortGenerator.load(new CohortSpec(users, days, 42L, date, true), conn, work.resolve("truth.json"));
      }
      report.printf("generated %,d users x %d days in %.1f s%n", users, days, secondsSince(t0));

      AnalysisWindow window = AnalysisWindow.of(date, ZoneOffset.UTC, 30);
      SourceQueries queries = SourceQueries.load(null);
      // Shared machines are noisy: COPY takes its best of 3, each jar variant its median of 3, interleaved.
      List<Double> copies = new ArrayList<>();
      List<Double> plain = new ArrayList<>();
      List<Double> tuned = new ArrayList<>();
      List<Double> pipelineOnly = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        copies.add(copySeconds(db, queries, window, report));
        plain.add(runJar(jar, url, date, work, "out-jar"));
        pipelineOnly.add(wallSeconds(work.resolve("out-jar").resolve(date.toString()).resolve("summary.json")));
        // The same jar with the JIT and GC a short batch job on two cores wants: no C2 compiler threads, serial GC.
        tuned.add(runJar(jar, url, date, work, "out-jar-tuned", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      }
      double copy = copies.stream().min(Double::compare).orElseThrow();

      String summary = Files.readString(work.resolve("out-jar").resolve(date.toString()).resolve("summary.json"));
      report.println();
      report.printf("users active on %s: %s of %,d%n", date, field(summary, "users_active"), users);
      report.printf("%-46s %7.2f s                 %s%n", "raw COPY of the same rows (best of 3)", copy, runs(copies));
      line(report, "java -jar, default JVM (median of 3)", plain, copy);
      line(report, "  of which the pipeline (summary wall_seconds)", pipelineOnly, copy);
      line(report, "java -jar, C1 only + serial GC (median of 3)", tuned, copy);
      doc.save();
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void line(PrintStream report, String label, List<Double> seconds, double copy) {
    List<Double> sorted = new ArrayList<>(seconds);
    sorted.sort(Double::compare);
    double median = sorted.get(sorted.size() / 2);
    report.printf("%-46s %7.2f s   ratio %.2fx   %s%n", label, median, median / copy, runs(seconds));
  }

  private static String runs(List<Double> seconds) {
    return seconds.stream().map(x -> String.format("%.2f", x)).toList().toString();
  }

  private static double wallSeconds(Path summaryJson) throws Exception {
    return Double.parseDouble(field(Files.readString(summaryJson), "wall_seconds"));
  }

  /** Runs the shipped jar for the date in its own JVM and returns its wall time in seconds. */
  static double runJar(String jar, String url, LocalDate date, Path work, String out, String... jvmFlags)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-jar", jar, "--jdbcUrl=" + url, "--date=" + date, "--outputDir=" + work.resolve(out)));
    Path log = work.resolve(out + ".log");
    long t0 = System.nanoTime();
    int exit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    double seconds = secondsSince(t0);
    if (exit != 0) {
      throw new IllegalStateException("the pipeline jar exited with " + exit + ":\n" + Files.readString(log));
    }
    return seconds;
  }

  /** Times COPY of the activity query (parameters inlined as literals) into a sink that only counts bytes. */
  static double copySeconds(EmbeddedDb db, SourceQueries queries, AnalysisWindow window, PrintStream report)
      throws Exception {
    Map<String, Object> values = new java.util.HashMap<>(window.parameters(4000, 300, 1));
    values.put("partition", 0); // one part: all the rows every partitioned read of the pipeline returns
    CountingSink sink = new CountingSink();
    long t0 = System.nanoTime();
    try (Connection conn = db.connect()) {
      CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
      copy.copyOut("COPY (" + inline(queries.sql("activity"), values) + ") TO STDOUT", sink);
    }
    double seconds = secondsSince(t0);
    report.printf("COPY: %.1f MB in %.2f s%n", sink.bytes / 1e6, seconds);
    return seconds;
  }

  /** The query with each :name replaced by a SQL literal (COPY takes no bind parameters). */
  public static String inline(String sql, Map<String, Object> values) {
    NamedSql named = NamedSql.parse(sql);
    StringBuilder out = new StringBuilder();
    int param = 0;
    for (char c : named.sql().toCharArray()) {
      if (c == '?') {
        Object value = values.get(named.parameterNames().get(param++));
        out.append(value instanceof Instant ? "'" + value + "'::timestamptz" : String.valueOf(value));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  private static String field(String json, String name) throws Exception {
    return pmf.signals.transforms.json.Json.tree(json).get(name).asText();
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
