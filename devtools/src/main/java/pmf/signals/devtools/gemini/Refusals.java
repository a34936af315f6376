package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What the real API refuses before any model runs, worded as Google words it: unknown and retired models and calls a
 * model does not serve (404 {@code NOT_FOUND}), and parameters the model does not take (400 {@code INVALID_ARGUMENT}).
 * A fake proves only what it refuses: without these, tests pass on a model Google has shut down.
 */
final class Refusals {

  /** The most requests one {@code batchEmbedContents} call may hold. */
  static final int MAX_BATCH_EMBEDDINGS = 100;

  private static final String ONLY_THINKS = "Budget 0 is invalid. This model only works in thinking mode.";

  /** One refusal: HTTP code, {@code error.status} and {@code error.message}. */
  record Refusal(int code, String status, String message) {
    ObjectNode body() {
      return FakeGemini.error(code, message, status);
    }
  }

  private Refusals() {}

  /** {@code models.get}: a 404 unless {@code model} is live. */
  static Refusal lookup(FakeModels models, String version, String model) {
    boolean live = models.get(model).filter(m -> !m.retired()).isPresent();
    return live ? null
        : new Refusal(404, "NOT_FOUND", "models/" + model + " is not found for API version " + version + ".");
  }

  /**
   * {@code generateContent}, in the API's order: the model (404), the body, the thinking settings, the output and
   * input limits (400). Null when accepted.
   */
  static Refusal generation(FakeModels models, String version, String model, JsonNode body) {
    FakeModel m = models.get(model).filter(x -> x.serves(FakeModel.Kind.GENERATION)).orElse(null);
    if (m == null) {
      return notFound(version, model, "generateContent");
    }
    if (body == null || !body.isObject() || !body.path("contents").isArray()) {
      return invalid("Invalid JSON payload received. * GenerateContentRequest.contents: contents is not specified");
    }
    JsonNode config = field(body, "generationConfig");
    Refusal thinking = thinking(m, version, field(config, "thinkingConfig"));
    if (thinking != null) {
      return thinking;
    }
    JsonNode maxOutput = field(config, "maxOutputTokens");
    if (present(maxOutput) && maxOutput.asLong() > m.outputTokenLimit()) {
      return invalid("Unable to submit request because it has a maxOutputTokens value of " + maxOutput.asLong()
          + " but the supported range is from 1 (inclusive) to " + (m.outputTokenLimit() + 1L)
          + " (exclusive). Update the value and try again.");
    }
    long promptTokens = FakeGemini.estimateTokens(FakeGemini.promptText(body));
    if (promptTokens > m.inputTokenLimit()) {
      return invalid("The input token count (" + promptTokens + ") exceeds the maximum number of tokens allowed ("
          + m.inputTokenLimit() + ").");
    }
    return null;
  }

  /** {@code embedContent} and {@code batchEmbedContents}: a live embedding model, at most 100 texts a batch. */
  static Refusal embedding(FakeModels models, String version, String model, String action, JsonNode body) {
    if (models.get(model).filter(x -> x.serves(FakeModel.Kind.EMBEDDING)).isEmpty()) {
      return notFound(version, model, action);
    }
    if (body != null && body.path("requests").size() > MAX_BATCH_EMBEDDINGS) {
      return invalid("* BatchEmbedContentsRequest.requests: at most " + MAX_BATCH_EMBEDDINGS
          + " requests can be in one batch");
    }
    return null;
  }

  /** Gemini 3 sets thinking by level (budget kept, but never 0); Gemini 2.5 by budget only. */
  private static Refusal thinking(FakeModel m, String version, JsonNode thinkingConfig) {
    JsonNode levelNode = field(thinkingConfig, "thinkingLevel");
    JsonNode budgetNode = field(thinkingConfig, "thinkingBudget");
    boolean hasLevel = present(levelNode);
    boolean hasBudget = present(budgetNode);
    // The docs write levels in lower case too ("low"); anything else fails to parse as the enum.
    String level = levelNode.asText().toUpperCase(Locale.ROOT);
    if (hasLevel && !FakeModel.ALL_LEVELS.contains(level)) {
      return invalid("Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/"
          + "google.ai.generativelanguage." + version + ".ThinkingConfig.ThinkingLevel), \"" + levelNode.asText()
          + "\"");
    }
    if (hasLevel && hasBudget) {
      return invalid("You can only set only one of thinking budget and thinking level.");
    }
    int budget = budgetNode.asInt();
    if (m.thinking() instanceof FakeModel.Levels levels) {
      if (hasLevel && !levels.levels().contains(level)) {
        return invalid("Thinking level " + level + " is not supported for this model.");
      }
      return hasBudget && budget == 0 ? invalid(ONLY_THINKS) : null;
    }
    FakeModel.Budget range = (FakeModel.Budget) m.thinking();
    if (hasLevel) {
      return invalid("Thinking level is not supported for this model.");
    }
    if (!hasBudget || budget == -1 || (budget >= range.min() && budget <= range.max())) {
      return null;
    }
    if (budget == 0) {
      return range.canTurnOff() ? null : invalid(ONLY_THINKS);
    }
    return invalid("The thinking budget " + budget + " is invalid. Please choose a value between " + range.min()
        + " and " + range.max() + ".");
  }

  private static Refusal notFound(String version, String model, String action) {
    return new Refusal(404, "NOT_FOUND", "models/" + model + " is not found for API version " + version
        + ", or is not supported for " + action + ". Call ListModels to see the list of available models and their"
        + " supported methods.");
  }

  private static Refusal invalid(String message) {
    return new Refusal(400, "INVALID_ARGUMENT", message);
  }

  /** A field by its JSON or its proto name: the API takes both ({@code thinkingConfig}, {@code thinking_config}). */
  private static JsonNode field(JsonNode parent, String jsonName) {
    JsonNode v = parent.path(jsonName);
    return v.isMissingNode() ? parent.path(jsonName.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT)) : v;
  }

  private static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }
}
