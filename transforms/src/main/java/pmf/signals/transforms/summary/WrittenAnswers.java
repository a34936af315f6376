package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The day's answers from the LLM roll-up, or null when the template answers stand; who wrote them or why the model's
 * did not (the {@code source}); and what the call cost.
 */
public record WrittenAnswers(ObjectNode answers, String source, int calls, int tokensIn, int tokensOut,
    double costUsd) {

  /** Nothing was sent: the templates stand, at no cost. */
  public static WrittenAnswers notSent(String why) {
    return new WrittenAnswers(null, templates(why), 0, 0, 0, 0.0);
  }

  /** The source of template answers the model's did not replace. */
  public static String templates(String why) {
    return "templates (LLM roll-up failed: " + why + ")";
  }
}
