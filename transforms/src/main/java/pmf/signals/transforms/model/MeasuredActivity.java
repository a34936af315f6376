package pmf.signals.transforms.model;

/** A user's activity next to the metrics computed from it. */
public record MeasuredActivity(UserActivity activity, UserMetrics metrics) {}
