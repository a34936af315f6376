package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Computes the model's answer text for a generateContent request. Must be deterministic and thread-safe:
 * the fake calls it concurrently from its handler threads.
 */
@FunctionalInterface
public interface Responder {

  /** @param request the full parsed request body ({@code contents}, {@code systemInstruction}, ...) */
  String answer(JsonNode request);

  /** The default: a small valid JSON object derived from the request only. */
  static Responder defaultResponder() {
    return request -> {
      String prompt = FakeGemini.promptText(request);
      return "{\"ok\":true,\"promptChars\":" + prompt.length() + ",\"digest\":\""
          + Integer.toHexString(prompt.hashCode()) + "\"}";
    };
  }
}
