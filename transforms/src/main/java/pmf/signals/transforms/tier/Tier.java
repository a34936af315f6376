package pmf.signals.transforms.tier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The strategy tier for a day's active-user count (the README's tier table), and the reason in words. */
public record Tier(String name, String reason) implements Serializable {
  private static final String[] NAMES = {"A", "B", "C", "D"};

  /** {@code thresholds} are ascending upper bounds of tiers A, B and C, e.g. "100,1000,10000". */
  public static List<Long> parseThresholds(String thresholds) {
    List<Long> bounds = new ArrayList<>();
    for (String part : thresholds.split(",")) {
      bounds.add(Long.parseLong(part.strip()));
    }
    if (bounds.size() != 3) {
      throw new IllegalArgumentException("--tierThresholds needs three ascending numbers, got " + thresholds);
    }
    for (int i = 1; i < bounds.size(); i++) {
      if (bounds.get(i) <= bounds.get(i - 1)) {
        throw new IllegalArgumentException("--tierThresholds must be ascending, got " + thresholds);
      }
    }
    return bounds;
  }

  public static Tier of(long activeUsers, List<Long> thresholds) {
    for (int i = 0; i < thresholds.size(); i++) {
      if (activeUsers <= thresholds.get(i)) {
        return new Tier(NAMES[i], activeUsers + " active users <= " + thresholds.get(i));
      }
    }
    return new Tier(NAMES[3], activeUsers + " active users > " + thresholds.get(thresholds.size() - 1));
  }
}
