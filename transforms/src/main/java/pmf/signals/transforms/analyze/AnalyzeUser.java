package pmf.signals.transforms.analyze;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Selection;
import pmf.signals.transforms.timing.StageClock;

/**
 * Gives every routed user an {@link UserAnalysis} row: the analyzer's insights for consenting users the day's plan
 * selected, and for everyone else metrics with a status that says why there are no insights. Nobody is dropped.
 *
 * <p>Analyzers that wait on the network ({@link InsightAnalyzer#concurrency()} above one) take another path: users are
 * spread over the workers in {@value #SHARDS} shards (a {@code GroupByKey} on a hash of the user, which is the
 * reshuffle), and each worker keeps that many analyses in flight while it works through a shard. (Runners make small
 * bundles, DirectRunner often of one element, so a window that had to drain at every bundle's end would rarely fill.)
 * With {@link #reusing} set, a user whose input hash matches an earlier row with insights gets those insights again
 * ({@code cached}) and costs no call.
 *
 * <pre>{@code
 * PCollectionTuple analysed = routed.get(RouteByTier.ANALYZE).apply("AnalyzeUser", AnalyzeUser.with(analyzer));
 * }</pre>
 */
public final class AnalyzeUser extends PTransform<PCollection<Routed>, PCollectionTuple> {
  public static final TupleTag<UserAnalysis> ROWS = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  /** Shards of users for network-bound analyzers: enough to spread over a cluster, few enough to keep each full. */
  static final int SHARDS = 16;

  private static final int LOOKUP_BATCH = 500;

  private final InsightAnalyzer analyzer;
  private final JdbcIO.DataSourceConfiguration cache;

  private AnalyzeUser(InsightAnalyzer analyzer, JdbcIO.DataSourceConfiguration cache) {
    this.analyzer = analyzer;
    this.cache = cache;
  }

  public static AnalyzeUser with(InsightAnalyzer analyzer) {
    return new AnalyzeUser(analyzer, null);
  }

  /**
   * Reuse insights from {@code analysis_cache} in this database, for analyzers that {@linkplain
   * InsightAnalyzer#reusesAnswers() reuse answers}.
   */
  public AnalyzeUser reusing(JdbcIO.DataSourceConfiguration cache) {
    return new AnalyzeUser(analyzer, cache);
  }

  @Override
  public PCollectionTuple expand(PCollection<Routed> routed) {
    PCollectionTuple out;
    if (analyzer.concurrency() <= 1 && !analyzer.reusesAnswers()) {
      out =
          routed.apply(
              "Analyze",
              ParDo.of(new AnalyzeEachFn(analyzer)).withOutputTags(ROWS, TupleTagList.of(FAILURES)));
    } else {
      out =
          routed
              .apply("ShardUsers", ParDo.of(new ShardFn()))
              .setCoder(KvCoder.of(VarIntCoder.of(), JsonCoder.of(Routed.class)))
              .apply("SpreadOverWorkers", GroupByKey.create())
              .apply(
                  "Analyze",
                  ParDo.of(new AnalyzeShardFn(analyzer, analyzer.reusesAnswers() ? cache : null))
                      .withOutputTags(ROWS, TupleTagList.of(FAILURES)));
    }
    out.get(ROWS).setCoder(JsonCoder.of(UserAnalysis.class));
    out.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return out;
  }

  /** Decides, before any analyzer runs, whether this user may be analysed at all. */
  public static AnalyzerResult gate(UserProfile profile) {
    if (!profile.known()) {
      return AnalyzerResult.without(LlmStatus.SKIPPED, "unknown_user: no users row, so no consent");
    }
    if (!profile.consented()) {
      return AnalyzerResult.without(LlmStatus.NO_CONSENT, "analytics_consent is not true");
    }
    return null;
  }

  /** Pure: what the analyzer is given for this user, and the hash that identifies it. */
  static AnalysisInput input(InsightAnalyzer analyzer, Routed routed) {
    MeasuredActivity m = routed.measured();
    String fingerprint =
        gate(m.activity().profile()) == null
            ? analyzer.inputFingerprint(m.activity(), m.metrics())
            : m.activity().sourceHash(); // nothing is sent for them, so nothing to fingerprint but their rows
    return new AnalysisInput(m, routed.route(), fingerprint,
        InputHash.of(m.activity().userId(), fingerprint, analyzer.promptVersion(), analyzer.model()), null, null);
  }

  /** Runs the gate, the cache and the analyzer for one user; never throws. */
  static AnalyzerResult analyse(InsightAnalyzer analyzer, AnalysisInput input) {
    AnalyzerResult gated = gate(input.measured().activity().profile());
    if (gated != null) {
      return gated;
    }
    if (input.reusable() != null) {
      return new AnalyzerResult(
          input.reusable(), LlmStatus.CACHED, "same input as the row of " + input.reusedFrom(), 0, 0, 0, 0.0);
    }
    if (overBudget(input)) {
      return AnalyzerResult.without(LlmStatus.SKIPPED_BUDGET, "over --maxLlmCallsPerRun: " + input.route().tierReason());
    }
    try {
      // The fingerprint is rendered once: for Gemini it is the context the call sends.
      return analyzer.analyze(input.measured().activity(), input.measured().metrics(), input.fingerprint());
    } catch (RuntimeException e) {
      // A bug in one analyzer call must cost one user's insights, not the run; the row still carries metrics.
      return AnalyzerResult.without(LlmStatus.FAILED, "analyzer error: " + e.getClass().getSimpleName());
    }
  }

  private static boolean overBudget(AnalysisInput input) {
    return input.route().selection() == Selection.OVER_BUDGET;
  }

  /** Pure: the row for one user, given what the analyzer (or the gate, or the cache) made of them. */
  static UserAnalysis row(AnalysisInput input, InsightAnalyzer analyzer, AnalyzerResult result) {
    Route route = input.route();
    return new UserAnalysis(
        input.userId(),
        input.measured().metrics(),
        result.insights(),
        route.tier(),
        route.tierReason(),
        route.segmentId(),
        route.selection().dbValue(),
        route.outlier(),
        route.weight(),
        input.inputHash(),
        analyzer.promptVersion(),
        analyzer.model(),
        result.status(),
        result.reason(),
        result.calls(),
        result.tokensIn(),
        result.tokensOut(),
        result.costUsd(),
        null);
  }

  /** Counts and emits one row, and its dead letter when it failed. */
  private static void emit(DoFn<?, UserAnalysis>.ProcessContext c, UserAnalysis row, Counters counters) {
    if (row.llmStatus() == LlmStatus.FAILED) {
      counters.failed.inc();
      c.output(FAILURES, new Failure(row.userId(), "analyze", row.statusReason()));
    } else if (row.insights() == null) {
      counters.skipped.inc();
    } else {
      counters.analysed.inc();
    }
    c.output(row);
  }

  private static final class Counters implements Serializable {
    final Counter analysed = Metrics.counter(AnalyzeUser.class, "users_analysed");
    final Counter skipped = Metrics.counter(AnalyzeUser.class, "users_skipped");
    final Counter failed = Metrics.counter(AnalyzeUser.class, "users_failed");
  }

  /** One user at a time, for analyzers that need only the CPU. */
  static final class AnalyzeEachFn extends DoFn<Routed, UserAnalysis> {
    private final InsightAnalyzer analyzer;
    private final Counters counters = new Counters();
    private final StageClock clock = StageClock.system();

    AnalyzeEachFn(InsightAnalyzer analyzer) {
      this.analyzer = analyzer;
    }

    @Setup
    public void setup() throws Exception {
      analyzer.setup();
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        AnalysisInput input = input(analyzer, c.element());
        emit(c, row(input, analyzer, analyse(analyzer, input)), counters);
      }
    }

    @Teardown
    public void teardown() throws Exception {
      analyzer.teardown();
    }
  }

  /** Keys each user by a stable hash, so the same user always lands in the same shard. */
  static final class ShardFn extends DoFn<Routed, KV<Integer, Routed>> {
    @ProcessElement
    public void processElement(@Element Routed r, OutputReceiver<KV<Integer, Routed>> out) {
      out.output(KV.of(Math.floorMod(r.userId().hashCode(), SHARDS), r));
    }
  }

  /**
   * Works through one shard of users with up to {@link InsightAnalyzer#concurrency()} analyses in flight on a small
   * thread pool, looking up reusable insights a batch at a time first. Rows are emitted on the DoFn's own thread
   * (Beam's output and metrics are not thread-safe), in the order the analyses finish.
   */
  static final class AnalyzeShardFn extends DoFn<KV<Integer, Iterable<Routed>>, UserAnalysis> {
    private final InsightAnalyzer analyzer;
    private final JdbcIO.DataSourceConfiguration cache;
    private final Counters counters = new Counters();
    private final Counter reused = Metrics.counter(AnalyzeUser.class, "users_reused");
    private final StageClock clock = StageClock.system();
    private transient DataSource cacheSource;
    private transient ExecutorService pool;
    private transient Semaphore slots;

    AnalyzeShardFn(InsightAnalyzer analyzer, JdbcIO.DataSourceConfiguration cache) {
      this.analyzer = analyzer;
      this.cache = cache;
    }

    @Setup
    public void setup() throws Exception {
      analyzer.setup();
      if (cache != null) {
        cacheSource = JdbcIO.DataSourceProviderFromDataSourceConfiguration.of(cache).apply(null);
      }
      int window = Math.max(1, analyzer.concurrency());
      pool = Executors.newFixedThreadPool(window, r -> {
        Thread t = new Thread(r, "analyze-user");
        t.setDaemon(true);
        return t;
      });
      slots = new Semaphore(window);
    }

    @ProcessElement
    public void processElement(ProcessContext c) throws Exception {
      try (StageClock.Lap lap = clock.lap()) {
        analyseShard(c);
      }
    }

    private void analyseShard(ProcessContext c) throws Exception {
      Deque<Future<Analysed>> inFlight = new ArrayDeque<>();
      List<AnalysisInput> batch = new ArrayList<>(LOOKUP_BATCH);
      for (Routed r : c.element().getValue()) {
        batch.add(input(analyzer, r));
        if (batch.size() == LOOKUP_BATCH) {
          submit(c, batch, inFlight);
          batch.clear();
        }
      }
      submit(c, batch, inFlight);
      while (!inFlight.isEmpty()) {
        emitAnalysed(c, inFlight.poll().get());
      }
    }

    private void submit(ProcessContext c, List<AnalysisInput> batch, Deque<Future<Analysed>> inFlight)
        throws Exception {
      List<AnalysisInput> inputs = cacheSource == null || batch.isEmpty() ? batch : eligibleWithCache(batch);
      for (AnalysisInput input : inputs) {
        if (input.reusable() != null || gate(input.measured().activity().profile()) != null || overBudget(input)) {
          emit(c, row(input, analyzer, analyse(analyzer, input)), counters);
          continue;
        }
        slots.acquire(); // the in-flight window: wait until one of this shard's analyses finishes
        inFlight.add(pool.submit(() -> {
          StageClock.Lap lap = clock.lap();
          try {
            return new Analysed(row(input, analyzer, analyse(analyzer, input)), lap.elapsed().cpuNanos());
          } finally {
            slots.release();
          }
        }));
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
          emitAnalysed(c, inFlight.poll().get());
        }
      }
    }

    /** Emits a row analysed on the pool, counting the pool thread's CPU time in this step. */
    private void emitAnalysed(ProcessContext c, Analysed analysed) {
      clock.addCpu(analysed.cpuNanos());
      emit(c, analysed.row(), counters);
    }

    /** A row and the CPU time its analysis took on a pool thread. */
    private record Analysed(UserAnalysis row, long cpuNanos) {}

    /** Looks up reusable insights for the batch's consenting users in one query. */
    private List<AnalysisInput> eligibleWithCache(List<AnalysisInput> batch) throws Exception {
      List<AnalysisInput> out = ReusableInsights.attach(cacheSource, batch);
      for (AnalysisInput input : out) {
        if (input.reusable() != null) {
          reused.inc();
        }
      }
      return out;
    }

    @Teardown
    public void teardown() throws Exception {
      if (pool != null) {
        pool.shutdownNow();
      }
      analyzer.teardown();
    }
  }
}
