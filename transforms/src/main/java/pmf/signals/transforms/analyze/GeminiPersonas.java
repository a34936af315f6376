package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import pmf.signals.transforms.segment.Persona;
import pmf.signals.transforms.segment.PersonaBrief;
import pmf.signals.transforms.segment.PersonaWriter;
import pmf.signals.transforms.segment.WrittenPersona;

/**
 * Segment personas from an LLM: one call per segment, from its {@link PersonaBrief} (aggregates only), through the
 * same worker's quota, in-flight window and budget as the user analysis of the run ({@link LlmRuntime}). The answer is
 * untrusted: it must match the prompt's schema and scrub clean. When anything fails — schema, scrub, safety, quota
 * after its waits, budget, a rejected key — the rules' persona stands, its source saying why. Made by {@link
 * GeminiAnalyzer#personas}.
 */
public final class GeminiPersonas implements PersonaWriter {
  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  private final String runKey;
  private final LlmCaller analysisCaller;
  private final LlmCaller caller;
  private final PromptTemplate prompt;
  private final LlmSettings settings;
  private final LlmAnswers answers;
  private transient LlmRuntime runtime;
  private transient JsonNode schema;

  GeminiPersonas(String runKey, LlmCaller analysisCaller, LlmCaller caller, PromptTemplate prompt,
      LlmSettings settings, LlmAnswers answers) {
    this.runKey = runKey;
    this.analysisCaller = analysisCaller;
    this.caller = caller;
    this.prompt = prompt;
    this.settings = settings;
    this.answers = answers;
  }

  /** Personas kept in {@code answers} are reused for the same brief, model and prompt, at no cost; null: none. */
  public GeminiPersonas reusing(LlmAnswers answers) {
    return new GeminiPersonas(runKey, analysisCaller, caller, prompt, settings, answers);
  }

  /** Who wrote a persona: the model and the prompt's version. */
  public String source() {
    return "gemini:" + caller.model() + " " + prompt.version();
  }

  @Override
  public void setup() throws Exception {
    schema = prompt.schema();
    caller.setup();
    // The run's runtime in this worker: the one the user analysis used, or (when a runner has let it go) its quota
    // and budget as that stage left them.
    runtime = GeminiAnalyzer.runtime(runKey, analysisCaller, settings);
  }

  @Override
  public void teardown() throws Exception {
    if (runtime != null) {
      runtime.release();
      runtime = null;
    }
    caller.teardown();
  }

  @Override
  public WrittenPersona write(PersonaBrief brief, Persona offline) {
    String key = answers == null ? null : LlmAnswers.key("persona", caller.model(), prompt.version(), brief.text());
    JsonNode known = key == null ? null : answers.find(List.of(key)).get(key);
    if (known != null && !known.path("name").asText().isBlank()) {
      return WrittenPersona.offline(new Persona(known.path("name").asText(), known.path("description").asText(),
          source()));
    }
    WrittenPersona written = ask(brief, offline);
    if (key != null && written.persona() != null && source().equals(written.persona().source())) {
      answers.store(key, "persona", caller.model(), Json.MAPPER.createObjectNode()
          .put("name", written.persona().name()).put("description", written.persona().description()));
    }
    return written;
  }

  private WrittenPersona ask(PersonaBrief brief, Persona offline) {
    LlmRequest request =
        new LlmRequest(prompt.systemInstruction(), prompt.userTurn(brief.text()), settings.maxOutputTokens());
    try {
      runtime.window().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notSent(offline, "interrupted");
    }
    try {
      String fatal = runtime.fatal();
      if (fatal != null) {
        return notSent(offline, "not sent, an earlier call failed with " + fatal);
      }
      if (!runtime.budget().tryStart()) {
        return notSent(offline, String.format(Locale.ROOT, "budget of $%.2f reached", settings.maxCostUsd()));
      }
      return callUntilAnswered(request, "segment-" + brief.segmentId(), offline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notSent(offline, "interrupted");
    } finally {
      runtime.window().release();
    }
  }

  /** Retries what waiting can fix (quota, 5xx, timeouts); an answer that came but is unusable is not asked again. */
  private WrittenPersona callUntilAnswered(LlmRequest request, String jitterKey, Persona offline)
      throws InterruptedException {
    LlmRuntime.Exchange<Persona> exchange = runtime.exchange(caller, request, jitterKey, settings.retry(),
        GeminiAnalyzer.MAX_QUOTA_WAITS, (sent, reply) -> {
          Read read = read(reply.text(), schema, source());
          return LlmRuntime.Read.answer(read.persona() != null ? read.persona() : rulesPersona(offline, read.failure()));
        },
        (sent, failure) -> failure.kind() == LlmCallException.Kind.BAD_ANSWER ? null : sent);
    Persona persona = exchange.value() != null ? exchange.value() : rulesPersona(offline, exchange.failure().reason());
    return finish(persona, exchange.calls(), exchange.tokensIn(), exchange.tokensOut());
  }

  /** A persona, or why the answer is none: exactly one is set. */
  record Read(Persona persona, String failure) {}

  /**
   * Pure: the persona in a model's answer. It must match the schema, and neither string may hold anything the scrubber
   * takes for personal data (the brief held none, so the model made it up); the failure never quotes the answer.
   */
  static Read read(String answer, JsonNode schema, String source) {
    JsonNode tree;
    try {
      tree = Json.tree(InsightsParser.unfenced(answer == null ? "" : answer.strip()));
    } catch (JsonProcessingException e) {
      return new Read(null, "schema");
    }
    List<String> errors = new ArrayList<>();
    InsightsParser.check(tree, schema, "$", errors);
    if (!errors.isEmpty() || tree.path("name").asText().isBlank() || tree.path("description").asText().isBlank()) {
      return new Read(null, "schema");
    }
    String name = tree.get("name").asText().strip();
    String description = tree.get("description").asText().strip();
    if (!clean(name) || !clean(description)) {
      return new Read(null, "personal data");
    }
    return new Read(new Persona(name, description, source), null);
  }

  private static boolean clean(String text) {
    return SCRUBBER.scrubText(text, Placeholders.forUser()).equals(text);
  }

  /** The rules' persona, its source saying why the LLM's is not there. */
  static Persona rulesPersona(Persona offline, String why) {
    return new Persona(offline.name(), offline.description(), "offline-rules (LLM persona failed: " + why + ")");
  }

  /** Nothing was sent: the rules' persona at no cost. */
  private static WrittenPersona notSent(Persona offline, String why) {
    return WrittenPersona.offline(rulesPersona(offline, why));
  }

  private WrittenPersona finish(Persona persona, int calls, int tokensIn, int tokensOut) {
    double cost = settings.prices().costUsd(caller.model(), tokensIn, tokensOut);
    runtime.budget().record(cost);
    return new WrittenPersona(persona, calls, tokensIn, tokensOut, cost);
  }
}
