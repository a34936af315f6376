package pmf.signals.transforms.model;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance of each value of the fields that take few values (roles, services, statuses, job errors,
 * actions): a day of 100,000 users holds 2.8 million messages with four roles between them, and every user's activity
 * stays in memory until the day's segments are fitted. Bounded, so a column with many values costs nothing more.
 */
final class Canonical {
  static final int MAX_VALUES = 4096;
  private static final ConcurrentHashMap<String, String> VALUES = new ConcurrentHashMap<>();

  private Canonical() {}

  /** The shared instance equal to {@code value}; {@code value} itself once {@value #MAX_VALUES} are kept. */
  static String of(String value) {
    if (value == null) {
      return null;
    }
    String shared = VALUES.get(value);
    if (shared != null) {
      return shared;
    }
    if (VALUES.size() >= MAX_VALUES) {
      return value;
    }
    String earlier = VALUES.putIfAbsent(value, value);
    return earlier == null ? value : earlier;
  }
}
