package pmf.signals.transforms.segment;

import java.util.SplittableRandom;

/**
 * Lloyd's k-means over primitive arrays, from a k-means++ start (Arthur and Vassilvitskii, 2007), seeded: the same
 * points, k and seed give the same centres. Points are rows of a {@code double[n][d]}; nothing is boxed or copied per
 * distance, which is where the time of a fit goes.
 */
final class KMeans {
  /** Lloyd iterations at most; a fit stops as soon as no point changes its centre. */
  static final int ITERATIONS = 100;

  private KMeans() {}

  /** Centres, each point's centre and the within-segment sum of squared distances. */
  record Fit(double[][] centres, int[] labels, double spread) {}

  /** The fit with the least spread over {@code restarts} seeds ({@code seed}, {@code seed + 1}, ...). */
  static Fit best(double[][] points, int k, long seed, int restarts) {
    Fit best = null;
    for (int r = 0; r < restarts; r++) {
      Fit fit = fit(points, k, seed + r);
      if (best == null || fit.spread() < best.spread()) {
        best = fit;
      }
    }
    return best;
  }

  static Fit fit(double[][] points, int k, long seed) {
    if (k < 1 || k > points.length) {
      throw new IllegalArgumentException("k-means needs 1 <= k <= points, got k=" + k + " for " + points.length);
    }
    int d = points[0].length;
    double[][] centres = plusPlus(points, k, new SplittableRandom(seed));
    int[] labels = new int[points.length];
    java.util.Arrays.fill(labels, -1);
    double[] nearestSquared = new double[points.length];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      boolean moved = false;
      for (int i = 0; i < points.length; i++) {
        int c = nearest(points[i], centres);
        nearestSquared[i] = squared(points[i], centres[c]);
        if (c != labels[i]) {
          labels[i] = c;
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
      double[][] sums = new double[k][d];
      int[] counts = new int[k];
      for (int i = 0; i < points.length; i++) {
        double[] sum = sums[labels[i]];
        double[] x = points[i];
        for (int j = 0; j < d; j++) {
          sum[j] += x[j];
        }
        counts[labels[i]]++;
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) { // an emptied centre restarts at the point farthest from its own
          int far = 0;
          for (int i = 1; i < points.length; i++) {
            far = nearestSquared[i] > nearestSquared[far] ? i : far;
          }
          centres[c] = points[far].clone();
          nearestSquared[far] = 0;
          continue;
        }
        for (int j = 0; j < d; j++) {
          centres[c][j] = sums[c][j] / counts[c];
        }
      }
    }
    double spread = 0;
    for (int i = 0; i < points.length; i++) {
      labels[i] = nearest(points[i], centres);
      spread += squared(points[i], centres[labels[i]]);
    }
    return new Fit(centres, labels, spread);
  }

  /** k-means++: each next centre drawn with chance proportional to its squared distance to the nearest so far. */
  static double[][] plusPlus(double[][] points, int k, SplittableRandom random) {
    double[][] centres = new double[k][];
    centres[0] = points[random.nextInt(points.length)].clone();
    double[] nearest = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      nearest[i] = squared(points[i], centres[0]);
    }
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (double v : nearest) {
        total += v;
      }
      int chosen = points.length - 1;
      if (total > 0) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < points.length; i++) {
          r -= nearest[i];
          if (r < 0) {
            chosen = i;
            break;
          }
        }
      } else {
        chosen = random.nextInt(points.length);
      }
      centres[c] = points[chosen].clone();
      for (int i = 0; i < points.length; i++) {
        nearest[i] = Math.min(nearest[i], squared(points[i], centres[c]));
      }
    }
    return centres;
  }

  /** The index of the centre nearest {@code x} (ties to the lower index). */
  static int nearest(double[] x, double[][] centres) {
    int best = 0;
    double bestSquared = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double s = squared(x, centres[c]);
      if (s < bestSquared) {
        best = c;
        bestSquared = s;
      }
    }
    return best;
  }

  static double squared(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double diff = a[j] - b[j];
      sum += diff * diff;
    }
    return sum;
  }
}
