package pmf.signals.transforms.segment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pmf.signals.transforms.model.UserMetrics;

/**
 * Fits the day's segments on one worker from a bounded sample ({@link SegmentUsers} gathers at most
 * {@code --segmentSampleSize} users): standardise the sample ({@link FeatureSpace}), choose k by the simplified
 * silhouette (Hruschka et al., 2004: each user's distance to their own centre against the next nearest, n·k distances
 * instead of the silhouette's n²), run k-means over primitive arrays ({@link KMeans}: k-means++ start, seeded, the
 * lowest within-segment spread of {@value #RESTARTS} starts), give the centres stable IDs, and set the outlier
 * distance. Its time depends on the sample's size, never on the day's. Pure: the same sample, settings and history give
 * the same segments.
 *
 * <p>Users without text have no term values (NaN in {@link FeatureSpace}); k-means needs every value. When at least
 * {@value #MIN_COMPLETE_SHARE} of the sample has text, k-means is fitted on those users (complete cases), and a user
 * without text is placed by their behaviour ({@link TextlessPlacement}): filled with any constant, the textless users
 * would sit together at one point of the text block, far from every user with text, and k-means would spend segments
 * on "wrote nothing" instead of on what users do and ask for. With fewer users with text, the fit keeps everyone and
 * fills their term columns with the average of the users with text, so the segments still describe the whole sample,
 * and everyone is placed at the nearest centre over the columns they have.
 */
public final class SegmentFitter {
  /** k-means starts per fit, the lowest spread kept: a single k-means++ start lands in a poor optimum now and then. */
  static final int RESTARTS = 3;

  /** Share of the sample with text at and above which k-means is fitted on the users with text alone. */
  static final double MIN_COMPLETE_SHARE = 0.5;

  /** Robust z-score of a user's distance to their centre beyond which they are far from every segment. */
  static final double OUTLIER_Z = 4.0;

  private SegmentFitter() {}

  /**
   * {@code fixedK} 0 chooses k by silhouette within {@code [minK, maxK]}; a request term becomes a feature only if at
   * least {@code minTermUsers} users of the sample use it ({@code --minGroupUsers}).
   */
  public record Settings(int minK, int maxK, int fixedK, long seed, int minTermUsers)
      implements java.io.Serializable {
    /** With the default k of 5 users per term. */
    public Settings(int minK, int maxK, int fixedK, long seed) {
      this(minK, maxK, fixedK, seed, 5);
    }

    public Settings {
      if (minTermUsers < 1) {
        throw new IllegalArgumentException("--minGroupUsers must be at least 1");
      }
      if (fixedK == 0 && (minK < 2 || maxK < minK)) {
        throw new IllegalArgumentException("segments need 2 <= --minClusters <= --maxClusters");
      }
      if (fixedK < 0 || fixedK == 1) {
        throw new IllegalArgumentException("--clusters must be 0 (choose by silhouette) or at least 2");
      }
    }
  }

  /** Behaviour only, as if no user had text. */
  public static Segmentation fit(
      List<UserMetrics> sample, Settings settings, List<PreviousSegment> previous, int nextId) {
    return fitInputs(sample.stream().map(SegmentInput::of).toList(), settings, previous, nextId);
  }

  /**
   * The sample's segments, and where each sampled user with text is placed (by their words as well as their
   * behaviour, which only they are read for).
   */
  public static Segmentation fitSample(
      List<SampledUser> sample, Settings settings, List<PreviousSegment> previous, int nextId) {
    Segmentation fitted = fitInputs(sample.stream().map(SampledUser::input).toList(), settings, previous, nextId);
    if (fitted.isEmpty() || fitted.space().terms().isEmpty()) {
      return fitted;
    }
    Map<String, Assignment> placed = new HashMap<>();
    for (SampledUser u : sample) {
      if (!u.input().requestTerms().isEmpty()) {
        placed.put(u.userId(), fitted.assign(u.input()));
      }
    }
    return fitted.withSampled(placed);
  }

  public static Segmentation fitInputs(
      List<SegmentInput> sample, Settings settings, List<PreviousSegment> previous, int nextId) {
    int smallestK = settings.fixedK() > 0 ? settings.fixedK() : settings.minK();
    if (sample.size() < Math.max(20, 5 * smallestK)) {
      return Segmentation.none("too few users to segment (" + sample.size() + ")");
    }
    FeatureSpace space = FeatureSpace.fitInputs(sample, settings.minTermUsers());
    double[][] all = sample.stream().map(space::standardised).toArray(double[][]::new);
    double[][] points = fitPoints(all, Math.max(20, 5 * smallestK));
    int k;
    String how;
    double[][] centres;
    if (settings.fixedK() > 0) {
      k = Math.min(settings.fixedK(), points.length / 5);
      centres = KMeans.best(points, k, settings.seed(), RESTARTS).centres();
      how = "k=" + k + " (--clusters)";
    } else {
      int maxK = Math.min(settings.maxK(), points.length / 5);
      double[] score = new double[maxK + 1];
      double[][][] fits = new double[maxK + 1][][];
      k = settings.minK();
      for (int candidate = settings.minK(); candidate <= maxK; candidate++) {
        // each k fitted as the day's segments are, and the best kept: no second fit of the chosen k
        fits[candidate] = KMeans.best(points, candidate, settings.seed(), RESTARTS).centres();
        score[candidate] = Silhouette.simplified(points, fits[candidate]);
        k = score[candidate] > score[k] + 1e-9 ? candidate : k;
      }
      centres = fits[k];
      how = String.format("k=%d by silhouette %.3f over k=%d..%d", k, score[k], settings.minK(), maxK);
    }
    int[] ids = StableIds.match(space, centres, previous, nextId, StableIds.radius(space, points));
    // fitted on the users with text: the ones without are placed by what their behaviour says of those segments
    TextlessPlacement textless = points.length < all.length
        ? TextlessPlacement.learn(points, labels(points, centres), space.names().size() - space.terms().size()) : null;
    double far = farDistance(new Segmentation(space, ids, centres, Double.POSITIVE_INFINITY, "", textless, Map.of()),
        all);
    String on = points.length == all.length ? points.length + " users"
        : points.length + " users with text (" + (all.length - points.length) + " without are placed by behaviour)";
    return new Segmentation(space, ids, centres, far, how + " on " + on + ", " + space.terms().size()
        + " request terms; outliers beyond distance " + String.format("%.2f", far), textless, Map.of());
  }

  /**
   * What k-means is fitted on: the users with every value (text) when they are at least {@value #MIN_COMPLETE_SHARE}
   * of the sample and at least {@code atLeast}; otherwise everyone, a missing value filled with its column's mean (0 in
   * standardised units: the average of the users who have it).
   */
  static double[][] fitPoints(double[][] points, int atLeast) {
    double[][] complete = Arrays.stream(points).filter(FeatureSpace::complete).toArray(double[][]::new);
    if (complete.length == points.length
        || (complete.length >= MIN_COMPLETE_SHARE * points.length && complete.length >= atLeast)) {
      return complete;
    }
    return Arrays.stream(points)
        .map(x -> Arrays.stream(x).map(v -> Double.isNaN(v) ? 0 : v).toArray())
        .toArray(double[][]::new);
  }

  /** k-means with {@code restarts} seeds, the centres of the fit with the least within-segment spread. */
  static double[][] kMeans(double[][] points, FeatureSpace space, int k, long seed, int restarts) {
    return KMeans.best(points, k, seed, restarts).centres();
  }

  /** Robust: median + OUTLIER_Z × 1.4826 × MAD of the sample's distances to their centres (as users are placed). */
  static double farDistance(Segmentation placed, double[][] points) {
    double[] d = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      d[i] = placed.space().distance(points[i], placed.centroids()[placed.place(points[i])]);
    }
    double median = median(d.clone());
    double[] deviations = Arrays.stream(d).map(v -> Math.abs(v - median)).toArray();
    double mad = median(deviations);
    return median + OUTLIER_Z * 1.4826 * Math.max(mad, 1e-9);
  }

  static int[] labels(double[][] points, double[][] centres) {
    int[] out = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      out[i] = nearest(points[i], centres);
    }
    return out;
  }

  static int nearest(double[] x, double[][] centres) {
    return KMeans.nearest(x, centres);
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** Column keys for {@code d} columns, in column order when sorted. */
  static String[] featureKeys(int d) {
    String[] keys = new String[d];
    for (int j = 0; j < d; j++) {
      keys[j] = String.format("f%03d", j);
    }
    return keys;
  }
}
