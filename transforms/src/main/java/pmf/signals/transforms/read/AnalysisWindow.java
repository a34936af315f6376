package pmf.signals.transforms.read;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * The analysis date as instants: the day itself [dayStart, dayEnd) and the history window
 * [windowStart, dayEnd) of {@code lookbackDays} days ending with it, in the team's time zone.
 */
public record AnalysisWindow(
    LocalDate date, String zone, int lookbackDays, Instant windowStart, Instant dayStart, Instant dayEnd)
    implements Serializable {

  public static AnalysisWindow of(LocalDate date, ZoneId zone, int lookbackDays) {
    if (lookbackDays < 1) {
      throw new IllegalArgumentException("--lookbackDays must be at least 1, got " + lookbackDays);
    }
    return new AnalysisWindow(
        date,
        zone.getId(),
        lookbackDays,
        date.minusDays(lookbackDays - 1L).atStartOfDay(zone).toInstant(),
        date.atStartOfDay(zone).toInstant(),
        date.plusDays(1).atStartOfDay(zone).toInstant());
  }

  public ZoneId zoneId() {
    return ZoneId.of(zone);
  }

  /** Values for the named parameters of {@code db/queries.sql} ({@code :partition} is bound per read). */
  public Map<String, Object> parameters(int maxMessageChars, int maxTextChars, int partitions) {
    return Map.of(
        "day_start", dayStart,
        "day_end", dayEnd,
        "window_start", windowStart,
        "max_message_chars", maxMessageChars,
        "max_text_chars", maxTextChars,
        "partitions", partitions);
  }
}
