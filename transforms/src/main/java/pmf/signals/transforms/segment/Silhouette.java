package pmf.signals.transforms.segment;

/** Mean silhouette width of a clustering: how much closer points are to their own cluster than to the next one. */
public final class Silhouette {
  private Silhouette() {}

  /** In [-1, 1]; points alone in their cluster count 0 (Rousseeuw's convention). */
  public static double score(double[][] points, int[] labels, int k) {
    int n = points.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int j = 0; j < n; j++) {
        if (j != i) {
          sum[labels[j]] += Segmentation.distance(points[i], points[j]);
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

  /**
   * Simplified silhouette (Hruschka, Campello and de Castro, 2004): each point's distance a to its nearest centre
   * against b to the next nearest, (b - a) / max(a, b), averaged; n·k distances instead of the silhouette's n².
   */
  public static double simplified(double[][] points, double[][] centres) {
    double total = 0;
    for (double[] x : points) {
      double a = Double.POSITIVE_INFINITY;
      double b = Double.POSITIVE_INFINITY;
      for (double[] c : centres) {
        double d = Math.sqrt(KMeans.squared(x, c));
        if (d < a) {
          b = a;
          a = d;
        } else if (d < b) {
          b = d;
        }
      }
      total += b == 0 && a == 0 ? 0 : (b - a) / Math.max(a, b);
    }
    return points.length == 0 ? 0 : total / points.length;
  }
}
