package pmf.signals.transforms.tier;

import java.io.Serializable;

/**
 * Where the day's strategy sends one user: the tier and why, their segment (null without segments), how they were
 * selected, whether they are an outlier, and their sampling weight (users of their stratum each analysed user stands
 * for; 0 when not analysed).
 */
public record Route(String tier, String tierReason, Integer segmentId, Selection selection, boolean outlier,
    double weight) implements Serializable {

  /** Everyone analysed, no segments: how tests and single-stage tools route users. */
  public static Route census(Tier tier) {
    return new Route(tier.name(), tier.reason(), null, Selection.CENSUS, false, 1.0);
  }
}
