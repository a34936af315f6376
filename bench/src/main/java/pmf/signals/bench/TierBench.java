package pmf.signals.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.devtools.eval.AdjustedRandIndex;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.pipeline.DailyAnalysisPipeline;
import pmf.signals.transforms.json.Json;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.segment.FeatureSpace;

/**
 * Issue 5's figures, printed: (1) segments against the planted personas (adjusted Rand index), next to what a
 * classifier that knows the personas could reach on the same features; (2) coverage of tier D's 95% intervals over
 * seeds, against the full population; (3) a table of 100 to 100,000 active users through the shipped jar with the real
 * Gemini client against a local fake: tier, LLM calls (counted by the fake) against --maxLlmCallsPerRun, wall time and
 * peak RSS, and that every user holds metrics.
 *
 * <pre>make bench-tiers   # or: TierBench --part=ari|coverage|scale|all --seeds=20 --sizes=100,1000,10000,100000</pre>
 */
public final class TierBench {
  private static final LocalDate DATE = CohortSpec.DEFAULT_END_DATE;
  private static final String KEY = "bench-tiers-key";
  private static PrintStream report;

  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-tiers");
    report = doc.report(System.out);
    System.setOut(System.err); // JdbcIO prints stray lines; the figures go to the real stdout only
    String part = Args.string(args, "part", "all");
    Path work = Files.createTempDirectory("pmf-bench-tiers");
    try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
      if (part.equals("all") || part.equals("ari")) {
        ari(db, work, Args.integer(args, "ariUsers", 6000), Args.integer(args, "ariSeed", 7));
      }
      if (part.equals("all") || part.equals("coverage")) {
        coverage(db, work, Args.integer(args, "seeds", 20), Args.integer(args, "coverageUsers", 3000),
            Args.integer(args, "coverageCalls", 150));
      }
      if (part.equals("all") || part.equals("scale")) {
        scale(db, work, Args.string(args, "sizes", "100,1000,10000,100000"), Path.of(Args.string(args, "root", ".")));
      }
    }
    doc.save();
  }

  // ---- (1) segments vs planted personas ----

  private static void ari(EmbeddedDb db, Path work, int users, int seed) throws Exception {
    report.printf("%n(1) segments vs planted personas: %,d generated users (seed %d), %s%n", users, seed, DATE);
    report.println("(ARI 1 = the planted personas exactly, 0 = chance; users active on the date, all consent values)");
    ariOf(db, work, CohortSpec.of(users, seed), "as generated: personas share use cases, plans and habits");
    ariOf(db, work, CohortSpec.of(users, seed).withDistinctPersonas(true),
        "distinct personas: each user does only their persona's main use case");
  }

  private static void ariOf(EmbeddedDb db, Path work, CohortSpec spec, String title) throws Exception {
    String name = "ari_" + spec.seed() + (spec.distinctPersonas() ? "_distinct" : "");
    String url = db.createDatabase(name);
    Path truth = work.resolve(name + "-truth.json");
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(spec, conn, truth);
    }
    Map<String, String> persona = personas(truth);
    long personas = persona.values().stream().distinct().count();
    report.printf("%n  %s%n", title);
    report.printf("  %-70s %8s %6s%n", "", "segments", "ARI");
    for (String[] variant : List.of(new String[] {"k by silhouette (default --minClusters=2 --maxClusters=12)"},
        new String[] {"k = planted personas (--clusters=" + personas + ")", "--clusters=" + personas})) {
      List<String> extra = new ArrayList<>(List.of(variant).subList(1, variant.length));
      extra.add("--tierThresholds=10,100000,200000"); // tier B: every user segmented and analysed
      run(url, work.resolve("ari-out"), extra);
      List<String> truthLabels = new ArrayList<>();
      List<Integer> found = new ArrayList<>();
      try (Connection conn = DriverManager.getConnection(url);
          Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT user_id, segment_id FROM analysis_cache WHERE analysis_date = '"
              + DATE + "' AND segment_id IS NOT NULL ORDER BY user_id")) {
        while (rs.next()) {
          if (persona.containsKey(rs.getString(1))) { // messy rows name users the generator did not plant
            truthLabels.add(persona.get(rs.getString(1)));
            found.add(rs.getInt(2));
          }
        }
      }
      report.printf("  %-70s %8d %6.3f%n", variant[0], found.stream().distinct().count(),
          AdjustedRandIndex.of(truthLabels, found));
    }
    report.printf("  %-70s %8d %6.3f%n", "ceiling: nearest planted-persona centre in the features (knows the answer)",
        personas, supervisedCeiling(url, persona));
    report.printf("  %-70s %8s %6.3f%n", "ceiling: likeliest persona given each user's planted use cases and plan",
        "", plantedUseCaseCeiling(url, truth));
  }

  /**
   * What anything reading users' requests could reach at best: each active user given the persona most common among
   * the active users with exactly their planted use cases and plan (fitted on the answer itself, so an upper bound).
   */
  private static double plantedUseCaseCeiling(String url, Path truth) throws Exception {
    Map<String, String> key = new HashMap<>();
    Map<String, String> persona = new HashMap<>();
    for (JsonNode u : Json.tree(Files.readString(truth)).get("users")) {
      List<String> useCases = new ArrayList<>();
      u.get("use_cases").forEach(c -> useCases.add(c.asText()));
      useCases.sort(null);
      key.put(u.get("user_id").asText(), useCases + " " + u.get("plan").asText());
      persona.put(u.get("user_id").asText(), u.get("persona").asText());
    }
    List<String> active = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT user_id FROM analysis_cache WHERE analysis_date = '" + DATE
            + "' ORDER BY user_id")) {
      while (rs.next()) {
        if (persona.containsKey(rs.getString(1))) {
          active.add(rs.getString(1));
        }
      }
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    for (String id : active) {
      counts.computeIfAbsent(key.get(id), k -> new TreeMap<>()).merge(persona.get(id), 1, Integer::sum);
    }
    List<String> truthLabels = new ArrayList<>();
    List<String> guessed = new ArrayList<>();
    for (String id : active) {
      truthLabels.add(persona.get(id));
      guessed.add(counts.get(key.get(id)).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
          .getKey());
    }
    return AdjustedRandIndex.of(truthLabels, guessed);
  }

  /** What the features can tell apart at best: each user given the persona whose mean feature vector is nearest. */
  private static double supervisedCeiling(String url, Map<String, String> persona) throws Exception {
    List<String> ids = new ArrayList<>();
    List<UserMetrics> metrics = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT user_id, metrics::text FROM analysis_cache WHERE analysis_date = '"
            + DATE + "' ORDER BY user_id")) {
      while (rs.next()) {
        if (persona.containsKey(rs.getString(1))) {
          ids.add(rs.getString(1));
          metrics.add(Json.MAPPER.readValue(rs.getString(2), UserMetrics.class));
        }
      }
    }
    FeatureSpace space = FeatureSpace.fit(metrics);
    Map<String, double[]> sums = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      double[] x = space.standardised(metrics.get(i));
      points.add(x);
      double[] sum = sums.computeIfAbsent(persona.get(ids.get(i)), p -> new double[x.length]);
      for (int j = 0; j < x.length; j++) {
        sum[j] += x[j];
      }
      counts.merge(persona.get(ids.get(i)), 1, Integer::sum);
    }
    List<String> truth = new ArrayList<>();
    List<String> guessed = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String best = null;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        double d = 0;
        for (int j = 0; j < e.getValue().length; j++) {
          double diff = points.get(i)[j] - e.getValue()[j] / counts.get(e.getKey());
          d += diff * diff;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = e.getKey();
        }
      }
      truth.add(persona.get(ids.get(i)));
      guessed.add(best);
    }
    return AdjustedRandIndex.of(truth, guessed);
  }

  private static Map<String, String> personas(Path truth) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (JsonNode u : Json.tree(Files.readString(truth)).get("users")) {
      out.put(u.get("user_id").asText(), u.get("persona").asText());
    }
    return out;
  }

  // ---- (2) tier D interval coverage ----

  private static void coverage(EmbeddedDb db, Path work, int seeds, int users, int calls) throws Exception {
    report.printf("%n(2) tier D 95%% intervals vs the full population: %d seeds, %,d generated users each,"
        + " --maxLlmCallsPerRun=%d%n", seeds, users, calls);
    Map<String, int[]> byRate = new LinkedHashMap<>(); // rate kind -> {covered, total}
    int sampledSum = 0;
    int populationSum = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      String url = db.createDatabase("coverage_" + seed);
      try (Connection conn = DriverManager.getConnection(url)) {
        CohortGenerator.load(CohortSpec.of(users, seed).withDays(20), conn, work.resolve("coverage-truth.json"));
      }
      JsonNode sampled = run(url, work.resolve("cov-d"), List.of("--tierThresholds=10,50,100",
          "--maxLlmCallsPerRun=" + calls, "--sampleSeed=" + seed)).get("estimates");
      JsonNode census = run(url, work.resolve("cov-census"), List.of("--tierThresholds=1000000,2000000,3000000",
          "--maxLlmCallsPerRun=1000000")).get("estimates");
      int covered = 0;
      int total = 0;
      for (String rate : List.of("return", "credit_exhaustion", "job_failure")) {
        JsonNode r = sampled.get("rates").get(rate);
        boolean in = inside(r, census.get("rates").get(rate).get("estimate").asDouble());
        tally(byRate, rate, in);
        covered += in ? 1 : 0;
        total++;
        sampledSum += r.get("sampled").asInt();
        populationSum += r.get("population").asInt();
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = sampled.get("friction_prevalence").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode truth = census.get("friction_prevalence").get(f.getKey());
        boolean in = inside(f.getValue(), truth == null ? 0 : truth.get("estimate").asDouble());
        tally(byRate, "friction themes", in);
        covered += in ? 1 : 0;
        total++;
      }
      report.printf("  seed %2d: %d of %d intervals cover the full-population value%n", seed, covered, total);
    }
    report.printf("%-28s %9s %8s%n", "rate", "intervals", "covered");
    int allCovered = 0;
    int all = 0;
    for (Map.Entry<String, int[]> e : byRate.entrySet()) {
      report.printf("%-28s %9d %7.1f%%%n", e.getKey(), e.getValue()[1], 100.0 * e.getValue()[0] / e.getValue()[1]);
      allCovered += e.getValue()[0];
      all += e.getValue()[1];
    }
    report.printf("%-28s %9d %7.1f%%   (target >= 90%%)%n", "all", all, 100.0 * allCovered / all);
    report.printf("(behaviour rates: sample of %.0f of %.0f consenting users a day on average; truth = every user's"
        + " metrics; friction themes: truth = the same day analysed in full)%n",
        sampledSum / (3.0 * seeds), populationSum / (3.0 * seeds));
  }

  private static boolean inside(JsonNode estimate, double truth) {
    return estimate.get("ci95").get(0).asDouble() - 1e-9 <= truth && truth <= estimate.get("ci95").get(1).asDouble() + 1e-9;
  }

  private static void tally(Map<String, int[]> byRate, String rate, boolean covered) {
    int[] t = byRate.computeIfAbsent(rate, k -> new int[2]);
    t[0] += covered ? 1 : 0;
    t[1]++;
  }

  /** One in-process run of the date; its summary.json. */
  private static JsonNode run(String url, Path out, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--jdbcUrl=" + url, "--date=" + DATE, "--outputDir=" + out,
        "--progressSeconds=0"));
    args.addAll(extra);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DailyAnalysisPipeline.run(args.toArray(String[]::new),
        new PrintStream(OutputStreamNull.INSTANCE), new PrintStream(err, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException("run failed (" + exit + "): " + err.toString(StandardCharsets.UTF_8));
    }
    return Json.tree(Files.readString(out.resolve(DATE.toString()).resolve("summary.json")));
  }

  private static final class OutputStreamNull {
    static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
  }

  // ---- (3) 100 .. 100,000 users through the shipped jar ----

  private static void scale(EmbeddedDb db, Path work, String sizes, Path root) throws Exception {
    Path jar = root.toAbsolutePath().resolve("pipeline/target/pmf-signals.jar");
    List<String> config = RunnersVsCopy.config(root.toAbsolutePath(), "direct");
    int cap = 2000;
    report.printf("%n(3) tiers by size: the shipped jar on DirectRunner, --llm=gemini against a local fake"
        + " (real client; 100,000 RPM, 20 ms), default options, --maxLlmCallsPerRun=%d%n", cap);
    report.printf("%8s %6s %10s %10s %9s %9s %8s %10s  %s%n", "users", "tier", "LLM calls", "analysed", "inherited",
        "metrics", "wall s", "peak RSS", "segments");
    Behaviour fakeBehaviour = Behaviour.builder().apiKey(KEY).rpm(100_000).tpm(1_000_000_000L)
        .latency(Duration.ofMillis(20)).responder(new InsightsResponder()).build();
    try (FakeGemini fake = FakeGemini.start(fakeBehaviour)) {
      for (String size : sizes.split(",")) {
        int users = Integer.parseInt(size.strip());
        String url = db.createDatabase("scale_" + users);
        try (Connection conn = DriverManager.getConnection(url)) {
          // One day of activity: every generated user is active on the date.
          CohortGenerator.load(new CohortSpec(users, 1, 42L, DATE, true), conn, work.resolve("scale-truth.json"));
        }
        fake.clearRequests();
        Path out = work.resolve("scale-" + users);
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(config);
        command.addAll(List.of("--jdbcUrl=" + url, "--date=" + DATE, "--outputDir=" + out, "--progressSeconds=0",
            "--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl(), "--llmRpm=100000", "--llmTpm=1000000000",
            "--maxLlmCallsPerRun=" + cap));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(work.resolve("scale-" + users + ".log").toFile());
        pb.environment().put(GeminiCaller.DEFAULT_API_KEY_ENV, KEY);
        long t0 = System.nanoTime();
        Process child = pb.start();
        long peakKb = 0;
        while (child.isAlive()) { // a measurement, not synchronisation: VmHWM only grows, read it until exit
          peakKb = Math.max(peakKb, vmHwmKb(child.pid()));
          Thread.sleep(100);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (child.exitValue() != 0) {
          throw new IllegalStateException("the jar failed at " + users + " users; see "
              + work.resolve("scale-" + users + ".log") + ":\n" + Files.readString(work.resolve("scale-" + users + ".log")));
        }
        JsonNode s = Json.tree(Files.readString(out.resolve(DATE.toString()).resolve("summary.json")));
        long withMetrics;
        try (Connection conn = DriverManager.getConnection(url);
            Statement st = conn.createStatement();
            ResultSet rs = st.executeQuery("SELECT count(*) FROM analysis_cache WHERE metrics IS NOT NULL")) {
          rs.next();
          withMetrics = rs.getLong(1);
        }
        int calls = fake.requestCount();
        report.printf("%,8d %6s %10d %10d %9d %9s %8.1f %7.0f MB  %d%s%n", s.get("users_active").asLong(),
            s.get("tier").asText().substring(0, 1), calls, s.get("users_analysed").asLong(),
            s.get("users_inherited").asLong(), withMetrics == s.get("users_active").asLong() ? "all" : withMetrics + "",
            wall, peakKb / 1024.0, s.get("segments").get("today").size(),
            calls > cap ? "  OVER THE CAP" : "");
      }
    }
    report.println("(LLM calls: requests the fake received; analysed: users with their own reading (calls, cache);"
        + " metrics: users whose row has metrics; wall: the whole java -jar process incl. JVM start; peak RSS: VmHWM)");
  }

  private static long vmHwmKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      return 0; // the process just exited
    }
    return 0;
  }
}
