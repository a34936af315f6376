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
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiModels;
import pmf.signals.llm.GeminiPreflight;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
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
import pmf.signals.transforms.discover.DiscoverThemes;
import pmf.signals.transforms.discover.Discovered;
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

  /** The JVM's start (epoch ms) when this process was started as the command, until its first date's run counts it. */
  private static volatile long jvmStartToCount;

  private DailyAnalysisPipeline() {}

  public static void main(String[] args) {
    PrintStream report = System.out;
    // stdout carries only the run's report. Libraries print there only by mistake (Beam 2.70.0's JdbcIO prints
    // each read's schema name, "null"); they log to stderr.
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    jvmStartToCount = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
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
    StageTimes times = stageTimes();
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
      SourceCheck.Result source = times.time("the source check", () -> db.step("the source check",
          conn -> SourceCheck.run(conn, config.queries(), config.options().getQueries() == null, config.consent(),
              config.window(), config.options().getMaxMessageChars(), config.tierThresholds())));
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
      return runDate(config.fittedTo(source), source.activeUsers(), db, times, out, err);
    } catch (SQLException | IOException e) {
      err.println("error: cannot use PostgreSQL at " + config.db().redactedUrl() + ": " + firstLine(e.getMessage()));
      return USAGE;
    }
  }

  /**
   * The date's run once the check passed; every database step takes a short connection from {@code db}, so a
   * connection lost mid-run (a failover, an idle timeout) costs a retry, not the run.
   */
  private static int runDate(RunConfig config, long activeUsers, LauncherDb db, StageTimes times, PrintStream out,
      PrintStream err) throws SQLException, IOException {
    LOG.info("connected to {}", config.db().redactedUrl());
    if (!config.options().getSkipMigrations()) {
      try {
        times.time("migrations", () -> {
          Migrations.apply(config.db());
          return null;
        });
        LOG.info("migrations applied");
      } catch (RuntimeException e) {
        err.println("error: migrating pmf-signals' tables failed: " + firstLine(e.getMessage()));
        return USAGE;
      }
    }
    LocalDate date = config.window().date();
    UUID runId = UUID.randomUUID();
    String runner = config.options().getRunner().getSimpleName();
    Instant started = times.time("the ledger and source quality", () -> db.step("opening the ledger row",
        conn -> RunLedger.open(conn, runId, date, runner, config.analyzer().model(), config.optionsJson())));
    long t0 = System.nanoTime();
    LOG.info("run {}: {} on {} with the {} analyzer", runId, date, runner, config.analyzer().model());
    try {
      JsonNode sourceQuality = times.time("the ledger and source quality",
          () -> db.step("source quality", conn -> sourceQuality(conn, config)));
      if (activeUsers == 0) { // counted by the source check, on the same fitted queries
        // Nobody to analyse: no graph to run (DirectRunner can spin on side inputs of an all-empty graph); the
        // day still gets its ledger row, an empty summary and a report that says so.
        LOG.info("no active users on {}; nothing to run", date);
        DailySummary.Inputs empty = config.summaryInputs(ReturnModel.train(List.of()));
        times.time("the day's summary", () -> db.step("storing the empty day", conn -> {
          DailyOutputs.storeEmpty(conn, date, empty);
          return null;
        }));
      } else {
        RunHistory history =
            times.time("history", () -> db.step("reading earlier dates", conn -> RunHistory.before(conn, date)));
        Pipeline pipeline = Pipeline.create(config.options());
        List<String> order = times.time("building the graph", () -> {
          buildPipeline(pipeline, config, history);
          return StageTimes.order(pipeline);
        });
        LOG.info("pipeline built; running");
        PipelineResult result;
        try (RunProgress progress = RunProgress.start(config.db(), config.queries(), config.window(), started,
            Duration.ofSeconds(config.options().getProgressSeconds()), err)) {
          result = times.time(StageTimes.GRAPH, () -> {
            PipelineResult running = pipeline.run();
            progress.watch(running, order);
            running.waitUntilFinish();
            return running;
          });
        }
        times.graphSteps(order, result.metrics().queryMetrics(StageTimes.filter()));
        PipelineResult.State state = result.getState();
        LOG.info("pipeline {}", state);
        afterGraph.run();
        if (state != PipelineResult.State.DONE) {
          throw new IllegalStateException("pipeline ended in state " + state);
        }
      }
      int stale = times.time("the day's summary",
          () -> db.step("removing stale rows", conn -> RunSummary.removeStaleRows(conn, date, started)));
      double wall = (System.nanoTime() - t0) / 1e9;
      ObjectNode stored = times.time("the day's summary",
          () -> db.step("reading the day's summary", conn -> DailyOutputs.read(conn, date)));
      ObjectNode summary = times.time("the day's summary", () -> db.step("collecting the run summary",
          conn -> RunSummary.collect(conn, date, started, runId.toString(), runner, config.analyzer().model(),
              sourceQuality, stale, wall, config.options().getMinGroupUsers(), stored.get("estimates"))));
      String degraded = RunSummary.degraded(summary, config.options().getMaxLlmFailureShare());
      if (degraded != null) {
        summary.put("degraded", degraded);
      }
      // Each attempt completes a copy, so an attempt cut short by a lost connection adds no spend twice.
      ObjectNode daily = times.time("the day's summary", () -> db.step("completing the daily summary", conn -> {
        ObjectNode attempt = summary.deepCopy();
        ObjectNode completed = DailyOutputs.complete(conn, date, stored.deepCopy(), attempt, config.rollup(), degraded);
        summary.setAll(attempt);
        return completed;
      }));
      Path dir = Path.of(config.options().getOutputDir()).resolve(date.toString());
      times.time("writing the report and Slack", () -> {
        DailyOutputs.writeFiles(daily, dir);
        DailyOutputs.postToSlack(daily, config.slackWebhookUrl(), config.options().getSlackMaxAttempts(), err);
        return null;
      });
      RunSummary.addThemes(summary, daily);
      summary.set("stages", times.json()); // the one place the run's step times join its summary
      db.step("closing the ledger row", conn -> {
        RunLedger.succeed(conn, runId, degraded != null, summary.get("tier").asText(), Json.write(summary));
        return null;
      });
      Path file = RunSummary.write(summary, Path.of(config.options().getOutputDir()), date);
      out.print(RunSummary.table(summary));
      out.print(StageTimes.table(summary.get("stages")));
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

  /** Times a date's run: from the JVM's start when the process was started for it, else from now. */
  private static StageTimes stageTimes() {
    long jvmStart = jvmStartToCount;
    jvmStartToCount = 0;
    StageTimes.Meter meter = StageTimes.Meter.system();
    return jvmStart > 0 ? StageTimes.sinceJvmStart(meter, Math.max(0, meter.epochMillis() - jvmStart))
        : StageTimes.start(meter);
  }

  /** Builds the graph. Tests call this with a {@code TestPipeline}. */
  static void buildPipeline(Pipeline pipeline, RunConfig config, RunHistory history) {
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

    SegmentHistory previous = history.segments();
    PCollectionView<Segmentation> segments =
        measured.apply("SegmentUsers", SegmentUsers.of(date, config.segmentSettings(),
            config.options().getSegmentSampleSize(), previous.previous(), previous.nextId(), activeUsers,
            config.tierThresholds()));

    PCollectionTuple routed =
        measured.apply("RouteByTier", RouteByTier.forDate(date).withSampling(config.sampling())
            .withActiveUsers(activeUsers).withSegments(segments));

    PCollectionTuple analysed =
        routed.get(RouteByTier.ANALYZE).apply("AnalyzeUser", AnalyzeUser.with(config.analyzer()).reusing(source));
    PCollection<UserAnalysis> rows = analysed.get(AnalyzeUser.ROWS);

    PCollectionView<Map<Integer, SegmentProfile>> profiles =
        rows.apply("ProfileSegments", ProfileSegments.create()).apply("ProfilesAsMap", View.asMap());
    PCollection<UserAnalysis> inherited =
        routed.get(RouteByTier.INHERIT).apply("InheritInsights", InheritInsights.from(profiles)
            .withMinGroupUsers(config.options().getMinGroupUsers())
            .withAnalyzer(config.analyzer().promptVersion(), config.analyzer().model()));

    ReturnModel returnModel = history.returnModel();
    PCollection<UserAnalysis> allRows = PCollectionList.of(rows).and(inherited)
        .apply("AllRows", Flatten.pCollections())
        .setCoder(JsonCoder.of(UserAnalysis.class))
        .apply("ScoreReturn", ScoreReturn.with(returnModel));
    allRows.apply("WriteAnalysisCache", WriteAnalysisCache.to(source, date));

    PCollection<SegmentRecord> segmentRecords = routed.get(RouteByTier.TALLIES)
        .apply("DescribeSegments", DescribeSegments.of(segments, profiles).withPrevious(previous.previous())
            .withMinGroupUsers(config.options().getMinGroupUsers()).withPersonaWriter(config.personas()));
    segmentRecords.apply("WriteSegments", WriteSegments.to(source, date));

    // What users wrote, clustered: read users only (the sample on C/D days), so its cost is bounded like the LLM's.
    PCollectionView<Discovered> discovered = routed.get(RouteByTier.ANALYZE)
        .apply("DiscoverThemes", DiscoverThemes.create().withMinGroupUsers(config.options().getMinGroupUsers()))
        .apply("DiscoveredAsSingleton", View.asSingleton());

    DailySummary.Inputs inputs = config.summaryInputs(returnModel);
    allRows
        .apply("SummarizeDay", SummarizeDay.of(inputs, config.themeEmbedder(),
            segmentRecords.apply("SegmentsAsList", View.asList())).withDiscovered(discovered))
        .apply("WriteDailySummary", WriteDailySummary.to(source, date));

    PCollectionList.of(read.get(ReadActivity.FAILURES))
        .and(analysed.get(AnalyzeUser.FAILURES))
        .apply("FlattenFailures", Flatten.pCollections())
        .setCoder(JsonCoder.of(Failure.class))
        .apply("WriteFailures", WriteFailures.to(source, date));
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

  /** A message's first line: what the console shows of an exception (its stack trace goes to the log). */
  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
