package pmf.signals.transforms.model;

/**
 * Where a user got stuck. {@code evidence}: failed_job | repeated_request | complaint | abandonment. {@code cause}: the
 * kind of problem, one of prompts/user_analysis.v2's enum (credits_or_pricing, slow_or_timeout, ...); null on rows
 * written before causes were asked for.
 */
public record FrictionPoint(String description, int severity, String evidence, String cause) {
  /** The cause that says nothing about which problem it is: themes treat it like a missing one. */
  public static final String OTHER = "other";
}
