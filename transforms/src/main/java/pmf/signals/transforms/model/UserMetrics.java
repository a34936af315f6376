package pmf.signals.transforms.model;

import java.util.Map;

/**
 * Behavioural metrics of one user for one analysis date; computed without any LLM. Rates are null when their
 * denominator is zero (no finished jobs), so "unknown" never reads as "0%". The "on date" counts are what went wrong on
 * the analysis date itself; they are null in rows stored before they were measured.
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
    int creditLimitHits,
    Integer creditLimitHitsOnDate,
    Integer creditsRemaining,
    String plan,
    int downloads,
    int shares,
    int activeDays,
    Integer daysSinceSignup,
    boolean returnedAfterFirstDay,
    Double hoursToFirstSuccessfulJob,
    DataQuality quality) {}
