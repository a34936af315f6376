package pmf.signals.transforms.model;

/** Where a user got stuck. {@code evidence}: failed_job | repeated_request | complaint | abandonment. */
public record FrictionPoint(String description, int severity, String evidence) {}
