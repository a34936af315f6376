package pmf.signals.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.transforms.json.Json;

/**
 * Issue 18, part 5: every output of two pipeline jars — before and after a change — on the same generated cohorts and
 * dates. Each cohort is generated once into an embedded PostgreSQL and copied into two fresh databases (a template
 * copy: the same rows for both); each jar backfills the same dates in its own database with the offline analyzer,
 * as a user runs it; then the outputs are compared, leaving out only what a run stamps with its own identity or time:
 * <ul>
 *   <li>the tables {@code analysis_cache}, {@code daily_summary}, {@code analysis_segments} and
 *       {@code analysis_failures}, row by row and field by field (inside JSON too), but {@code updated_at} and
 *       {@code daily_summary.run_id};
 *   <li>each date's {@code summary.json} but {@code run_id}, {@code wall_seconds} and {@code stages} (step times);
 *       {@code report.html} and the index page as a person reads them (their visible text, without tags, styles or
 *       scripts); {@code summary.md} line by line; and any other file either jar writes, so a new or missing output
 *       shows.
 * </ul>
 * {@code analysis_runs} is not compared: it is the ledger of each run's id, times and options (which name its own
 * database), and its counts are the summary.json compared above. Prints each difference, or "identical"; exits 0 when
 * every output is the same, 1 when any differs, 2 when a jar cannot run.
 *
 * <pre>
 * make compare-outputs BASE=main          # builds BASE's jar in a temporary worktree, then runs this
 * CompareOutputs --baseJar=A.jar --jar=B.jar [--cohorts=demo,bench] [--demoDates=36] [--benchDates=8] [--keep]
 *     [--pipelineArgs='--tierThresholds=20,50,100000 --samplePerSegment=4 --nearestPerSegment=1']
 * </pre>
 * {@code --pipelineArgs} gives both jars more options alike: those above put both cohorts in tier C, where most users
 * inherit their segment's insights (by default both are tier B: on average 127 and 464 active users a day).
 */
public final class CompareOutputs {
  /** A generated cohort and how many of its last dates each jar runs. */
  record Cohort(String name, int users, int days, long seed, int dates) {
    LocalDate to() {
      return CohortSpec.DEFAULT_END_DATE;
    }

    LocalDate from() {
      return to().minusDays(dates - 1L);
    }

    CohortSpec spec() {
      return CohortSpec.of(users, seed).withDays(days);
    }
  }

  /** A table compared row by row: the columns that identify a row, and those a run stamps with its own id or time. */
  record Table(String name, List<String> key, Set<String> leftOut) {}

  static final List<Table> TABLES = List.of(
      new Table("analysis_cache", List.of("analysis_date", "user_id"), Set.of("updated_at")),
      new Table("daily_summary", List.of("analysis_date"), Set.of("run_id", "updated_at")),
      new Table("analysis_segments", List.of("analysis_date", "segment_id"), Set.of("updated_at")),
      new Table("analysis_failures", List.of("analysis_date", "user_id", "stage"), Set.of("updated_at")));

  /** summary.json's fields that say which run wrote it and how long it took (each step's times: stages). */
  static final Set<String> SUMMARY_RUN_FIELDS = Set.of("run_id", "wall_seconds", "stages");

  /** Lines of differences printed per table and for the files; the rest are counted. */
  static final int SHOWN = 20;

  /** What a comparison found: lines to print, and how many differences they show (context lines are not one). */
  static final class Found {
    final List<String> lines = new ArrayList<>();
    int count;

    void add(String difference) {
      lines.add(difference);
      count++;
    }

    void context(String line) {
      lines.add(line);
    }
  }

  private final PrintStream out;
  private int differences;

  CompareOutputs(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    System.setOut(System.err); // JdbcIO and the generator print stray lines; the comparison goes to stdout only
    String baseJar = Args.string(args, "baseJar", "");
    String jar = Args.string(args, "jar", "pipeline/target/pmf-signals.jar");
    if (baseJar.isEmpty() || !Files.isRegularFile(Path.of(baseJar)) || !Files.isRegularFile(Path.of(jar))) {
      out.println("error: --baseJar=A.jar and --jar=B.jar must both be built jars (make compare-outputs BASE=REV"
          + " builds them); got --baseJar=" + baseJar + " --jar=" + jar);
      System.exit(2);
    }
    List<Cohort> cohorts = new ArrayList<>();
    for (String name : Args.string(args, "cohorts", "demo,bench").split(",")) {
      cohorts.add(switch (name.strip()) {
        // make demo's cohort and dates
        case "demo" -> new Cohort("demo", 1000, 60, 42, Args.integer(args, "demoDates", 36));
        // make bench-quality's cohort
        case "bench" -> new Cohort("bench", 3000, 45, 42, Args.integer(args, "benchDates", 8));
        default -> throw new IllegalArgumentException("--cohorts takes demo and/or bench, got " + name);
      });
    }
    List<String> jvmFlags = words(Args.string(args, "jvmFlags", "-XX:+UseSerialGC"));
    // More options for both jars alike, e.g. tier thresholds that put the cohorts in tier C.
    List<String> pipelineArgs = words(Args.string(args, "pipelineArgs", ""));
    boolean keep = Arrays.asList(args).contains("--keep");
    Path work = Files.createTempDirectory("pmf-compare");
    long t0 = System.nanoTime();
    CompareOutputs compare = new CompareOutputs(out);
    out.printf("base %s%nhead %s%n", baseJar, jar);
    int exit;
    try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
      for (Cohort cohort : cohorts) {
        compare.cohort(db, cohort, Path.of(baseJar), Path.of(jar), jvmFlags, pipelineArgs, work.resolve(cohort.name()));
      }
      exit = compare.differences == 0 ? 0 : 1;
    } catch (JarFailed e) {
      out.println("error: " + e.getMessage());
      exit = 2;
    }
    out.println();
    out.printf("%s in %.0f s%n", exit == 0 ? "identical: every output compared is the same"
        : exit == 1 ? "DIFFERENT: " + compare.differences + " differences, listed above" : "not compared",
        seconds(t0));
    if (keep || exit != 0) {
      out.println("databases and outputs kept in " + work);
    } else {
      delete(work);
    }
    System.exit(exit);
  }

  /** A jar exited non-zero: its log's last lines. */
  static final class JarFailed extends Exception {
    JarFailed(String message) {
      super(message);
    }
  }

  void cohort(EmbeddedDb db, Cohort cohort, Path baseJar, Path jar, List<String> jvmFlags, List<String> pipelineArgs,
      Path dir) throws Exception {
    out.printf("%n== %s cohort: %,d users over %d days (seed %d); %d dates %s..%s, offline analyzer%s%n", cohort.name(),
        cohort.users(), cohort.days(), cohort.seed(), cohort.dates(), cohort.from(), cohort.to(),
        pipelineArgs.isEmpty() ? "" : " " + String.join(" ", pipelineArgs));
    long t0 = System.nanoTime();
    String template = db.createDatabase(cohort.name() + "_cohort");
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(cohort.spec(), conn, dir.resolve("truth.json"));
    }
    String baseUrl = db.createDatabase(cohort.name() + "_base", cohort.name() + "_cohort");
    String headUrl = db.createDatabase(cohort.name() + "_head", cohort.name() + "_cohort");
    out.printf("generated and copied into two databases in %.0f s%n", seconds(t0));
    double baseSeconds = run(baseJar, baseUrl, cohort, jvmFlags, pipelineArgs, dir.resolve("base"));
    double headSeconds = run(jar, headUrl, cohort, jvmFlags, pipelineArgs, dir.resolve("head"));
    out.printf("base jar ran the %d dates in %.0f s, head jar in %.0f s%n", cohort.dates(), baseSeconds, headSeconds);
    for (Table table : TABLES) {
      tables(table, baseUrl, headUrl);
    }
    files(dir.resolve("base").resolve("out"), dir.resolve("head").resolve("out"));
  }

  /** Runs {@code jar} over the cohort's dates as a user would (its own JVM), and returns its wall seconds. */
  static double run(Path jar, String url, Cohort cohort, List<String> jvmFlags, List<String> pipelineArgs, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--jdbcUrl=" + url, "--from=" + cohort.from(),
        "--to=" + cohort.to(), "--llm=offline", "--outputDir=" + dir.resolve("out")));
    command.addAll(pipelineArgs);
    Path log = dir.resolve("run.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Both jars alike: no Gemini key, no Slack webhook, no password from this shell.
    List.of("GEMINI_API_KEY", "PMF_SLACK_WEBHOOK_URL", "PMF_JDBC_PASSWORD", "PGPASSWORD")
        .forEach(pb.environment()::remove);
    long t0 = System.nanoTime();
    int exit = pb.start().waitFor();
    if (exit != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new JarFailed(jar + " exited with " + exit + "; the last lines of " + log + ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }
    return seconds(t0);
  }

  /** One table of both databases, row by row by its key, each row's fields (and their JSON) compared. */
  void tables(Table table, String baseUrl, String headUrl) throws SQLException {
    Map<String, JsonNode> base = rows(baseUrl, table);
    Map<String, JsonNode> head = rows(headUrl, table);
    Found found = new Found();
    Set<String> baseColumns = columns(base);
    Set<String> headColumns = columns(head);
    if (!baseColumns.equals(headColumns)) {
      found.add("columns: base " + baseColumns + ", head " + headColumns);
    }
    compareKeyed(base, head, found);
    report(String.format(Locale.ROOT, "%-18s %,7d rows", table.name(), base.size()),
        "key " + String.join(", ", table.key()) + "; left out: " + String.join(", ", new TreeSet<>(table.leftOut())),
        found);
  }

  /** Each row as JSON without the left-out columns, by its key ("2026-11-23/u42"), in key order. */
  static Map<String, JsonNode> rows(String url, Table table) throws SQLException {
    Map<String, JsonNode> rows = new TreeMap<>();
    try (Connection conn = DriverManager.getConnection(url);
        PreparedStatement query = conn.prepareStatement("SELECT row_to_json(t)::text FROM " + table.name() + " t");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        ObjectNode row = (ObjectNode) tree(rs.getString(1));
        table.leftOut().forEach(row::remove);
        rows.put(String.join("/", table.key().stream().map(k -> row.path(k).asText()).toList()), row);
      }
    }
    return rows;
  }

  private static Set<String> columns(Map<String, JsonNode> rows) {
    Set<String> names = new TreeSet<>();
    rows.values().stream().findFirst().ifPresent(row -> row.fieldNames().forEachRemaining(names::add));
    return names;
  }

  /** Keys on one side only, and for keys on both, every field that differs (columns only one side has are said once). */
  static void compareKeyed(Map<String, JsonNode> base, Map<String, JsonNode> head, Found found) {
    Set<String> keys = new TreeSet<>(base.keySet());
    keys.addAll(head.keySet());
    Set<String> common = new TreeSet<>(columns(base));
    common.retainAll(columns(head));
    for (String key : keys) {
      JsonNode b = base.get(key);
      JsonNode h = head.get(key);
      if (b == null || h == null) {
        found.add(key + ": only in " + (b == null ? "head" : "base"));
      } else {
        for (String column : common) {
          diff(key + " " + column, b.get(column), h.get(column), found);
        }
      }
    }
  }

  /** Where two JSON values differ, path by path: fields or elements on one side only, and values that differ. */
  static void diff(String path, JsonNode base, JsonNode head, Found found) {
    if (base == null || head == null) {
      found.add(path + ": only in " + (base == null ? "head: " + shown(head) : "base: " + shown(base)));
    } else if (base.isObject() && head.isObject()) {
      Set<String> names = new TreeSet<>();
      base.fieldNames().forEachRemaining(names::add);
      head.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path + "." + name, base.get(name), head.get(name), found);
      }
    } else if (base.isArray() && head.isArray()) {
      for (int i = 0; i < Math.max(base.size(), head.size()); i++) {
        diff(path + "[" + i + "]", base.get(i), head.get(i), found);
      }
    } else if (!base.equals(head)) {
      found.add(path + ": base " + shown(base) + ", head " + shown(head));
    }
  }

  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= 160 ? text : text.substring(0, 157) + "...";
  }

  /**
   * Every file both runs wrote (but their logs), by path: summary.json as JSON without its run fields, HTML as its
   * visible text, anything else as lines.
   */
  void files(Path base, Path head) throws IOException {
    Set<String> paths = new TreeSet<>(outputs(base));
    paths.addAll(outputs(head));
    Found found = new Found();
    for (String path : paths) {
      Path b = base.resolve(path);
      Path h = head.resolve(path);
      if (!Files.exists(b) || !Files.exists(h)) {
        found.add(path + ": only in " + (Files.exists(b) ? "base" : "head"));
      } else if (path.endsWith(".json")) {
        JsonNode bj = tree(Files.readString(b));
        JsonNode hj = tree(Files.readString(h));
        if (path.endsWith("summary.json") && bj.isObject() && hj.isObject()) {
          ((ObjectNode) bj).remove(SUMMARY_RUN_FIELDS);
          ((ObjectNode) hj).remove(SUMMARY_RUN_FIELDS);
        }
        diff(path, bj, hj, found);
      } else if (path.endsWith(".html")) {
        lines(path + " (visible text)", visibleText(Files.readString(b)), visibleText(Files.readString(h)), found);
      } else {
        lines(path, Files.readAllLines(b), Files.readAllLines(h), found);
      }
    }
    report(String.format(Locale.ROOT, "%-18s %,7d files", "output files", paths.size()),
        "summary.json but " + String.join(", ", new TreeSet<>(SUMMARY_RUN_FIELDS))
            + "; report.html and index.html as visible text; summary.md", found);
  }

  private static List<String> outputs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".log"))
          .map(p -> dir.relativize(p).toString()).toList();
    }
  }

  /** A unified diff of two texts' lines: one difference per hunk of changed lines. */
  static void lines(String label, List<String> base, List<String> head, Found found) {
    Patch<String> patch = DiffUtils.diff(base, head);
    if (patch.getDeltas().isEmpty()) {
      return;
    }
    // Each changed hunk is one difference; its lines, with one line of context, are printed under it.
    for (String line : UnifiedDiffUtils.generateUnifiedDiff("base", "head", base, patch, 1)) {
      if (line.startsWith("@@")) {
        found.add(label + " " + line);
      } else if (!line.startsWith("---") && !line.startsWith("+++")) {
        found.context("  " + line);
      }
    }
  }

  /**
   * What a person reads of an HTML page: its text, one line per block (headings, paragraphs, list items, table
   * cells, chart labels), without tags, styles or scripts.
   */
  static List<String> visibleText(String html) {
    Document page = Jsoup.parse(html);
    page.select("script, style, template").remove();
    VisibleText text = new VisibleText();
    NodeTraversor.traverse(text, page.body());
    return text.text.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** Collects text nodes, starting a line at each block element, table cell and chart label. */
  static final class VisibleText implements NodeVisitor {
    private static final Set<String> LINE_STARTS = Set.of("br", "td", "th", "text", "title");

    final StringBuilder text = new StringBuilder();

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        text.append(t.text());
      } else if (node instanceof Element e && (e.isBlock() || LINE_STARTS.contains(e.normalName()))) {
        text.append('\n');
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e && e.isBlock()) {
        text.append('\n');
      }
    }
  }

  /** One line for a table or the files: "identical", or the number of differences and the first of them. */
  private void report(String what, String how, Found found) {
    if (found.count == 0) {
      out.printf("%s  identical  (%s)%n", what, how);
      return;
    }
    differences += found.count;
    out.printf("%s  %,d DIFFERENCES  (%s)%n", what, found.count, how);
    found.lines.stream().limit(SHOWN).forEach(f -> out.println("    " + f));
    if (found.lines.size() > SHOWN) {
      out.printf("    ... and %,d more lines%n", found.lines.size() - SHOWN);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return Json.tree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json.substring(0, Math.min(200, json.length())), e);
    }
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  private static double seconds(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
