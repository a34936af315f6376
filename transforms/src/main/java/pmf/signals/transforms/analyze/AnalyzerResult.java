package pmf.signals.transforms.analyze;

import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;

/** What an analyzer made of one user: insights, or a status that says why there are none. */
public record AnalyzerResult(Insights insights, LlmStatus status, String reason, int tokensIn, int tokensOut) {

  public static AnalyzerResult of(Insights insights, LlmStatus status) {
    return new AnalyzerResult(insights, status, null, 0, 0);
  }

  public static AnalyzerResult without(LlmStatus status, String reason) {
    return new AnalyzerResult(null, status, reason, 0, 0);
  }
}
