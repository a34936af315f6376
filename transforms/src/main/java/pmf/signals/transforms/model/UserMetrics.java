package pmf.signals.transforms.model;

import java.util.Map;

/**
 * Behavioural metrics of one user for one analysis date; computed without any LLM. Rates are null when their
 * denominator is zero (no finished jobs), so "unknown" never reads as "0%". The "on date" counts are what went wrong on
 * the analysis date itself; they are null in rows stored before they were measured. Downloads, shares and credit-limit
 * hits come from {@code user_actions}: they are null, never 0, while a team does not track them yet.
 */
public record UserMetrics(
    int conversations,
    int conversationsOnDate,
    int userMessages,
    int assistantMessages,
    int toolMessages,
    int systemMessages,
    double avgConversationDepth,
    Double toolMessageShare,
    Map<String, Integer> jobsByService,
    int jobs,
    int jobsSucceeded,
    int jobsFailed,
    int jobsCancelled,
    int jobsPending,
    Integer jobsFailedOnDate,
    Double jobSuccessRate,
    Double jobFailureRate,
    int creditsUsed,
    int creditsUsedOnFailedJobs,
    Integer creditLimitHits,
    Integer creditLimitHitsOnDate,
    Integer creditsRemaining,
    String plan,
    Integer downloads,
    Integer shares,
    int activeDays,
    Integer daysSinceSignup,
    boolean returnedAfterFirstDay,
    Double hoursToFirstSuccessfulJob,
    DataQuality quality) {

  /** A count that may be unknown (not tracked) as a number for sums and rules: unknown counts as none. */
  public static int orZero(Integer count) {
    return count == null ? 0 : count;
  }
}
