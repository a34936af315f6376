package pmf.signals.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.pipeline.DailyAnalysisPipeline;
import pmf.signals.pipeline.ReturnHistory;
import pmf.signals.transforms.json.Json;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.transforms.summary.LabelEmbedder;
import pmf.signals.transforms.summary.ReturnModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 6's quality figures, printed, on generated data with planted truth (a backfill of the history first): the
 * planted top-3 frictions against the reported top 3 — of the offline analyzer, then of the last date run again with
 * {@code --llm=gemini} against the fake Gemini on loopback — and the return model's AUC on a time-based hold-out (the
 * model as the next daily run trains it).
 *
 * <pre>make bench-quality   # or: QualityBench --users=3000 --days=45 --backfillDays=30 --seed=42</pre>
 */
public final class QualityBench {
  /**
   * The generator's planted top-3 frictions (most distinct users over the cohort) next to the reported top 3 of the
   * last date, matched by meaning: the reported theme most similar (MiniLM cosine) to each planted description.
   */
  static void plantedTopFrictions(PrintStream report, String url, LocalDate date, Path truthFile) throws Exception {
    JsonNode truth = Json.tree(Files.readString(truthFile));
    Map<String, String> descriptions = new HashMap<>();
    for (JsonNode f : truth.get("catalogue").get("frictions")) {
      descriptions.put(f.get("label").asText(), f.get("description").asText());
    }
    JsonNode summary;
    try (Connection conn = DriverManager.getConnection(url);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT summary::text FROM daily_summary WHERE analysis_date = '" + date + "'")) {
      rs.next();
      summary = Json.tree(rs.getString(1));
    }
    List<String> reported = new ArrayList<>();
    summary.get("top_to_build").forEach(p -> reported.add(p.get("theme").asText()));
    // A theme is one problem under several labels; it names the planted friction if any of its labels does.
    Map<String, List<String>> labelsOf = new java.util.LinkedHashMap<>();
    summary.path("themes").path("frictions").forEach(t -> {
      List<String> labels = new ArrayList<>();
      t.path("labels").forEach(l -> labels.add(l.asText()));
      labelsOf.put(t.get("theme").asText(), labels);
    });
    LabelEmbedder embedder = LabelEmbedder.miniLm();
    report.printf("%ntop 3 frictions on %s (%s analyzer): planted vs reported%n", date, summary.get("analyzer").asText());
    int matched = 0;
    int rank = 0;
    for (JsonNode planted : truth.get("planted_top_frictions")) {
      Match m = closest(embedder, descriptions.get(planted.asText()), reported, labelsOf);
      matched += m.similarity() >= MATCH ? 1 : 0;
      report.printf("  planted #%d %-34s closest reported: %-44s cosine %.2f %s%n", ++rank, planted.asText(),
          m.theme() == null ? "(none)" : "\"" + m.theme() + "\"", m.similarity(), m.similarity() >= MATCH ? "MATCH" : "");
    }
    report.printf("  reported top 3: %s%n", reported);
    report.printf("  %d of 3 planted top frictions are in the reported top 3 (match: a label of the theme at cosine >= %.2f)%n",
        matched, MATCH);
    // Which of the reported top 3 name a planted friction at all, and is a routine follow-up among them?
    int plantedInTop = 0;
    for (String theme : reported) {
      double best = -1;
      String which = null;
      for (JsonNode f : truth.get("friction_ranking")) {
        if (f.get("users").asInt() == 0) {
          continue;
        }
        Match m = closest(embedder, descriptions.get(f.get("label").asText()), List.of(theme), labelsOf);
        if (m.similarity() > best) {
          best = m.similarity();
          which = f.get("label").asText();
        }
      }
      double routine = closest(embedder, ROUTINE, List.of(theme), labelsOf).similarity();
      boolean planted = best >= MATCH && best > routine;
      plantedInTop += planted ? 1 : 0;
      report.printf("  top: %-60s %s%n", "\"" + theme + "\"", planted ? "planted " + which + String.format(" (%.2f)", best)
          : routine >= MATCH ? String.format("ROUTINE FOLLOW-UP (%.2f)", routine) : "no planted friction");
    }
    report.printf("  %d of the reported top 3 are planted frictions%n", plantedInTop);
    // Every planted friction hit by at least k users, found among all reported friction themes? Beside each miss, how
    // many of the date's consenting active users (whose lines discovery can read) ever hit it: fewer than k cannot show.
    Map<String, Integer> today = new HashMap<>();
    for (JsonNode u : truth.get("users")) {
      boolean active = false;
      for (JsonNode d : u.path("active_dates")) {
        active |= d.asText().equals(date.toString());
      }
      if (active && u.path("consent").asBoolean()) {
        u.path("friction_points").forEach(f -> today.merge(f.asText(), 1, Integer::sum));
      }
    }
    List<String> all = new ArrayList<>(labelsOf.keySet());
    List<String> missed = new ArrayList<>();
    int found = 0;
    int planted = 0;
    for (JsonNode f : truth.get("friction_ranking")) {
      if (f.get("users").asInt() < 5) {
        continue;
      }
      planted++;
      Match m = closest(embedder, descriptions.get(f.get("label").asText()), all, labelsOf);
      if (m.similarity() >= MATCH) {
        found++;
      } else {
        missed.add(f.get("label").asText() + String.format(" (%d of the date's consenting users ever hit it; best %.2f:"
            + " %s)", today.getOrDefault(f.get("label").asText(), 0), m.similarity(), m.theme()));
      }
    }
    report.printf("  planted frictions found as a theme: %d of %d%s%n", found, planted,
        missed.isEmpty() ? "" : "; missed: " + missed);
    JsonNode d = summary.path("themes").path("discovered");
    if (!d.isMissingNode()) {
      report.printf("  discovery read %,d lines of %,d users (%,d clustered): %d friction, %d use-case and %d follow-up"
          + " themes%n", d.get("lines").asInt(), d.get("users").asInt(), d.get("fitted_lines").asInt(),
          d.get("frictions").size(), d.get("use_cases").size(), d.get("follow_ups").size());
      if (d.has("llm_themes_unsupported")) {
        report.printf("  LLM themes nothing users wrote supports (no discovered theme within cosine %.2f): %d%n",
            pmf.signals.transforms.summary.WrittenThemes.SUPPORTS, d.get("llm_themes_unsupported").asInt());
      }
    }
  }

  /** What routine follow-ups say, for telling whether a reported theme is one. */
  static final String ROUTINE = "make another one, try a different style, one more version like that";

  record Match(String theme, double similarity) {}

  private static Match closest(LabelEmbedder embedder, String description, List<String> themes,
      Map<String, List<String>> labelsOf) {
    String best = null;
    double bestSimilarity = -1;
    for (String theme : themes) {
      for (String label : labelsOf.getOrDefault(theme, List.of(theme))) {
        double similarity = cosine(embedder.embed(description), embedder.embed(label));
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity;
          best = label.equals(theme) ? theme : theme + "\" via \"" + label;
        }
      }
    }
    return new Match(best, bestSimilarity);
  }

  /** Cosine of MiniLM embeddings above which a reported theme names the planted friction. */
  static final double MATCH = 0.5;

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return dot / Math.sqrt(na * nb);
  }

  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-quality");
    PrintStream report = doc.report(System.out);
    System.setOut(System.err); // JdbcIO prints stray lines; the figures go to the real stdout only
    int users = Args.integer(args, "users", 3000);
    int days = Args.integer(args, "days", 45);
    int backfillDays = Args.integer(args, "backfillDays", 30);
    boolean novel = Boolean.parseBoolean(Args.string(args, "novelFriction", "false"));
    List<Long> seeds = java.util.Arrays.stream(Args.string(args, "seeds", Args.string(args, "seed", "42")).split(","))
        .map(String::strip).map(Long::parseLong).toList();
    LocalDate end = CohortSpec.DEFAULT_END_DATE;
    // --work=DIR keeps each seed's database and truth there: a second run skips generating and backfilling.
    Path root = Path.of(Args.string(args, "work", Files.createTempDirectory("pmf-bench-quality").toString()));
    for (int i = 0; i < seeds.size(); i++) {
      long seed = seeds.get(i);
      Path work = seeds.size() == 1 ? root : root.resolve("seed-" + seed);
      // The return model needs 22 labelled dates: only the first seed is backfilled for it; the others run the date.
      int dates = i == 0 ? backfillDays : 1;
      report.printf("%n== seed %d%s ==%n", seed, novel ? ", with a friction in a product area no rule knows" : "");
      try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
        boolean ready = Files.exists(work.resolve("backfilled"));
        String url = ready ? db.jdbcUrl("quality") : db.createDatabase("quality");
        if (ready) {
          report.println("reusing the backfilled database in " + work + "; running " + end + " again");
          timedRun(report, url, end, end, work);
        } else {
          try (Connection conn = DriverManager.getConnection(url)) {
            CohortGenerator.load(CohortSpec.of(users, seed).withDays(days).withNovelFriction(novel), conn,
                work.resolve("truth.json"));
          }
          LocalDate from = end.minusDays(dates - 1L);
          report.printf("generated %,d users over %d days (seed %d)%n", users, days, seed);
          timedRun(report, url, from, end, work);
          Files.writeString(work.resolve("backfilled"), from + ".." + end);
        }
        plantedTopFrictions(report, url, end, work.resolve("truth.json"));
        if (i == 0) {
          throughFakeGemini(report, url, end, work);
          if (dates >= 22) {
            trainAndReport(report, url, end);
          }
        }
      }
    }
    int[] scale = java.util.Arrays.stream(Args.string(args, "discoveryScale", "").split(",")).map(String::strip)
        .filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
    if (scale.length > 0) {
      DiscoveryScale.report(report, scale, Args.integer(args, "sampled", 2000), seeds.get(0));
    }
    doc.save();
  }

  /** Runs from..to offline and says how long it took. */
  private static void timedRun(PrintStream report, String url, LocalDate from, LocalDate to, Path work) {
    long t0 = System.nanoTime();
    backfill(url, from, to, work);
    report.printf("ran %s..%s offline in %.0f s%n", from, to, (System.nanoTime() - t0) / 1e9);
  }

  private static final String FAKE_KEY = "fake-gemini-key";

  /**
   * The Gemini path on the same day: the last date run again with {@code --llm=gemini} (the real client, prompt,
   * parser and guard) against the fake Gemini on loopback, then the same comparison. The fake's {@link
   * InsightsResponder} is not a language model: it reads the prompt's header counts, each conversation's failed-job
   * categories and a few word families in the user's lines, and names frictions in varied free words.
   */
  private static void throughFakeGemini(PrintStream report, String url, LocalDate date, Path work) throws Exception {
    Behaviour fake = Behaviour.builder().apiKey(FAKE_KEY).rpm(100_000).tpm(1_000_000_000L).latency(Duration.ZERO)
        .responder(new InsightsResponder()).build();
    int calls;
    try (FakeGemini gemini = FakeGemini.start(fake)) {
      // A child JVM: the workers' DoFns read the key from the process environment, as in production.
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx3g", "-cp", System.getProperty("java.class.path"), DailyAnalysisPipeline.class.getName(),
          "--jdbcUrl=" + url, "--date=" + date, "--force", "--outputDir=" + work.resolve("out-gemini"),
          "--progressSeconds=0", "--llm=gemini", "--geminiBaseUrl=" + gemini.baseUrl(), "--llmRpm=100000",
          "--llmTpm=1000000000", "--maxLlmCostUsd=100",
          // Themes by all-MiniLM: the fake's embeddings are hashed words, not a model's, so they cannot group meaning.
          "--geminiEmbeddingModel=none"));
      Path log = work.resolve("gemini-run.log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put(GeminiCaller.DEFAULT_API_KEY_ENV, FAKE_KEY);
      int exit = pb.start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("the Gemini run failed (" + exit + "); see " + log);
      }
      calls = gemini.requestCount();
    }
    report.printf("%nthe same date with --llm=gemini against the fake Gemini (%,d calls). The fake is not a language"
        + " model: it reads%nthe prompt's header (credit limit hits), each conversation's failed-job categories and a few"
        + " word families in%nthe user's lines, and names each problem in one of several free-word phrasings. Themes are"
        + " grouped by all-MiniLM%n(--geminiEmbeddingModel=none): the fake's embeddings are hashed words.%n", calls);
    plantedTopFrictions(report, url, date, work.resolve("truth.json"));
  }

  /** Every date from..to (a date already run is run again: --force). */
  private static void backfill(String url, LocalDate from, LocalDate to, Path work) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DailyAnalysisPipeline.run(new String[] {"--jdbcUrl=" + url, "--from=" + from, "--to=" + to, "--force",
        "--outputDir=" + work.resolve("out"), "--progressSeconds=0"}, new PrintStream(OutputStream.nullOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException("backfill failed: " + err.toString(StandardCharsets.UTF_8));
    }
  }

  private static void trainAndReport(PrintStream report, String url, LocalDate end) throws Exception {
    ReturnModel model;
    try (Connection conn = DriverManager.getConnection(url)) {
      model = ReturnHistory.train(conn, end.plusDays(1));
    }
    ReturnModel.Report r = model.report();
    report.printf("%nwho will return: %s%n", ReturnModel.METHOD);
    if (!model.trained()) {
      report.println("  " + r.status());
      return;
    }
    report.printf("  trained on %s..%s: %,d user-days%n", r.trainFrom(), r.trainTo(), r.trainExamples());
    report.printf("  held out   %s..%s: %,d user-days, %.1f%% returned%n", r.holdoutFrom(), r.holdoutTo(),
        r.holdoutExamples(), 100 * r.holdoutBaseRate());
    report.printf("  hold-out AUC %.3f (target >= 0.80); Brier score %.3f (base-rate guess: %.3f)%n",
        r.holdoutAuc(), r.holdoutBrier(), r.holdoutBaseRate() * (1 - r.holdoutBaseRate()));
  }
}
