package pmf.signals.transforms.segment;

/** Mean silhouette width of a clustering: how much closer points are to their own cluster than to the next one. */
public final class Silhouette {
  private Silhouette() {}

  /** In [-1, 1]; points alone in their cluster count 0 (Rousseeuw's convention). */
  public static double score(double[][] points, int[] labels, int k) {
    return ofDistances(distances(points), labels, k);
  }

  /**
   * Every pairwise distance of {@code points}, once: choosing k scores a dozen clusterings of the same points, and the
   * distances, which are nearly all of a score's cost, do not depend on the clustering.
   */
  public static double[][] distances(double[][] points) {
    int n = points.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        d[i][j] = Segmentation.distance(points[i], points[j]);
        d[j][i] = d[i][j];
      }
    }
    return d;
  }

  /** {@link #score} over the pairwise distances from {@link #distances}. */
  public static double ofDistances(double[][] distances, int[] labels, int k) {
    int n = distances.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      double[] row = distances[i];
      for (int j = 0; j < n; j++) {
        if (j != i) {
          sum[labels[j]] += row[j];
          count[labels[j]]++;
        }
      }
      int own = labels[i];
      if (count[own] == 0) {
        continue;
      }
      double a = sum[own] / count[own];
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && count[c] > 0) {
          b = Math.min(b, sum[c] / count[c]);
        }
      }
      if (b < Double.POSITIVE_INFINITY) {
        total += (b - a) / Math.max(a, b);
      }
    }
    return n == 0 ? 0 : total / n;
  }
}
