package pmf.signals.transforms.analyze;

import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.tier.Route;

/**
 * A measured user on their way to the analyzer: what the analyzer would read and its hash, and, when an earlier row
 * had exactly that input, its insights to reuse instead of calling again.
 *
 * @param route where the day's strategy sent the user (tier, segment, selection)
 * @param fingerprint what the analyzer reads of the user ({@link InsightAnalyzer#inputFingerprint}), rendered once
 * @param reusable insights of the latest earlier row with the same {@code inputHash}, or null
 * @param reusedFrom the analysis date of that row (ISO), or null
 */
public record AnalysisInput(
    MeasuredActivity measured, Route route, String fingerprint, String inputHash, Insights reusable,
    String reusedFrom) {

  public String userId() {
    return measured.activity().userId();
  }
}
