package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A stand-in model for the {@code day_rollup} prompt: reads the day's brief (the JSON between {@code <day>} tags) and
 * answers the four questions with sentences built from its figures only — the top picks in their order, the return
 * model's expectation, the first success difference, the largest persona — so tests can check what the pipeline does
 * with an answer, and that the brief held nothing personal.
 */
public final class DayRollupResponder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DayRollupResponder() {}

  /** Whether the request asks for the day's answers (the {@code day_rollup} schema). */
  public static boolean asksForRollup(JsonNode request) {
    return request.at("/generationConfig/responseSchema/properties").has("top_3_to_build");
  }

  /** The brief the request carries: the JSON between the {@code <day>} tags of its prompt. */
  public static JsonNode brief(JsonNode request) {
    String prompt = FakeGemini.promptText(request);
    int start = prompt.lastIndexOf("<day>");
    int end = prompt.lastIndexOf("</day>");
    try {
      return MAPPER.readTree(prompt.substring(start + "<day>".length(), end));
    } catch (Exception e) {
      throw new IllegalArgumentException("no day brief in the prompt", e);
    }
  }

  public static String answer(JsonNode request) {
    JsonNode day = brief(request);
    ObjectNode out = MAPPER.createObjectNode();
    JsonNode diff = day.path("success").path("differences").path(0);
    out.put("why_successful_users_succeed", diff.isMissingNode()
        ? "The day does not show what successful users do differently."
        : String.format(Locale.ROOT, "Successful users differ most in %s: %s against %s for the others.",
            diff.path("metric").asText(), diff.path("successful").asText(), diff.path("others").asText()));
    JsonNode model = day.path("return_model");
    out.put("who_will_return", model.path("holdout").has("auc")
        ? String.format(Locale.ROOT, "The model (AUC %.2f) expects %d of %d users back within a week.",
            model.path("holdout").path("auc").asDouble(), model.path("likely_to_return").path("users").asInt(),
            model.path("users_scored").asInt())
        : "The return model is not trained yet.");
    StringBuilder top = new StringBuilder();
    for (JsonNode pick : day.path("top_to_build")) {
      top.append(top.length() == 0 ? "" : " ").append(pick.path("rank").asInt()).append(". Fix ")
          .append(pick.path("theme").asText()).append(" (").append(pick.path("evidence").path("users").asInt())
          .append(" users).");
    }
    out.put("top_3_to_build", top.length() == 0 ? "Nothing stands out to build today." : top.toString());
    JsonNode largest = day.path("personas").path(0);
    out.put("personas", largest.isMissingNode() ? "No persona is large enough to describe today."
        : String.format(Locale.ROOT, "The largest persona, %s, is %.0f%% of the day's users.",
            largest.path("name").asText(), 100 * largest.path("share").asDouble()));
    return out.toString();
  }
}
