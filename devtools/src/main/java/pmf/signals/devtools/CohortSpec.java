package pmf.signals.devtools;

import java.time.LocalDate;

/**
 * Which synthetic cohort to make. The same spec always makes the same rows and the same truth file.
 *
 * @param users users in the cohort (1 to 10,000,000)
 * @param days length of the activity window, ending on {@code endDate} (UTC)
 * @param seed everything random derives from it
 * @param endDate last day of the window
 * @param messy plant bad input (null and huge contents, orphans, future timestamps...) as DESIGN.md §3 expects
 */
public record CohortSpec(int users, int days, long seed, LocalDate endDate, boolean messy) {
  public static final LocalDate DEFAULT_END_DATE = LocalDate.of(2026, 11, 23);

  public CohortSpec {
    if (users < 1 || users > 10_000_000) {
      throw new IllegalArgumentException("users must be between 1 and 10,000,000, got " + users);
    }
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("days must be between 1 and 3650, got " + days);
    }
    if (endDate == null) {
      throw new IllegalArgumentException("endDate is required");
    }
  }

  /** {@code users} users over 30 days ending 2026-11-23, messy. */
  public static CohortSpec of(int users, long seed) {
    return new CohortSpec(users, 30, seed, DEFAULT_END_DATE, true);
  }

  public CohortSpec withDays(int newDays) {
    return new CohortSpec(users, newDays, seed, endDate, messy);
  }

  public CohortSpec withMessy(boolean newMessy) {
    return new CohortSpec(users, days, seed, endDate, newMessy);
  }

  public CohortSpec withEndDate(LocalDate newEndDate) {
    return new CohortSpec(users, days, seed, newEndDate, messy);
  }

  public LocalDate startDate() {
    return endDate.minusDays(days - 1L);
  }
}
