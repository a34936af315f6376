package pmf.signals.transforms.model;

/**
 * One {@code analysis_cache} row: a user's metrics, their insights (or why there are none), the audit fields, and what
 * its model calls cost.
 */
public record UserAnalysis(
    String userId,
    UserMetrics metrics,
    Insights insights,
    String tier,
    String tierReason,
    String inputHash,
    String promptVersion,
    String model,
    LlmStatus llmStatus,
    String statusReason,
    int llmCalls,
    int tokensIn,
    int tokensOut,
    double costUsd) {}
