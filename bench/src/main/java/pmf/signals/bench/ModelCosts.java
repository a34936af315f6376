package pmf.signals.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.EmbeddedDb;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.pipeline.DailyAnalysisPipeline;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiModels;

/**
 * What a day of the Gemini path costs on each model the catalogue prices: one date of a generated cohort run with
 * {@code --llm=gemini} for each such model against the fake Gemini (which refuses what Google refuses), the tokens the
 * run recorded (users, personas, the day's roll-up, embeddings), scaled to 1,000 analysed users and priced at each
 * model's list price. Also checks that no request of any model was refused (400/404).
 *
 * <p>Prompt tokens are the fake's estimate (characters / 4) of the real prompts the pipeline builds; answer tokens are
 * the fake's answers, which are shaped like the schema's; thinking tokens are not modelled (the default is the least
 * thinking each model allows).
 */
public final class ModelCosts {
  private static final String KEY = "model-costs-key";

  private ModelCosts() {}

  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-models");
    PrintStream report = doc.report(System.out);
    System.setOut(System.err); // JdbcIO prints stray lines; the figures go to the real stdout only
    int users = Args.integer(args, "users", 2000);
    LocalDate date = CohortSpec.DEFAULT_END_DATE;
    GeminiModels catalogue = GeminiModels.bundled();
    Path work = Files.createTempDirectory("pmf-bench-models");
    try (EmbeddedDb db = EmbeddedDb.start(work.resolve("pg"))) {
      String url = db.createDatabase("models");
      try (Connection conn = DriverManager.getConnection(url)) {
        CohortGenerator.load(CohortSpec.of(users, 42L), conn, work.resolve("truth.json"));
      }
      report.printf("model costs: %,d generated users, date %s, --llm=gemini against the fake Gemini; catalogue checked"
          + " %s%n", users, date, catalogue.checked());
      report.printf("%-24s %8s %9s %12s %12s %9s %14s %14s%n", "model", "refused", "analysed", "tokens in/user",
          "out/user", "calls", "$/1,000 users", "batch $/1,000");
      for (GeminiModels.Model model : catalogue.all()) {
        if (model.retired() || model.price() == null || !model.kind().equals("generate")) {
          continue;
        }
        try (FakeGemini fake = FakeGemini.start(Behaviour.builder().apiKey(KEY).rpm(100_000).tpm(1_000_000_000L)
            .latency(Duration.ZERO).responder(new InsightsResponder()).build())) {
          int exit = runDay(url, date, work, fake, model.name());
          long refused = fake.requests().stream().filter(r -> r.status() == 400 || r.status() == 404).count();
          try (Connection conn = DriverManager.getConnection(url); Statement q = conn.createStatement();
              ResultSet rs = q.executeQuery("SELECT count(*) FILTER (WHERE llm_status = 'ok'),"
                  + " (SELECT tokens_in FROM analysis_runs ORDER BY started_at DESC LIMIT 1),"
                  + " (SELECT tokens_out FROM analysis_runs ORDER BY started_at DESC LIMIT 1),"
                  + " (SELECT llm_calls FROM analysis_runs ORDER BY started_at DESC LIMIT 1)"
                  + " FROM analysis_cache WHERE analysis_date = '" + date + "'")) {
            rs.next();
            long analysed = rs.getLong(1);
            double in = rs.getLong(2) / (double) analysed;
            double out = rs.getLong(3) / (double) analysed;
            GeminiModels.Price p = model.price();
            double per1000 = 1000 * (in * p.input() + out * p.output()) / 1e6;
            double batch = 1000 * (in * p.batchInput() + out * p.batchOutput()) / 1e6;
            report.printf(Locale.ROOT, "%-24s %8d %9d %12.0f %12.0f %9d %14.2f %14.2f%s%n", model.name(), refused,
                analysed, in, out, rs.getLong(4), per1000, batch, exit == 0 ? "" : "  (exit " + exit + ")");
          }
        }
      }
      report.println("tokens per analysed user include that day's persona, roll-up and embedding calls; each model is"
          + " a fresh run (nothing reused)");
    }
    doc.save();
  }

  /** One date of the pipeline with {@code model}, in a child JVM whose environment carries the key, as in production. */
  private static int runDay(String url, LocalDate date, Path work, FakeGemini fake, String model) throws Exception {
    try (Connection conn = DriverManager.getConnection(url); Statement s = conn.createStatement()) {
      s.execute("DO $$ BEGIN IF to_regclass('llm_answers') IS NOT NULL THEN DELETE FROM llm_answers; END IF; END $$");
      s.execute("DO $$ BEGIN IF to_regclass('analysis_cache') IS NOT NULL THEN DELETE FROM analysis_cache; END IF; END $$");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx3g", "-cp", System.getProperty("java.class.path"), DailyAnalysisPipeline.class.getName(),
        "--jdbcUrl=" + url, "--date=" + date, "--outputDir=" + work.resolve("out-" + model), "--progressSeconds=0",
        "--llm=gemini", "--geminiModel=" + model, "--geminiBaseUrl=" + fake.baseUrl(), "--llmRpm=100000",
        "--llmTpm=1000000000", "--maxLlmCostUsd=0"));
    Path log = work.resolve("run-" + model + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put(GeminiCaller.DEFAULT_API_KEY_ENV, KEY);
    return pb.start().waitFor();
  }
}
