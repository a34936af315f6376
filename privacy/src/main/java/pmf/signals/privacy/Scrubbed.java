package pmf.signals.privacy;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A scrubbed text and what was replaced in it. {@code text} is null only when the input was null; findings are in
 * order of position and refer to the original text.
 */
public record Scrubbed(String text, List<Finding> findings) implements Serializable {
  public Scrubbed {
    findings = List.copyOf(findings);
  }

  public boolean changed() {
    return !findings.isEmpty();
  }

  /** How many spans of each class were replaced (classes with none are absent). */
  public Map<PiiClass, Integer> countsByClass() {
    Map<PiiClass, Integer> counts = new EnumMap<>(PiiClass.class);
    for (Finding f : findings) {
      counts.merge(f.piiClass(), 1, Integer::sum);
    }
    return counts;
  }
}
