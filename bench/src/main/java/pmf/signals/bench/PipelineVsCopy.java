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
 * of exactly the rows the pipeline reads (its activity query) and the pipeline's wall time for the same date —
 * in-process and as the shipped jar a scheduler would start. Prints the figures and their ratios.
 *
 * <pre>make bench-copy   # or: PipelineVsCopy --users=10000 --days=30 [--jar=pipeline/target/pmf-signals.jar]</pre>
 */
public final class PipelineVsCopy {
  private static final List<String> READS = List.of("activity");

  public static void main(String[] args) throws Exception {
    PrintStream report = System.out;
    // Beam 2.70.0's JdbcIO prints stray lines to System.out; the figures go to the real stdout only.
    System.setOut(System.err);
    int users = intArg(args, "users", 10_000);
    int days = intArg(args, "days", 30);
    String jar = stringArg(args, "jar", "pipeline/target/pmf-signals.jar");
    LocalDate date = LocalDate.parse(stringArg(args, "endDate", "2026-11-23"));
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
      double copyBefore = copySeconds(db, queries, window, report);

      long p0 = System.nanoTime();
      Process process =
          new ProcessBuilder("java", "-jar", jar, "--jdbcUrl=" + url, "--date=" + date,
                  "--outputDir=" + work.resolve("out-jar"))
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("jar.log").toFile())
              .start();
      int exit = process.waitFor();
      double jarSeconds = secondsSince(p0);
      if (exit != 0) {
        report.println(Files.readString(work.resolve("jar.log")));
        throw new IllegalStateException("the pipeline jar exited with " + exit);
      }

      long i0 = System.nanoTime();
      int code = pmf.signals.pipeline.DailyAnalysisPipeline.run(
          new String[] {"--jdbcUrl=" + url, "--date=" + date, "--outputDir=" + work.resolve("out-inproc")},
          new java.io.PrintStream(OutputStream.nullOutputStream()), System.err);
      double inProcessSeconds = secondsSince(i0);
      if (code != 0) {
        throw new IllegalStateException("the in-process run exited with " + code);
      }
      double copyAfter = copySeconds(db, queries, window, report);
      double copy = Math.min(copyBefore, copyAfter);

      String summary = Files.readString(work.resolve("out-jar").resolve(date.toString()).resolve("summary.json"));
      report.println();
      report.printf("users active on %s: %s%n", date, field(summary, "users_active"));
      report.printf("raw COPY of the same rows (activity)    %7.2f s   (runs: %.2f, %.2f)%n", copy, copyBefore,
          copyAfter);
      report.printf("pipeline, java -jar (cold JVM)          %7.2f s   ratio %.2fx%n", jarSeconds, jarSeconds / copy);
      report.printf("pipeline, in-process (warm JVM)         %7.2f s   ratio %.2fx%n", inProcessSeconds,
          inProcessSeconds / copy);
    }
  }

  /** Times COPY of each source query (parameters inlined as literals) into a sink that only counts bytes. */
  static double copySeconds(EmbeddedDb db, SourceQueries queries, AnalysisWindow window, PrintStream report)
      throws Exception {
    Map<String, Object> values = new java.util.HashMap<>(window.parameters(4000, 300, 1));
    values.put("partition", 0); // one part: all the rows every partitioned read of the pipeline returns
    long bytes = 0;
    long t0 = System.nanoTime();
    try (Connection conn = db.connect()) {
      CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
      for (String read : READS) {
        CountingSink sink = new CountingSink();
        copy.copyOut("COPY (" + inline(queries.sql(read), values) + ") TO STDOUT", sink);
        bytes += sink.bytes;
      }
    }
    double seconds = secondsSince(t0);
    report.printf("COPY: %.1f MB in %.2f s%n", bytes / 1e6, seconds);
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

  private static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\"");
    return at < 0 ? "?" : json.substring(at, json.indexOf(',', at)).replaceAll(".*: *", "");
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    List<String> matches = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        matches.add(arg.substring(name.length() + 3));
      }
    }
    return matches.isEmpty() ? fallback : matches.get(matches.size() - 1);
  }
}
