package pmf.signals.transforms.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import pmf.signals.transforms.model.UserMetrics;

/**
 * Fits the day's segments on one worker: standardise the sample, choose k by silhouette (or take the fixed k), run
 * Tribuo's k-means (k-means++ start, seeded, a few restarts, the lowest within-segment spread wins), give the centres
 * stable IDs, and set the outlier distance. Pure: the same sample, settings and history give the same segments.
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
  /**
   * Restarts of k-means per fit, also when k is chosen; k-means++ starts still land in a poor local optimum now and
   * then, and with three the best of them missed the lowest spread on one generated cohort in four.
   */
  static final int RESTARTS = 6;

  static final int ITERATIONS = 100;

  /** Share of the sample with text at and above which k-means is fitted on the users with text alone. */
  static final double MIN_COMPLETE_SHARE = 0.5;

  /** Points the silhouette is computed on: it costs n², and a few thousand points rank the k's the same. */
  static final int SILHOUETTE_POINTS = 1500;

  /** Robust z-score of a user's distance to their centre beyond which they are far from every segment. */
  static final double OUTLIER_Z = 4.0;

  /** Tribuo logs every k-means iteration at INFO; held here so the setting is not garbage-collected. */
  private static final java.util.logging.Logger TRIBUO_LOG = quiet("org.tribuo");

  private SegmentFitter() {}

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

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
    if (settings.fixedK() > 0) {
      k = Math.min(settings.fixedK(), points.length / 5);
      how = "k=" + k + " (--clusters)";
    } else {
      double[][] probe = Arrays.copyOf(points, Math.min(points.length, SILHOUETTE_POINTS));
      double[][] distances = Silhouette.distances(probe);
      k = settings.minK();
      double best = Double.NEGATIVE_INFINITY;
      int maxK = Math.min(settings.maxK(), probe.length / 5);
      for (int candidate = settings.minK(); candidate <= maxK; candidate++) {
        // fitted as the day's segments are (best of RESTARTS seeds): a single k-means++ start lands in a poor local
        // optimum often enough that silhouette would rank the luck of the start, not the k
        double[][] centres = kMeans(probe, space, candidate, settings.seed(), RESTARTS);
        double s = Silhouette.ofDistances(distances, labels(probe, centres), candidate);
        if (s > best + 1e-9) {
          best = s;
          k = candidate;
        }
      }
      how = String.format("k=%d by silhouette %.3f over k=%d..%d", k, best, settings.minK(), maxK);
    }
    double[][] centres = kMeans(points, space, k, settings.seed(), RESTARTS);
    int[] ids = StableIds.match(space, centres, previous, nextId, StableIds.radius(space, points));
    // fitted on the users with text: the ones without are placed by what their behaviour says of those segments
    TextlessPlacement textless = points.length < all.length
        ? TextlessPlacement.learn(points, labels(points, centres), space.names().size() - space.terms().size()) : null;
    double far = farDistance(new Segmentation(space, ids, centres, Double.POSITIVE_INFINITY, "", textless), all);
    String on = points.length == all.length ? points.length + " users"
        : points.length + " users with text (" + (all.length - points.length) + " without are placed by behaviour)";
    return new Segmentation(space, ids, centres, far, how + " on " + on + ", " + space.terms().size()
        + " request terms; outliers beyond distance " + String.format("%.2f", far), textless);
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

  /** Tribuo k-means, {@code restarts} seeds, the fit with the least within-segment squared distance. */
  static double[][] kMeans(double[][] points, FeatureSpace space, int k, long seed, int restarts) {
    ClusteringFactory factory = new ClusteringFactory();
    MutableDataset<ClusterID> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("segment-sample", factory), factory);
    String[] names = featureKeys(space.names().size());
    for (double[] x : points) {
      data.add(new ArrayExample<>(new ClusterID(ClusterID.UNASSIGNED), names, x));
    }
    double[][] best = null;
    double bestSpread = Double.POSITIVE_INFINITY;
    for (int r = 0; r < restarts; r++) {
      KMeansTrainer trainer = new KMeansTrainer(k, ITERATIONS, KMeansTrainer.Distance.EUCLIDEAN,
          KMeansTrainer.Initialisation.PLUSPLUS, 1, seed + r);
      double[][] centres = centres(trainer.train(data), names);
      double spread = 0;
      for (double[] x : points) {
        double d = Segmentation.distance(x, centres[nearest(x, centres)]);
        spread += d * d;
      }
      if (best == null || spread < bestSpread) {
        bestSpread = spread;
        best = centres;
      }
    }
    return best;
  }

  /** The model's centres in our column order (Tribuo orders features by name; names here sort as columns do). */
  private static double[][] centres(KMeansModel model, String[] names) {
    DenseVector[] vectors = model.getCentroidVectors();
    double[][] out = new double[vectors.length][names.length];
    for (int c = 0; c < vectors.length; c++) {
      for (int j = 0; j < names.length; j++) {
        int id = model.getFeatureIDMap().getID(names[j]);
        out[c][j] = id < 0 ? 0 : vectors[c].get(id);
      }
    }
    return out;
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
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double d = Segmentation.distance(x, centres[c]);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** Tribuo's names for {@code d} columns, in column order when sorted (Tribuo orders features by name). */
  static String[] featureKeys(int d) {
    List<String> keys = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      keys.add(String.format("f%03d", j));
    }
    return keys.toArray(String[]::new);
  }
}
