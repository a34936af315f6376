package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiModels;
import pmf.signals.llm.GeminiPreflight;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
import pmf.signals.transforms.analyze.GeminiAnalyzer;
import pmf.signals.transforms.analyze.GeminiPersonas;
import pmf.signals.transforms.analyze.GeminiRollup;
import pmf.signals.transforms.analyze.InsightAnalyzer;
import pmf.signals.transforms.analyze.LlmAnswers;
import pmf.signals.transforms.analyze.LlmSettings;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.analyze.PromptTemplate;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.SourceQueries;
import pmf.signals.transforms.segment.PersonaWriter;
import pmf.signals.transforms.segment.SegmentFitter;
import pmf.signals.transforms.summary.DailySummary;
import pmf.signals.transforms.summary.LabelEmbedder;
import pmf.signals.transforms.summary.ReturnModel;
import pmf.signals.transforms.summary.SummarizeDay;
import pmf.signals.transforms.tier.SamplingSettings;
import pmf.signals.transforms.tier.Tier;

/**
 * Everything a run needs, parsed from the options and validated up front so mistakes surface before any work starts.
 * Building it reads nothing from the database: what a run reads of earlier dates is {@link RunHistory}.
 */
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

  /**
   * What groups labels into themes: Gemini's embeddings when the run has a key (--llm=gemini) and
   * --geminiEmbeddingModel is not 'none', else all-MiniLM.
   */
  LabelEmbedder themeEmbedder() {
    return analyzer instanceof GeminiAnalyzer gemini && !"none".equalsIgnoreCase(options.getGeminiEmbeddingModel())
        ? LabelEmbedder.gemini(options.getGeminiEmbeddingModel(), options.getGeminiBaseUrl(),
            GeminiCaller.DEFAULT_API_KEY_ENV, gemini.run(), LlmAnswers.in(db.dataSource()))
        : LabelEmbedder.miniLm();
  }

  /** What the day's summary is told about the run. */
  DailySummary.Inputs summaryInputs(ReturnModel returnModel) {
    return new DailySummary.Inputs(window.date(), analyzer.model(),
        analyzer instanceof OfflineAnalyzer ? RunSummary.OFFLINE_WARNING : null, options.getMinGroupUsers(),
        returnModel.report(), SummarizeDay.method(themeEmbedder()), notes);
  }

  /** --timeZone's value; an unknown zone is one line. */
  static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--timeZone: unknown time zone " + name);
    }
  }

  /** A date option's value; a malformed one is the one line that names the option. */
  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be YYYY-MM-DD, got " + value);
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
    ZoneId zone = zone(options.getTimeZone());
    LocalDate date =
        options.getDate() == null ? LocalDate.now(zone).minusDays(1) : date("--date", options.getDate());
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
    List<String[]> models = new ArrayList<>();
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
    if (!(analyzer instanceof GeminiAnalyzer gemini)) {
      return null;
    }
    PriceTable prices = gemini.run().prices(); // as parsed when the analyzer was built
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
    // run() returns at once, so the progress line can read the graph's metrics while it runs.
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--blockOnRun"))) {
      direct.setBlockOnRun(false);
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
