package pmf.signals.privacy;

import java.io.Serializable;

/**
 * One span of personal data, by position in the original text ({@code start} inclusive, {@code end} exclusive). It
 * carries no copy of the value, so findings can be counted and logged.
 */
public record Finding(PiiClass piiClass, int start, int end) implements Serializable {
  public Finding {
    if (piiClass == null || start < 0 || end <= start) {
      throw new IllegalArgumentException("bad finding " + piiClass + " [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }
}
