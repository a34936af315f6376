package pmf.signals.llm;

import java.io.Serializable;

/**
 * One request to the model: the shared system instruction (identical for every user, so the provider's prefix cache
 * can reuse it), one user's turn, and the output budget. Never logged: the user turn holds that user's context.
 */
public record LlmRequest(String systemInstruction, String userTurn, int maxOutputTokens) implements Serializable {

  /** A rough token count of the prompt (about four characters per token), for the tokens-per-minute budget. */
  public long estimatedPromptTokens() {
    return (systemInstruction.length() + userTurn.length() + 3) / 4;
  }
}
