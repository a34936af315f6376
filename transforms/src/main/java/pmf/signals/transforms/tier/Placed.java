package pmf.signals.transforms.tier;

import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.segment.Assignment;

/**
 * A measured user placed in today's segments: their assignment (null without segments), their sampling hash, and
 * whether they may be analysed at all (consent).
 */
public record Placed(MeasuredActivity measured, Assignment assignment, long sampleHash, boolean eligible) {
  /** The stratum key of users without a segment (tier A, or a day too small to segment). */
  public static final int NO_SEGMENT = -1;

  public String userId() {
    return measured.activity().userId();
  }

  public int segmentKey() {
    return assignment == null ? NO_SEGMENT : assignment.segmentId();
  }

  public boolean outlier() {
    return assignment != null && assignment.outlier();
  }
}
