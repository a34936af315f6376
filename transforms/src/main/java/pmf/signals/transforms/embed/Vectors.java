package pmf.signals.transforms.embed;

/** Pure: the two operations on sentence vectors everything that compares them needs. */
public final class Vectors {
  private Vectors() {}

  /** {@code v} scaled to unit length (a zero vector stays zero): cosine becomes a dot product. */
  public static float[] unit(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = (float) (v[j] / (norm == 0 ? 1 : norm));
    }
    return out;
  }

  /** Over the dimensions both have. */
  public static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int j = 0; j < Math.min(a.length, b.length); j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }
}
