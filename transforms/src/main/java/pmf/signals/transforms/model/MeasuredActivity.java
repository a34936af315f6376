package pmf.signals.transforms.model;

import java.util.Map;

/**
 * A user's activity next to the metrics computed from it and the terms of their own scrubbed requests
 * ({@code segment.RequestTerms}: term → occurrences; empty without consent or requests), which segments read. The
 * terms stay inside the pipeline: no output writes them.
 */
public record MeasuredActivity(UserActivity activity, UserMetrics metrics, Map<String, Integer> requestTerms) {
  public MeasuredActivity {
    requestTerms = requestTerms == null ? Map.of() : requestTerms;
  }

  /** Without request terms (the user is segmented on behaviour only). */
  public MeasuredActivity(UserActivity activity, UserMetrics metrics) {
    this(activity, metrics, Map.of());
  }
}
