package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import pmf.signals.llm.Budget;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.LlmCaller;
import pmf.signals.llm.LlmRequest;
import pmf.signals.llm.LlmRun;
import pmf.signals.llm.LlmRuntime;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
import pmf.signals.llm.Throttle;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;

/**
 * Insights from an LLM: one user's context in a versioned prompt, sent through the worker's share of the quota, the
 * answer checked against the prompt's schema. Failures are retried with backoff (the server's retry delay when it
 * gives one); an unusable answer is retried with a repaired request; what still fails becomes a dead letter with
 * its reason, and the user keeps their metrics. Calls stop once the budget is spent.
 */
public final class GeminiAnalyzer implements InsightAnalyzer {
  private static final int MAX_OUTPUT_TOKENS_CAP = 8192;
  static final int MAX_QUOTA_WAITS = 20;

  private final LlmCaller caller;
  private final PromptTemplate prompt;
  private final LlmSettings settings;
  private final LocalDate date;
  private final String runKey = UUID.randomUUID().toString();
  private transient LlmRuntime runtime;
  private transient JsonNode schema;

  public GeminiAnalyzer(LlmCaller caller, PromptTemplate prompt, LlmSettings settings, LocalDate date) {
    this.caller = caller;
    this.prompt = prompt;
    this.settings = settings;
    this.date = date;
  }

  @Override
  public String model() {
    return caller.model();
  }

  @Override
  public String promptVersion() {
    return prompt.version();
  }

  @Override
  public boolean reusesAnswers() {
    return true;
  }

  @Override
  public int concurrency() {
    return settings.concurrency();
  }

  @Override
  public String inputFingerprint(UserActivity activity, UserMetrics metrics) {
    return context(activity, metrics).text();
  }

  @Override
  public void setup() throws Exception {
    schema = prompt.schema();
    runtime = runtime(runKey, caller, settings);
  }

  /** This worker's runtime of run {@code runKey}: its share of the quota and budget, and the in-flight window. */
  static LlmRuntime runtime(String runKey, LlmCaller caller, LlmSettings settings) throws Exception {
    double share = 1.0 / settings.workers();
    return LlmRuntime.acquire(
        runKey,
        caller,
        () -> Throttle.create(settings.rpm(), settings.tpm(), share),
        () -> new Budget(settings.maxCostUsd() * share),
        settings.concurrency());
  }

  /**
   * The segments' persona writer of this run: {@code personaCaller} asks for {@code personaPrompt}'s schema, and its
   * calls share this analyzer's quota, in-flight window and budget in each worker.
   */
  public GeminiPersonas personas(LlmCaller personaCaller, PromptTemplate personaPrompt) {
    return new GeminiPersonas(runKey, caller, personaCaller, personaPrompt, settings, null);
  }

  /** The day's roll-up of this run: {@code rollupCaller} asks for {@code rollupPrompt}'s schema, in this run's quota. */
  public GeminiRollup rollup(LlmCaller rollupCaller, PromptTemplate rollupPrompt) {
    return new GeminiRollup(runKey, caller, rollupCaller, rollupPrompt, settings, null);
  }

  /** This run's spending rules for later stages (the themes' embeddings): same quota, budget, retries and prices. */
  public LlmRun run() {
    return new AnalyzerRun(runKey, caller, settings);
  }

  private record AnalyzerRun(String runKey, LlmCaller caller, LlmSettings settings) implements LlmRun {
    @Override
    public LlmRuntime acquire() throws Exception {
      return runtime(runKey, caller, settings);
    }

    @Override
    public RetryPolicy retry() {
      return settings.retry();
    }

    @Override
    public PriceTable prices() {
      return settings.prices();
    }
  }

  @Override
  public void teardown() throws Exception {
    if (runtime != null) {
      runtime.release();
      runtime = null;
    }
  }

  private PromptContext.Built context(UserActivity activity, UserMetrics metrics) {
    return PromptContext.build(activity, metrics, date, settings.maxPromptTokens());
  }

  @Override
  public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics) {
    return analyze(activity, metrics, inputFingerprint(activity, metrics));
  }

  /** Sends {@code context}, the user's rendered and scrubbed context ({@link #inputFingerprint}). */
  @Override
  public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics, String context) {
    String fatal = runtime.fatal();
    if (fatal != null) {
      return AnalyzerResult.without(LlmStatus.FAILED, "not sent: an earlier call failed with " + fatal);
    }
    LlmRequest request = new LlmRequest(prompt.systemInstruction(), prompt.userTurn(context), settings.maxOutputTokens());
    try {
      runtime.window().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AnalyzerResult.without(LlmStatus.FAILED, "interrupted");
    }
    try {
      // Checked again inside the window: a call that failed while this one waited may have ended the run.
      fatal = runtime.fatal();
      if (fatal != null) {
        return AnalyzerResult.without(LlmStatus.FAILED, "not sent: an earlier call failed with " + fatal);
      }
      // Checked inside the window: calls already started are the most the budget can be overshot by.
      if (!runtime.budget().tryStart()) {
        return AnalyzerResult.without(
            LlmStatus.SKIPPED_BUDGET, String.format("the budget of $%.2f was reached", settings.maxCostUsd()));
      }
      return callUntilUsable(activity.userId(), request, context);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AnalyzerResult.without(LlmStatus.FAILED, "interrupted");
    } finally {
      runtime.window().release();
    }
  }

  /** One user's exchange: an answer that fails the schema is asked again with the errors; give up with a reason. */
  private AnalyzerResult callUntilUsable(String userId, LlmRequest request, String context)
      throws InterruptedException {
    String source = "gemini:" + caller.model();
    LlmRuntime.Exchange<InsightsGuard.Guarded> exchange = runtime.exchange(runtime.caller(), request, userId,
        settings.retry(), MAX_QUOTA_WAITS, (sent, reply) -> {
          InsightsParser.Parsed parsed = InsightsParser.parse(reply.text(), schema, source);
          if (!parsed.errors().isEmpty()) {
            LlmCallException invalid =
                new LlmCallException(LlmCallException.Kind.BAD_ANSWER, "schema_invalid: " + parsed.errors().get(0));
            return LlmRuntime.Read.unusable(invalid, repaired(sent, invalid, parsed.errors()));
          }
          return LlmRuntime.Read.answer(InsightsGuard.clean(parsed.insights(), context));
        },
        (sent, failure) -> repaired(sent, failure, List.of()));
    InsightsGuard.Guarded guarded = exchange.value();
    if (guarded != null) {
      String note = guarded.withheld() == 0
          ? null : guarded.withheld() + " answer strings withheld: they repeated the user's words";
      return finish(guarded.insights(), LlmStatus.OK, note, exchange.calls(), exchange.tokensIn(),
          exchange.tokensOut());
    }
    int calls = exchange.calls();
    String reason = exchange.failure().explained() + " (" + calls + (calls == 1 ? " call)" : " calls)");
    return finish(null, LlmStatus.FAILED, reason, calls, exchange.tokensIn(), exchange.tokensOut());
  }

  static final String BLOCKED_NOTE =
      "Describe only the behaviour and outcomes; do not repeat or quote any of the user's content.";

  /** A prompt or answer the service blocked (safety, recitation, ...): one re-send with a note may pass, more will not. */
  static boolean blocked(String reason) {
    return reason.startsWith("blocked_prompt")
        || reason.matches("finish_(safety|recitation|blocklist|prohibited_content|spii|image_safety)");
  }

  /**
   * The next attempt's request: unchanged for transport trouble, changed where a changed request can help, null when
   * asking again cannot help (a block the repaired request already met: each blocked call is paid for).
   */
  static LlmRequest repaired(LlmRequest request, LlmCallException failure, List<String> schemaErrors) {
    if (failure.kind() != LlmCallException.Kind.BAD_ANSWER) {
      return request;
    }
    String reason = failure.reason();
    if (blocked(reason) && request.userTurn().endsWith("[repair] " + BLOCKED_NOTE)) {
      return null;
    }
    if (reason.startsWith("finish_max_tokens")) {
      return new LlmRequest(
          request.systemInstruction(),
          request.userTurn(),
          Math.min(MAX_OUTPUT_TOKENS_CAP, request.maxOutputTokens() * 2));
    }
    String note;
    if (reason.startsWith("schema_invalid")) {
      note = "Your previous answer did not match the required JSON schema (" + String.join("; ", schemaErrors)
          + "). Answer again with JSON that matches it exactly.";
    } else {
      note = BLOCKED_NOTE;
    }
    String base = request.userTurn();
    int earlier = base.indexOf("\n\n[repair] ");
    if (earlier >= 0) {
      base = base.substring(0, earlier);
    }
    return new LlmRequest(request.systemInstruction(), base + "\n\n[repair] " + note, request.maxOutputTokens());
  }

  private AnalyzerResult finish(
      Insights insights,
      LlmStatus status,
      String reason,
      int calls,
      int tokensIn,
      int tokensOut) {
    double cost = settings.prices().costUsd(caller.model(), tokensIn, tokensOut);
    runtime.budget().record(cost);
    return new AnalyzerResult(insights, status, reason, calls, tokensIn, tokensOut, cost);
  }
}
