package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pmf.signals.transforms.json.Json;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.LlmCaller;
import pmf.signals.llm.LlmRequest;
import pmf.signals.llm.LlmRuntime;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;
import pmf.signals.transforms.summary.DayBrief;
import pmf.signals.transforms.summary.WrittenAnswers;

/**
 * The day's answers in plain words from an LLM: one call after the run, given the summary's aggregates only
 * ({@link DayBrief}), through the run's quota and within its budget. The answer is untrusted: it must match the
 * prompt's schema and scrub clean; otherwise — or when the quota, the budget or the key fails it — the template answers
 * stand, and the source says why. Made by {@link GeminiAnalyzer#rollup}.
 */
public final class GeminiRollup {
  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  private final String runKey;
  private final LlmCaller analysisCaller;
  private final LlmCaller caller;
  private final PromptTemplate prompt;
  private final LlmSettings settings;
  private final LlmAnswers answers;

  GeminiRollup(String runKey, LlmCaller analysisCaller, LlmCaller caller, PromptTemplate prompt,
      LlmSettings settings, LlmAnswers answers) {
    this.runKey = runKey;
    this.analysisCaller = analysisCaller;
    this.caller = caller;
    this.prompt = prompt;
    this.settings = settings;
    this.answers = answers;
  }

  /** Answers kept in {@code answers} are reused for the same brief, model and prompt, at no cost; null: none. */
  public GeminiRollup reusing(LlmAnswers answers) {
    return new GeminiRollup(runKey, analysisCaller, caller, prompt, settings, answers);
  }

  /** Who wrote the answers: the model and the prompt's version. */
  public String source() {
    return "gemini:" + caller.model() + " " + prompt.version();
  }

  /** The day's answers for {@code summary}; {@code spentUsd} is what the run's other calls cost. */
  public WrittenAnswers write(JsonNode summary, double spentUsd) throws Exception {
    String brief = DayBrief.text(summary);
    String key = answers == null ? null : LlmAnswers.key("rollup", caller.model(), prompt.version(), brief);
    JsonNode known = key == null ? null : answers.find(List.of(key)).get(key);
    if (known instanceof ObjectNode kept && kept.size() > 0) {
      return new WrittenAnswers(kept, source(), 0, 0, 0, 0);
    }
    WrittenAnswers written = ask(brief, spentUsd);
    if (key != null && written.answers() != null) {
      answers.store(key, "rollup", caller.model(), written.answers());
    }
    return written;
  }

  private WrittenAnswers ask(String brief, double spentUsd) throws Exception {
    if (settings.maxCostUsd() > 0 && spentUsd >= settings.maxCostUsd()) {
      return WrittenAnswers.notSent(String.format(Locale.ROOT, "budget of $%.2f reached", settings.maxCostUsd()));
    }
    JsonNode schema = prompt.schema();
    LlmRuntime runtime = GeminiAnalyzer.runtime(runKey, analysisCaller, settings);
    caller.setup();
    try {
      String fatal = runtime.fatal();
      if (fatal != null) {
        return WrittenAnswers.notSent("not sent, an earlier call failed with " + fatal);
      }
      if (!runtime.budget().tryStart()) {
        return WrittenAnswers.notSent(String.format(Locale.ROOT, "budget of $%.2f reached", settings.maxCostUsd()));
      }
      LlmRequest request = new LlmRequest(prompt.systemInstruction(), prompt.userTurn(brief),
          settings.maxOutputTokens());
      // A reply that came but is unusable is not asked again: the templates already answer.
      LlmRuntime.Exchange<Read> exchange = runtime.exchange(caller, request, "day-rollup", settings.retry(),
          GeminiAnalyzer.MAX_QUOTA_WAITS, (sent, reply) -> LlmRuntime.Read.answer(read(reply.text(), schema)),
          (sent, failure) -> failure.kind() == LlmCallException.Kind.BAD_ANSWER ? null : sent);
      double cost = settings.prices().costUsd(caller.model(), exchange.tokensIn(), exchange.tokensOut());
      runtime.budget().record(cost);
      Read read = exchange.value();
      ObjectNode answers = read == null ? null : read.answers();
      String source = answers != null ? source()
          : WrittenAnswers.templates(read == null ? exchange.failure().reason() : read.failure());
      return new WrittenAnswers(answers, source, exchange.calls(), exchange.tokensIn(), exchange.tokensOut(), cost);
    } finally {
      caller.teardown();
      runtime.release();
    }
  }

  /** The answers, or why the reply holds none: exactly one is set. */
  record Read(ObjectNode answers, String failure) {}

  /**
   * Pure: the answers in a model's reply. It must match the schema, and no answer may hold anything the scrubber takes
   * for personal data (the brief held none, so the model made it up); the failure never quotes the reply.
   */
  static Read read(String reply, JsonNode schema) {
    JsonNode tree;
    try {
      tree = Json.tree(InsightsParser.unfenced(reply == null ? "" : reply.strip()));
    } catch (JsonProcessingException e) {
      return new Read(null, "schema");
    }
    List<String> errors = new ArrayList<>();
    InsightsParser.check(tree, schema, "$", errors);
    if (!errors.isEmpty()) {
      return new Read(null, "schema");
    }
    ObjectNode answers = Json.MAPPER.createObjectNode();
    for (JsonNode field : (Iterable<JsonNode>) () -> schema.path("required").elements()) {
      String text = tree.path(field.asText()).asText().strip();
      if (text.isEmpty()) {
        return new Read(null, "schema");
      }
      if (!SCRUBBER.scrubText(text, Placeholders.forUser()).equals(text)) {
        return new Read(null, "personal data");
      }
      answers.put(field.asText(), text);
    }
    return new Read(answers, null);
  }
}
