package pmf.signals.transforms.model;

/**
 * A user's activity next to the metrics computed from it. The words of their requests are read only for the users
 * segments are fitted on ({@code segment.SegmentUsers}), never here.
 */
public record MeasuredActivity(UserActivity activity, UserMetrics metrics) {}
