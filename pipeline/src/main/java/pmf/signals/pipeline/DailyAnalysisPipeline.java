package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.analyze.AnalyzeUser;
import pmf.signals.transforms.analyze.GeminiAnalyzer;
import pmf.signals.transforms.analyze.GeminiPersonas;
import pmf.signals.transforms.analyze.InsightAnalyzer;
import pmf.signals.transforms.analyze.LlmAnswers;
import pmf.signals.transforms.analyze.LlmSettings;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.analyze.GeminiRollup;
import pmf.signals.transforms.analyze.PromptTemplate;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.llm.GeminiCaller;
import pmf.signals.transforms.llm.GeminiModels;
import pmf.signals.transforms.llm.GeminiPreflight;
import pmf.signals.transforms.llm.PriceTable;
import pmf.signals.transforms.llm.RetryPolicy;
import pmf.signals.transforms.metrics.ComputeUserMetrics;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.BindParameters;
import pmf.signals.transforms.read.CountActiveUsers;
import pmf.signals.transforms.read.NamedSql;
import pmf.signals.transforms.read.ReadActivity;
import pmf.signals.transforms.read.SourceQueries;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.segment.DescribeSegments;
import pmf.signals.transforms.segment.InheritInsights;
import pmf.signals.transforms.segment.PersonaWriter;
import pmf.signals.transforms.segment.ProfileSegments;
import pmf.signals.transforms.segment.SegmentFitter;
import pmf.signals.transforms.segment.SegmentProfile;
import pmf.signals.transforms.segment.SegmentUsers;
import pmf.signals.transforms.segment.Segmentation;
import pmf.signals.transforms.tier.RouteByTier;
import pmf.signals.transforms.tier.SamplingSettings;
import pmf.signals.transforms.tier.Tier;
import pmf.signals.transforms.write.WriteSegments;
import pmf.signals.transforms.write.WriteDailySummary;
import pmf.signals.transforms.segment.SegmentRecord;
import pmf.signals.transforms.summary.DailySummary;
import pmf.signals.transforms.summary.LabelEmbedder;
import pmf.signals.transforms.summary.ReturnModel;
import pmf.signals.transforms.summary.ScoreReturn;
import pmf.signals.transforms.summary.SummarizeDay;
import pmf.signals.transforms.write.WriteAnalysisCache;
import pmf.signals.transforms.write.WriteFailures;

/**
 * The daily run: for {@code --date}, reads the day's active users and their history, computes metrics, analyses them
 * and upserts {@code analysis_cache}; records the run in {@code analysis_runs} and writes {@code summary.json}.
 *
 * <pre>
 * java -jar pmf-signals.jar --jdbcUrl=jdbc:postgresql://localhost:5432/app --jdbcUser=app --date=2026-11-23
 * </pre>
 */
public final class DailyAnalysisPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(DailyAnalysisPipeline.class);

  /**
   * Exit codes: 0 done, 1 the run failed, 2 bad options, a model or key the service refuses, or the database is
   * unreachable, 3 done but degraded (the LLM failed for more than --maxLlmFailureShare of the users).
   */
  static final int OK = 0;

  static final int RUN_FAILED = 1;
  static final int USAGE = 2;
  static final int DEGRADED = 3;

  /** A seam for tests: runs when the graph has finished, before the launcher's own steps (no-op in production). */
  static volatile Runnable afterGraph = () -> {};

  private DailyAnalysisPipeline() {}

  public static void main(String[] args) {
    PrintStream report = System.out;
    // stdout carries only the run's report. Libraries print there only by mistake (Beam 2.70.0's JdbcIO prints
    // each read's schema name, "null"); they log to stderr.
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    System.exit(run(args, report, System.err));
  }

  /** Parses, runs and reports; every expected problem ends as one clear line on {@code err} and an exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code env} for the process environment. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (UserStory.requested(args)) {
      return UserStory.run(args, out, err, env);
    }
    if (Backfill.requested(args)) {
      return Backfill.run(args, out, err, env);
    }
    return runOneDate(args, out, err, env);
  }

  /** One date's run (the {@code --date}); a backfill calls this for each date of its range. */
  static int runOneDate(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    RunConfig config;
    try {
      config = RunConfig.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    }
    String refused = config.options().getCheck() ? null : config.geminiPreflight(env, err);
    if (refused != null) {
      err.println("error: " + refused);
      return USAGE;
    }
    try (LauncherDb db = LauncherDb.open(config.db())) {
      SourceCheck.Result source = db.step("the source check", conn -> SourceCheck.run(conn, config.queries(),
          config.options().getQueries() == null, config.consent(), config.window(),
          config.options().getMaxMessageChars(), config.tierThresholds()));
      if (config.options().getCheck()) {
        out.print(SourceCheck.table(source, "source check for " + config.window().date() + " at "
            + config.db().redactedUrl() + " (" + config.queries().origin() + ")"));
        return source.ready() ? OK : USAGE;
      }
      if (!source.ready()) {
        source.problems().forEach(p -> err.println("error: " + p));
        return USAGE;
      }
      source.warnings().forEach(w -> err.println("warning: " + w));
      return runDate(config.fittedTo(source), source.activeUsers(), db, out, err);
    } catch (SQLException | IOException e) {
      err.println("error: cannot use PostgreSQL at " + config.db().redactedUrl() + ": " + firstLine(e.getMessage()));
      return USAGE;
    }
  }

  /**
   * The date's run once the check passed; every database step takes a short connection from {@code db}, so a
   * connection lost mid-run (a failover, an idle timeout) costs a retry, not the run.
   */
  private static int runDate(RunConfig config, long activeUsers, LauncherDb db, PrintStream out, PrintStream err)
      throws SQLException, IOException {
    LOG.info("connected to {}", config.db().redactedUrl());
    if (!config.options().getSkipMigrations()) {
      try {
        Migrations.apply(config.db());
        LOG.info("migrations applied");
      } catch (RuntimeException e) {
        err.println("error: migrating pmf-signals' tables failed: " + firstLine(e.getMessage()));
        return USAGE;
      }
    }
    LocalDate date = config.window().date();
    UUID runId = UUID.randomUUID();
    String runner = config.options().getRunner().getSimpleName();
    Instant started = db.step("opening the ledger row",
        conn -> RunLedger.open(conn, runId, date, runner, config.analyzer().model(), config.optionsJson()));
    long t0 = System.nanoTime();
    LOG.info("run {}: {} on {} with the {} analyzer", runId, date, runner, config.analyzer().model());
    try {
      JsonNode sourceQuality = db.step("source quality", conn -> sourceQuality(conn, config));
      if (activeUsers == 0) { // counted by the source check, on the same fitted queries
        // Nobody to analyse: no graph to run (DirectRunner can spin on side inputs of an all-empty graph); the
        // day still gets its ledger row, an empty summary and a report that says so.
        LOG.info("no active users on {}; nothing to run", date);
        DailySummary.Inputs empty = summaryInputs(config, ReturnModel.train(List.of()));
        db.step("storing the empty day", conn -> {
          DailyOutputs.storeEmpty(conn, date, empty);
          return null;
        });
      } else {
        Pipeline pipeline = Pipeline.create(config.options());
        buildPipeline(pipeline, config);
        LOG.info("pipeline built; running");
        PipelineResult.State state;
        try (RunProgress progress = RunProgress.start(config.db(), config.queries(), config.window(), started,
            Duration.ofSeconds(config.options().getProgressSeconds()), err)) {
          state = pipeline.run().waitUntilFinish();
        }
        LOG.info("pipeline {}", state);
        afterGraph.run();
        if (state != PipelineResult.State.DONE) {
          throw new IllegalStateException("pipeline ended in state " + state);
        }
      }
      int stale = db.step("removing stale rows", conn -> RunSummary.removeStaleRows(conn, date, started));
      double wall = (System.nanoTime() - t0) / 1e9;
      ObjectNode summary = db.step("collecting the run summary", conn -> RunSummary.collect(conn, date, started,
          runId.toString(), runner, config.analyzer().model(), sourceQuality, stale, wall,
          config.options().getMinGroupUsers()));
      String degraded = RunSummary.degraded(summary, config.options().getMaxLlmFailureShare());
      if (degraded != null) {
        summary.put("degraded", degraded);
      }
      // Each attempt completes a copy, so an attempt cut short by a lost connection adds no spend twice.
      ObjectNode daily = db.step("completing the daily summary", conn -> {
        ObjectNode attempt = summary.deepCopy();
        ObjectNode completed = DailyOutputs.complete(conn, date, attempt, config.rollup(), degraded);
        summary.setAll(attempt);
        return completed;
      });
      db.step("closing the ledger row", conn -> {
        RunLedger.succeed(conn, runId, degraded != null, summary.get("tier").asText(), Json.write(summary));
        return null;
      });
      Path file = RunSummary.write(summary, Path.of(config.options().getOutputDir()), date);
      DailyOutputs.writeFiles(daily, file.getParent());
      DailyOutputs.postToSlack(daily, config.slackWebhookUrl(), config.options().getSlackMaxAttempts(), err);
      out.print(RunSummary.table(summary));
      out.println("  summary          " + file.toAbsolutePath());
      out.println("  report           " + file.getParent().resolve("report.html").toAbsolutePath());
      db.step("writing the index page", conn -> {
        IndexPage.writeAndPrint(conn, Path.of(config.options().getOutputDir()), out, err);
        return null;
      });
      if (degraded != null) {
        err.println("error: " + date + ": " + degraded);
        return DEGRADED;
      }
      String refusal = summary.path("llm_failure_reason").asText("");
      if (refusal.startsWith("http_4")) { // a few users refused: not degraded, but Google's words say what to fix
        err.println("warning: " + date + ": Gemini refused some calls: " + refusal);
      }
      return OK;
    } catch (RuntimeException | IOException | SQLException e) {
      String reason = e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage()));
      LOG.error("run {} failed", runId, e);
      try {
        db.step("recording the failure", conn -> {
          RunLedger.fail(conn, runId, reason);
          return null;
        });
      } catch (SQLException | IOException ledgerDown) { // the run failed later: exit 1 even if the ledger cannot say so
        LOG.error("run {}: its failure could not be recorded in analysis_runs", runId, ledgerDown);
      }
      err.println("error: the run for " + date + " failed: " + reason + Main.logHint());
      return RUN_FAILED;
    }
  }

  /** Builds the graph. Tests call this with a {@code TestPipeline}. */
  static void buildPipeline(Pipeline pipeline, RunConfig config) {
    JdbcIO.DataSourceConfiguration source = config.db().dataSource();
    LocalDate date = config.window().date();

    PCollectionTuple read =
        pipeline.apply(
            "ReadActivity",
            ReadActivity.create(source, config.queries(), config.window())
                .withMaxMessageChars(config.options().getMaxMessageChars())
                .withPartitions(config.options().getReadPartitions()));
    PCollection<UserActivity> activity = read.get(ReadActivity.ACTIVITY);

    PCollectionView<Long> activeUsers =
        pipeline.apply("CountActiveUsers", CountActiveUsers.create(source, config.queries(), config.window()));

    PCollection<MeasuredActivity> measured =
        activity.apply("ComputeUserMetrics", ComputeUserMetrics.forDate(date, config.window().zoneId())
            .withActionsTracked(config.actionsTracked()));

    SegmentHistory history = config.segmentHistory();
    PCollectionView<Segmentation> segments =
        measured.apply("SegmentUsers", SegmentUsers.create(date, config.segmentSettings())
            .withSampleSize(config.options().getSegmentSampleSize())
            .withHistory(history.previous(), history.nextId())
            .withTier(activeUsers, config.tierThresholds()));

    PCollectionTuple routed =
        measured.apply("RouteByTier", RouteByTier.of(date, config.sampling(), activeUsers, segments));

    PCollectionTuple analysed =
        routed.get(RouteByTier.ANALYZE).apply("AnalyzeUser", AnalyzeUser.with(config.analyzer()).reusing(source));
    PCollection<UserAnalysis> rows = analysed.get(AnalyzeUser.ROWS);

    PCollectionView<Map<Integer, SegmentProfile>> profiles =
        rows.apply("ProfileSegments", ProfileSegments.create()).apply("ProfilesAsMap", View.asMap());
    PCollection<UserAnalysis> inherited =
        routed.get(RouteByTier.INHERIT).apply("InheritInsights", InheritInsights.from(profiles,
            config.options().getMinGroupUsers(), config.analyzer().promptVersion(), config.analyzer().model()));

    ReturnModel returnModel = config.returnModel();
    PCollection<UserAnalysis> allRows = PCollectionList.of(rows).and(inherited)
        .apply("AllRows", Flatten.pCollections())
        .setCoder(JsonCoder.of(UserAnalysis.class))
        .apply("ScoreReturn", ScoreReturn.with(returnModel));
    allRows.apply("WriteAnalysisCache", WriteAnalysisCache.to(source, date));

    PCollection<SegmentRecord> segmentRecords = routed.get(RouteByTier.TALLIES)
        .apply("DescribeSegments", DescribeSegments.of(segments, profiles, history.previous(),
            config.options().getMinGroupUsers()).withPersonaWriter(config.personas()));
    segmentRecords.apply("WriteSegments", WriteSegments.to(source, date));

    DailySummary.Inputs inputs = summaryInputs(config, returnModel);
    allRows
        .apply("SummarizeDay", SummarizeDay.of(inputs, themeEmbedder(config),
            segmentRecords.apply("SegmentsAsList", View.asList())))
        .apply("WriteDailySummary", WriteDailySummary.to(source, date));

    PCollectionList.of(read.get(ReadActivity.FAILURES))
        .and(analysed.get(AnalyzeUser.FAILURES))
        .apply("FlattenFailures", Flatten.pCollections())
        .setCoder(JsonCoder.of(Failure.class))
        .apply("WriteFailures", WriteFailures.to(source, date));
  }

  /** What the day's summary is told about the run. */
  static DailySummary.Inputs summaryInputs(RunConfig config, ReturnModel returnModel) {
    return new DailySummary.Inputs(config.window().date(), config.analyzer().model(),
        config.analyzer() instanceof OfflineAnalyzer ? RunSummary.OFFLINE_WARNING : null,
        config.options().getMinGroupUsers(), returnModel.report(), SummarizeDay.method(themeEmbedder(config)),
        config.notes());
  }

  /**
   * What groups labels into themes: Gemini's embeddings when the run has a key (--llm=gemini) and
   * --geminiEmbeddingModel is not 'none', else all-MiniLM.
   */
  static LabelEmbedder themeEmbedder(RunConfig config) {
    return config.analyzer() instanceof GeminiAnalyzer gemini
        && !"none".equalsIgnoreCase(config.options().getGeminiEmbeddingModel())
        ? LabelEmbedder.gemini(config.options().getGeminiEmbeddingModel(), config.options().getGeminiBaseUrl(),
            GeminiCaller.DEFAULT_API_KEY_ENV, gemini.run(), LlmAnswers.in(config.db().dataSource()))
        : LabelEmbedder.miniLm();
  }

  private static JsonNode sourceQuality(Connection conn, RunConfig config) throws SQLException, IOException {
    NamedSql sql = NamedSql.parse(config.queries().sql("source_quality"));
    try (PreparedStatement query = conn.prepareStatement(sql.sql())) {
      new BindParameters(sql, config.window().parameters(config.options().getMaxMessageChars(), 300, 1)).bind(query);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Json.tree(rs.getString(1)) : Json.MAPPER.createObjectNode();
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  /** Everything a run needs, validated up front so mistakes surface before any work starts. */
  record RunConfig(
      PmfOptions options,
      DatabaseSettings db,
      AnalysisWindow window,
      SourceQueries queries,
      InsightAnalyzer analyzer,
      PersonaWriter personas,
      GeminiRollup rollup,
      List<Long> tierThresholds,
      SamplingSettings sampling,
      SegmentFitter.Settings segmentSettings,
      SourceCheck.Consent consent,
      boolean actionsTracked,
      List<String> notes) {

    /** This config with the source queries fitted to the database the check found, and what it found. */
    RunConfig fittedTo(SourceCheck.Result source) {
      return new RunConfig(options, db, window, source.queries(), analyzer, personas, rollup, tierThresholds,
          sampling, segmentSettings, consent, source.actionsTracked(), source.notes());
    }

    /** The Slack webhook: {@code --slackWebhookUrl}, else the environment's {@value #SLACK_ENV}; null: none. */
    String slackWebhookUrl() {
      return options.getSlackWebhookUrl() != null ? options.getSlackWebhookUrl() : System.getenv(SLACK_ENV);
    }

    static final String SLACK_ENV = "PMF_SLACK_WEBHOOK_URL";

    /** Who will return: trained on the history before the date (read now, so the whole run sees one model). */
    ReturnModel returnModel() {
      try (Connection conn = db.connect()) {
        return ReturnHistory.train(conn, window.date());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the return model's history: " + firstLine(e.getMessage()), e);
      }
    }

    /** The segments of the latest earlier date (read now, so the whole run sees one answer). */
    SegmentHistory segmentHistory() {
      try (Connection conn = db.connect()) {
        return SegmentHistory.before(conn, window.date());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read analysis_segments: " + firstLine(e.getMessage()), e);
      }
    }

    static RunConfig parse(String[] args, Map<String, String> env) {
      PipelineOptionsFactory.register(PmfOptions.class);
      PmfOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(PmfOptions.class);
      if (options.getRunner() == DirectRunner.class) {
        tuneDirectRunner(options, args);
      }
      return of(options, env);
    }

    static RunConfig of(PmfOptions options, Map<String, String> env) {
      DatabaseSettings db = DatabaseSettings.from(options);
      ZoneId zone;
      try {
        zone = ZoneId.of(options.getTimeZone());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--timeZone: unknown time zone " + options.getTimeZone());
      }
      LocalDate date;
      try {
        date = options.getDate() == null ? LocalDate.now(zone).minusDays(1) : LocalDate.parse(options.getDate());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--date must be YYYY-MM-DD, got " + options.getDate());
      }
      if (options.getMinGroupUsers() < 2) {
        throw new IllegalArgumentException("--minGroupUsers must be at least 2");
      }
      if (options.getSegmentSampleSize() < 100) {
        throw new IllegalArgumentException("--segmentSampleSize must be at least 100");
      }
      if (options.getMaxMessageChars() < 100) {
        throw new IllegalArgumentException("--maxMessageChars must be at least 100");
      }
      SourceQueries queries;
      try {
        queries = SourceQueries.load(options.getQueries());
      } catch (IOException e) {
        throw new IllegalArgumentException("--queries: cannot read " + options.getQueries() + ": " + e.getMessage());
      }
      List<Long> thresholds = Tier.parseThresholds(options.getTierThresholds());
      InsightAnalyzer analyzer = analyzer(options, date, env);
      // With an LLM each segment's persona is one call; they share the users' quota, budget and call cap.
      // A re-run asks none of them again: their answers are kept in llm_answers by input hash.
      LlmAnswers answers = LlmAnswers.in(db.dataSource());
      PersonaWriter personas =
          analyzer instanceof GeminiAnalyzer gemini ? geminiPersonas(options, gemini).reusing(answers) : null;
      // ... and the day's answers one more call, after the run.
      GeminiRollup rollup =
          analyzer instanceof GeminiAnalyzer gemini ? geminiRollup(options, gemini).reusing(answers) : null;
      return new RunConfig(
          options,
          db,
          AnalysisWindow.of(date, zone, options.getLookbackDays()),
          queries,
          analyzer,
          personas,
          rollup,
          thresholds,
          new SamplingSettings(thresholds, options.getMaxLlmCallsPerRun(), options.getSamplePerSegment(),
              options.getNearestPerSegment(), options.getMaxOutlierShare(), options.getSampleSeed(),
              personas == null ? 0 : Math.max(options.getMaxClusters(), options.getClusters()),
              rollup == null ? 0 : 1),
          new SegmentFitter.Settings(options.getMinClusters(), options.getMaxClusters(), options.getClusters(),
              options.getSampleSeed(), options.getMinGroupUsers()),
          SourceCheck.Consent.of(options.getConsent(), options.getConsentColumn()),
          true,
          List.of());
    }

    static InsightAnalyzer analyzer(PmfOptions options, LocalDate date, Map<String, String> env) {
      return switch (options.getLlm()) {
        case "offline" -> new OfflineAnalyzer();
        case "gemini" -> gemini(options, date, env.get(GeminiCaller.DEFAULT_API_KEY_ENV));
        default -> throw new IllegalArgumentException("--llm must be offline or gemini, got " + options.getLlm());
      };
    }

    /** The Gemini analyzer, every setting checked here so a mistake is one line before any work starts. */
    static GeminiAnalyzer gemini(PmfOptions options, LocalDate date, String apiKey) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "--llm=gemini needs the API key in the " + GeminiCaller.DEFAULT_API_KEY_ENV + " environment variable");
      }
      PromptTemplate prompt = PromptTemplate.load("user_analysis", 2);
      PriceTable prices = PriceTable.parse(options.getLlmPrices());
      // A retired or unpriced model fails now, with its replacement named, not after the first call.
      for (String[] model : geminiModels(options)) {
        GeminiPreflight.Verdict verdict =
            GeminiPreflight.checkCatalogue(model[0], model[1], GeminiModels.bundled(), prices);
        if (!verdict.ok()) {
          throw new IllegalArgumentException(verdict.problem());
        }
      }
      if (options.getMaxLlmFailureShare() < 0 || options.getMaxLlmFailureShare() > 1) {
        throw new IllegalArgumentException("--maxLlmFailureShare must be between 0 and 1");
      }
      GeminiCaller caller = geminiCaller(options, prompt);
      if (options.getLlmMaxAttempts() < 1) {
        throw new IllegalArgumentException("--llmMaxAttempts must be at least 1");
      }
      LlmSettings settings =
          new LlmSettings(
              options.getLlmRpm(),
              options.getLlmTpm(),
              options.getLlmWorkers(),
              options.getLlmConcurrency(),
              RetryPolicy.withMaxAttempts(options.getLlmMaxAttempts()),
              options.getMaxPromptTokens(),
              options.getMaxOutputTokens(),
              options.getMaxLlmCostUsd(),
              prices);
      return new GeminiAnalyzer(caller, prompt, settings, date);
    }

    /** The segments' personas by Gemini, in the user analysis' quota, budget and call cap. */
    static GeminiPersonas geminiPersonas(PmfOptions options, GeminiAnalyzer analyzer) {
      PromptTemplate prompt = PromptTemplate.load("segment_persona", 1);
      return analyzer.personas(geminiCaller(options, prompt), prompt);
    }

    /** The day's answers by Gemini, one call in the run's quota, budget and call cap. */
    static GeminiRollup geminiRollup(PmfOptions options, GeminiAnalyzer analyzer) {
      PromptTemplate prompt = PromptTemplate.load("day_rollup", 1);
      return analyzer.rollup(geminiCaller(options, prompt), prompt);
    }

    /** A Gemini caller asking for {@code prompt}'s schema; the key is read from the environment on the worker. */
    static GeminiCaller geminiCaller(PmfOptions options, PromptTemplate prompt) {
      return GeminiCaller.builder(options.getGeminiModel())
          .baseUrl(options.getGeminiBaseUrl())
          .responseSchema(prompt.schemaJson())
          .thinking(GeminiModels.bundled().thinking(options.getGeminiModel(), options.getGeminiThinking()))
          .build();
    }

    /** The Gemini models a run would call, each as {option, model}: the analysis model, and the embedding model. */
    static List<String[]> geminiModels(PmfOptions options) {
      List<String[]> models = new java.util.ArrayList<>();
      models.add(new String[] {"--geminiModel", options.getGeminiModel()});
      if (!"none".equalsIgnoreCase(options.getGeminiEmbeddingModel())) {
        models.add(new String[] {"--geminiEmbeddingModel", options.getGeminiEmbeddingModel()});
      }
      return models;
    }

    /**
     * The Gemini path's check with the service before any work (one free {@code models.get} per model): a retired or
     * unknown model, or a refused key, is the returned line; null when the run may go.
     */
    String geminiPreflight(Map<String, String> env, PrintStream err) {
      if (!(analyzer instanceof GeminiAnalyzer)) {
        return null;
      }
      PriceTable prices = PriceTable.parse(options.getLlmPrices());
      for (String[] model : geminiModels(options)) {
        int maxOut = model[0].equals("--geminiModel") ? options.getMaxOutputTokens() : 0;
        GeminiPreflight.Verdict verdict = GeminiPreflight.check(model[0], model[1], GeminiModels.bundled(), prices,
            env.get(GeminiCaller.DEFAULT_API_KEY_ENV), options.getGeminiBaseUrl(), maxOut);
        if (verdict.warning() != null) {
          err.println("warning: " + verdict.warning());
        }
        if (!verdict.ok()) {
          return verdict.problem();
        }
      }
      return null;
    }

    /** DirectRunner's element checks re-encode every element; they multiply run time and belong in tests. */
    private static void tuneDirectRunner(PmfOptions options, String[] args) {
      DirectOptions direct = options.as(DirectOptions.class);
      if (Arrays.stream(args).noneMatch(a -> a.startsWith("--enforceImmutability"))) {
        direct.setEnforceImmutability(false);
      }
      if (Arrays.stream(args).noneMatch(a -> a.startsWith("--enforceEncodability"))) {
        direct.setEnforceEncodability(false);
      }
    }

    /** The options worth recording with a run, without secrets. */
    String optionsJson() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("jdbc_url", db.redactedUrl());
      node.put("jdbc_user", db.user());
      node.put("date", window.date().toString());
      node.put("lookback_days", window.lookbackDays());
      node.put("time_zone", window.zone());
      node.put("llm", options.getLlm());
      node.put("min_group_users", options.getMinGroupUsers());
      node.put("consent", consent.mode());
      node.put("consent_column", consent.column());
      node.put("actions_tracked", actionsTracked);
      if ("gemini".equals(options.getLlm())) {
        node.put("gemini_model", options.getGeminiModel());
        node.put("gemini_base_url", options.getGeminiBaseUrl());
        node.put("gemini_thinking", options.getGeminiThinking());
        node.put("max_llm_failure_share", options.getMaxLlmFailureShare());
        node.put("llm_rpm", options.getLlmRpm());
        node.put("llm_tpm", options.getLlmTpm());
        node.put("llm_workers", options.getLlmWorkers());
        node.put("llm_concurrency", options.getLlmConcurrency());
        node.put("llm_max_attempts", options.getLlmMaxAttempts());
        node.put("max_prompt_tokens", options.getMaxPromptTokens());
        node.put("max_llm_cost_usd", options.getMaxLlmCostUsd());
      }
      node.put("queries", options.getQueries() == null ? SourceQueries.BUNDLED : options.getQueries());
      node.put("max_message_chars", options.getMaxMessageChars());
      node.put("tier_thresholds", options.getTierThresholds());
      node.put("max_llm_calls_per_run", options.getMaxLlmCallsPerRun());
      node.put("sample_per_segment", options.getSamplePerSegment());
      node.put("nearest_per_segment", options.getNearestPerSegment());
      node.put("max_outlier_share", options.getMaxOutlierShare());
      node.put("sample_seed", options.getSampleSeed());
      node.put("clusters", options.getClusters());
      node.put("min_clusters", options.getMinClusters());
      node.put("max_clusters", options.getMaxClusters());
      node.put("segment_sample_size", options.getSegmentSampleSize());
      node.put("output_dir", options.getOutputDir());
      return Json.write(node);
    }
  }
}
