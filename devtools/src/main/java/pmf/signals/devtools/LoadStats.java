package pmf.signals.devtools;

import java.util.Locale;

/** Rows written per table by one cohort load, and how long it took (generation, COPY, indexes, ANALYZE). */
public record LoadStats(long users, long conversations, long messages, long jobs, long actions, double seconds) {

  static LoadStats of(long[] rowCounts, double seconds) {
    return new LoadStats(rowCounts[0], rowCounts[1], rowCounts[2], rowCounts[3], rowCounts[4], seconds);
  }

  /** One line for a terminal. */
  public String summary() {
    return String.format(Locale.ROOT,
        "%,d users, %,d conversations, %,d messages, %,d jobs, %,d actions in %.1f s",
        users, conversations, messages, jobs, actions, seconds);
  }
}
