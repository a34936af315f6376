package pmf.signals.transforms.model;

/**
 * One {@code analysis_cache} row: a user's metrics, their insights (or why there are none), the day's tier and their
 * segment, how they were selected and the users they stand for in estimates, the audit fields, and what its model calls
 * cost.
 */
public record UserAnalysis(
    String userId,
    UserMetrics metrics,
    Insights insights,
    String tier,
    String tierReason,
    Integer segmentId,
    String selection,
    boolean outlier,
    double sampleWeight,
    String inputHash,
    String promptVersion,
    String model,
    LlmStatus llmStatus,
    String statusReason,
    int llmCalls,
    int tokensIn,
    int tokensOut,
    double costUsd,
    Double returnProbability) {

  /** This row with the return model's probability for the user (null: no trained model yet). */
  public UserAnalysis withReturnProbability(Double probability) {
    return new UserAnalysis(userId, metrics, insights, tier, tierReason, segmentId, selection, outlier, sampleWeight,
        inputHash, promptVersion, model, llmStatus, statusReason, llmCalls, tokensIn, tokensOut, costUsd, probability);
  }
}
