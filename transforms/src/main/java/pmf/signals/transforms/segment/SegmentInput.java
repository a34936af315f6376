package pmf.signals.transforms.segment;

import java.util.Map;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserMetrics;

/**
 * What a user is segmented on: their behaviour metrics and the terms of their own scrubbed requests
 * ({@link RequestTerms}; empty without consent or requests). Internal to the pipeline: never written out.
 */
public record SegmentInput(UserMetrics metrics, Map<String, Integer> requestTerms) {
  public SegmentInput {
    requestTerms = requestTerms == null ? Map.of() : requestTerms;
  }

  public static SegmentInput of(MeasuredActivity m) {
    return new SegmentInput(m.metrics(), m.requestTerms());
  }

  /** Behaviour only: a user whose requests are not known (no consent, no text). */
  public static SegmentInput of(UserMetrics metrics) {
    return new SegmentInput(metrics, Map.of());
  }
}
