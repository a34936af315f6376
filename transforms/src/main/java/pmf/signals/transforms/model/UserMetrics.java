package pmf.signals.transforms.model;

import java.util.Map;

/**
 * Behavioural metrics of one user for one analysis date; computed without any LLM. Rates are null when their
 * denominator is zero (no finished jobs), so "unknown" never reads as "0%".
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
    Double jobSuccessRate,
    Double jobFailureRate,
    int creditsUsed,
    int creditsUsedOnFailedJobs,
    int creditLimitHits,
    Integer creditsRemaining,
    String plan,
    int downloads,
    int shares,
    int activeDays,
    Integer daysSinceSignup,
    boolean returnedAfterFirstDay,
    Double hoursToFirstSuccessfulJob,
    DataQuality quality) {}
