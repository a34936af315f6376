package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The day's segments: the feature space, each segment's stable ID and centre, the distance beyond which a user is far
 * from their segment's centre (an outlier), and how users without text are placed (null: nearest centre). Broadcast to
 * every worker, which assigns its users in parallel.
 */
public record Segmentation(
    FeatureSpace space, int[] ids, double[][] centroids, double farDistance, String method,
    TextlessPlacement textless) implements Serializable {

  /** No segments today, with the reason (tier A, or too few users to segment). */
  public static Segmentation none(String why) {
    return new Segmentation(null, new int[0], new double[0][], Double.POSITIVE_INFINITY, why, null);
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }

  public int size() {
    return ids.length;
  }

  /** Behaviour only (no text known): {@link #assign(SegmentInput)}. */
  public Assignment assign(UserMetrics m) {
    return assign(SegmentInput.of(m));
  }

  /**
   * The user's segment, how far they sit from its centre and whether that is far, or null when there are no segments.
   * A user with text goes to the nearest centre (ties to the lower index); a user without text where
   * {@link #textless} puts them, or to the nearest centre over their behaviour columns without it, that distance on
   * the scale of everyone's ({@link FeatureSpace#distance}).
   */
  public Assignment assign(SegmentInput u) {
    if (isEmpty()) {
      return null;
    }
    double[] x = space.standardised(u);
    int best = place(x);
    double distance = space.distance(x, centroids[best]);
    return new Assignment(ids[best], distance, distance > farDistance);
  }

  /** The index of the segment a standardised user is placed in. */
  int place(double[] x) {
    if (textless != null && !FeatureSpace.complete(x)) {
      return textless.segmentIndex(x);
    }
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < centroids.length; i++) {
      double d = space.distance(x, centroids[i]);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Segment {@code id}'s centre in the features' own units, by name (how it is stored and matched tomorrow). */
  public Map<String, Double> centroidOf(int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return space.toRaw(centroids[i]);
      }
    }
    throw new IllegalArgumentException("no segment " + id);
  }

  public List<Integer> idList() {
    return java.util.Arrays.stream(ids).boxed().toList();
  }

  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
