package pmf.signals.transforms.analyze;

import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;

/**
 * What an analyzer made of one user: insights, or a status that says why there are none, and what it cost (model calls
 * made, tokens billed and their estimated price, failed attempts included).
 */
public record AnalyzerResult(
    Insights insights, LlmStatus status, String reason, int calls, int tokensIn, int tokensOut, double costUsd) {

  public static AnalyzerResult of(Insights insights, LlmStatus status) {
    return new AnalyzerResult(insights, status, null, 0, 0, 0, 0.0);
  }

  public static AnalyzerResult without(LlmStatus status, String reason) {
    return new AnalyzerResult(null, status, reason, 0, 0, 0, 0.0);
  }
}
