package pmf.signals.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.NamedSql;
import pmf.signals.transforms.read.SourceQueries;

/**
 * Issue 2's and issue 20's benchmark: for each size, generate N users, then time side by side, round after round, two
 * baselines in PostgreSQL — a {@code COPY (activity query) TO STDOUT} of exactly what the pipeline reads, and a raw
 * {@code COPY} of the underlying rows (the active users' users, conversations, messages, jobs and actions in the
 * window, no JSON built) — and the shipped jar for the same date as a scheduler starts it, with {@code make run}'s JVM
 * flags. Prints the medians of 3, the ratios, the jar's peak resident memory and the step table of the median run (the
 * run's own, from its summary.json), and rewrites its section of docs/BENCHMARKS.md.
 *
 * <pre>
 * make bench-copy [SIZES=10000,100000]
 * PipelineVsCopy --sizes=10000,100000 --jvmFlags='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' [--rounds=3]
 *     [--config=runner-configs/direct.properties] [--compareJar=OTHER.jar] [--compareConfig=OTHER.properties]
 *     [--compareArgs='--opt=v ...'] [--compareLabel='the jar of commit X'] [--dataDir=.pmf/bench-pg]
 * </pre>
 *
 * <p>The jar gets {@code --config}'s options as {@code make run} passes them. {@code --compareJar},
 * {@code --compareConfig} and {@code --compareArgs} run another build of the jar (with its own config, e.g. the one
 * it shipped with), or the same one with more options, in the same rounds (an A/B under the same load);
 * {@code --dataDir} keeps the generated cohorts between runs of the bench.
 */
public final class PipelineVsCopy {
  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-copy");
    PrintStream report = doc.report(System.out);
    // Beam 2.70.0's JdbcIO prints stray lines to System.out; the figures go to the real stdout only.
    System.setOut(System.err);
    List<Integer> sizes = Arrays.stream(Args.string(args, "sizes", "10000,100000").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    int days = Args.integer(args, "days", 30);
    int rounds = Args.integer(args, "rounds", 3);
    String jar = Args.string(args, "jar", "pipeline/target/pmf-signals.jar");
    List<String> config = configArgs(Path.of(Args.string(args, "config", "runner-configs/direct.properties")));
    List<String> compareArgs = concat(configArgs(Path.of(Args.string(args, "compareConfig",
        Args.string(args, "config", "runner-configs/direct.properties")))), flags(Args.string(args, "compareArgs", "")));
    String compareJar = Args.string(args, "compareJar",
        Args.string(args, "compareArgs", "").isEmpty() && Args.string(args, "compareConfig", "").isEmpty() ? "" : jar);
    List<String> jvmFlags = flags(Args.string(args, "jvmFlags", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    LocalDate date = LocalDate.parse(Args.string(args, "endDate", "2026-11-23"));
    String dataDir = Args.string(args, "dataDir", "");
    Path work = Files.createTempDirectory("pmf-bench");

    String compareLabel = Args.string(args, "compareLabel", "the compared jar");
    report.printf("the jar: %s %s, with make run's JVM flags %s; %d rounds per size, interleaved; %d cores%n",
        jar, String.join(" ", config), String.join(" ", jvmFlags), rounds, Runtime.getRuntime().availableProcessors());
    if (!compareJar.isEmpty()) {
      report.printf("%s: %s, same JVM flags%n", compareLabel, String.join(" ", compareArgs));
    }
    try (EmbeddedDb db = EmbeddedDb.start(dataDir.isEmpty() ? work.resolve("pg") : Path.of(dataDir))) {
      for (int users : sizes) {
        report.println();
        measure(db, users, days, date, rounds, new Jar("the jar with make run's flags", jar, config),
            compareJar.isEmpty() ? null : new Jar(compareLabel, compareJar, compareArgs), jvmFlags, work, report);
      }
      doc.save();
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** A jar, what the report calls it, and the pipeline options it is run with. */
  private record Jar(String label, String path, List<String> options) {}

  private static void measure(EmbeddedDb db, int users, int days, LocalDate date, int rounds, Jar jar,
      Jar compareJar, List<String> jvmFlags, Path work, PrintStream report) throws Exception {
    String database = "bench_" + users + "_" + days;
    String url = cohort(db, database, new CohortSpec(users, days, 42L, date, true, false), work, report);
    AnalysisWindow window = AnalysisWindow.of(date, ZoneOffset.UTC, 30);
    SourceQueries queries = SourceQueries.load(null);
    String load = loadAverage();

    List<Double> query = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<JarRun> runs = new ArrayList<>();
    List<JarRun> compared = new ArrayList<>();
    long queryBytes = 0;
    long rawBytes = 0;
    for (int round = 0; round < rounds; round++) {
      Copied q = copy(url, inline(queries.sql("activity"), parameters(window)));
      query.add(q.seconds());
      queryBytes = q.bytes();
      Copied r = copy(url, inline(rawRowsSql(queries), parameters(window)));
      raw.add(r.seconds());
      rawBytes = r.bytes();
      runs.add(runJar(jar, url, date, work, "out-" + users, jvmFlags));
      if (compareJar != null) {
        compared.add(runJar(compareJar, url, date, work, "out-compare-" + users, jvmFlags));
      }
    }
    JarRun median = runs.stream().sorted((a, b) -> Double.compare(a.seconds(), b.seconds())).toList()
        .get(runs.size() / 2);
    String summary = Files.readString(median.summaryJson());
    double copy = median(query);
    double rows = median(raw);

    report.printf("%,d users x %d days (seed 42), %s: %s active; load average %s at the start, %s at the end%n",
        users, days, date, Json.tree(summary).get("users_active").asText(), load, loadAverage());
    report.printf("  %-50s %8.2f s  %9.1f MB   %s%n", "COPY of the activity query's output (median)", copy,
        queryBytes / 1e6, list(query));
    report.printf("  %-50s %8.2f s  %9.1f MB   %s%n", "raw COPY of the underlying rows (median)", rows,
        rawBytes / 1e6, list(raw));
    jarLine(report, jar.label() + " (median)", runs, copy, rows);
    if (!compared.isEmpty()) {
      jarLine(report, compareJar.label() + " (median)", compared, copy, rows);
    }
    report.println("  where the median run's time went (the table it printed):");
    median.stageTable().lines().forEach(line -> report.println("  " + line));
  }

  private static void jarLine(PrintStream report, String label, List<JarRun> runs, double copy, double rows) {
    List<Double> seconds = runs.stream().map(JarRun::seconds).toList();
    double median = median(seconds);
    long peak = runs.stream().mapToLong(JarRun::peakRssKb).max().orElse(0);
    report.printf("  %-50s %8.2f s   %s%n", label, median, list(seconds));
    report.printf("  %-50s %8.2fx the query's COPY, %.2fx the raw rows; peak RSS %,d MB (runs: %s)%n", "", median / copy,
        median / rows, peak / 1024, runs.stream().map(r -> String.valueOf(r.peakRssKb() / 1024)).collect(
            Collectors.joining(", ")));
  }

  /** The cohort's database: generated, or reused from an earlier run of the bench with the same data directory. */
  private static String cohort(EmbeddedDb db, String database, CohortSpec spec, Path work, PrintStream report)
      throws Exception {
    String url = db.jdbcUrl(database);
    try (Connection conn = db.connect(); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (rs.next() && usersIn(url) == spec.users()) {
        report.printf("%s: reusing the cohort generated earlier in this data directory%n", database);
        return url;
      }
    }
    db.createDatabase(database);
    long t0 = System.nanoTime();
    try (Connection conn = java.sql.DriverManager.getConnection(url)) {
      CohortGenerator.load(spec, conn, work.resolve(database + "-truth.json"));
    }
    report.printf("generated %,d users x %d days in %.1f s%n", spec.users(), spec.days(), secondsSince(t0));
    return url;
  }

  private static long usersIn(String url) {
    try (Connection conn = java.sql.DriverManager.getConnection(url); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      return -1;
    }
  }

  private record JarRun(double seconds, long peakRssKb, Path summaryJson, String stageTable) {}

  /** Runs the jar for the date in its own JVM: its wall time, its peak resident memory, and what it printed. */
  private static JarRun runJar(Jar jar, String url, LocalDate date, Path work, String out, List<String> jvmFlags)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.path()));
    command.addAll(jar.options());
    command.addAll(List.of("--jdbcUrl=" + url, "--date=" + date, "--outputDir=" + work.resolve(out)));
    Path log = work.resolve(out + ".log");
    long t0 = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peak = 0;
    Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
    // VmHWM is the kernel's own peak of the resident set; read until the process ends (the last read is its peak).
    while (!process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, highWaterMarkKb(status));
    }
    double seconds = secondsSince(t0);
    String printed = Files.readString(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the pipeline jar exited with " + process.exitValue() + ":\n" + printed);
    }
    int from = printed.indexOf("  stages: ");
    int to = printed.indexOf("  summary ", Math.max(from, 0));
    String table = from < 0 ? "  (this jar prints no step table)\n" : printed.substring(from, to < 0 ? printed.length() : to);
    return new JarRun(seconds, peak, work.resolve(out).resolve(date.toString()).resolve("summary.json"), table);
  }

  private static long highWaterMarkKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // the process ended between two reads
    }
    return 0;
  }

  private record Copied(double seconds, long bytes) {}

  /** Times {@code COPY (sql) TO STDOUT} into a sink that only counts bytes. */
  private static Copied copy(String url, String sql) throws Exception {
    CountingSink sink = new CountingSink();
    long t0 = System.nanoTime();
    try (Connection conn = java.sql.DriverManager.getConnection(url)) {
      CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
      copy.copyOut("COPY (" + sql + ") TO STDOUT", sink);
    }
    return new Copied(secondsSince(t0), sink.bytes);
  }

  /** Times COPY of the activity query into a sink that only counts bytes (for the runners' bench). */
  static double copySeconds(EmbeddedDb db, SourceQueries queries, AnalysisWindow window, PrintStream report)
      throws Exception {
    Copied copied = copy(db.jdbcUrl(), inline(queries.sql("activity"), parameters(window)));
    report.printf("COPY: %.1f MB in %.2f s%n", copied.bytes() / 1e6, copied.seconds());
    return copied.seconds();
  }

  private static Map<String, Object> parameters(AnalysisWindow window) {
    Map<String, Object> values = new java.util.HashMap<>(window.parameters(4000, 300, 1));
    values.put("partition", 0); // one part: all the rows every partitioned read of the pipeline returns
    return values;
  }

  /**
   * The rows the activity query aggregates, as they are stored: the day's active users' users rows, their
   * conversations with messages in the window, those messages, and their jobs and actions in the window. One
   * statement, so the active users are found once, as the activity query finds them.
   */
  static String rawRowsSql(SourceQueries queries) {
    String messagesInWindow = "m.created_at >= :window_start AND m.created_at < :day_end";
    return "WITH active AS MATERIALIZED (" + queries.sql("active_users") + ")"
        + " SELECT 'users', u::text FROM users u JOIN active a ON u.id::text = a.user_id"
        + " UNION ALL SELECT 'conversations', c::text FROM conversations c JOIN active a ON c.user_id::text = a.user_id"
        + " WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND " + messagesInWindow + ")"
        + " UNION ALL SELECT 'messages', m::text FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        + " JOIN active a ON c.user_id::text = a.user_id WHERE " + messagesInWindow
        + " UNION ALL SELECT 'jobs', j::text FROM service_jobs j JOIN active a ON j.user_id::text = a.user_id"
        + " WHERE j.created_at >= :window_start AND j.created_at < :day_end"
        + " UNION ALL SELECT 'actions', x::text FROM user_actions x JOIN active a ON x.user_id::text = a.user_id"
        + " WHERE x.created_at >= (:window_start AT TIME ZONE 'UTC') AND x.created_at < (:day_end AT TIME ZONE 'UTC')";
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

  /** Each {@code key=value} line of a runner config as {@code --key=value}, as {@code make run} passes them. */
  private static List<String> configArgs(Path config) throws java.io.IOException {
    return Files.readAllLines(config).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> "--" + line).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> flags(String flags) {
    return Arrays.stream(flags.strip().split("\\s+")).filter(f -> !f.isEmpty()).toList();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static String list(List<Double> seconds) {
    return seconds.stream().map(x -> String.format("%.2f", x)).toList().toString();
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

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
