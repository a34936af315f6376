package pmf.signals.devtools;

import java.time.LocalDate;

/**
 * Which synthetic cohort to make. The same spec always makes the same rows and the same truth file.
 *
 * @param users users in the cohort (1 to 10,000,000)
 * @param days length of the activity window, ending on {@code endDate} (UTC)
 * @param seed everything random derives from it
 * @param endDate last day of the window
 * @param messy plant bad input (null and huge contents, orphans, future timestamps...) as real databases hold them
 * @param distinctPersonas each user keeps only their persona's main use case, so personas differ in what they do and
 *     not only in what they say (a cohort whose personas behaviour segments can in principle recover)
 * @param novelFriction a product area no analyzer rule knows (printable 3D models) with its own friction, complained
 *     about in words no rule contains, and a background of routine follow-ups ("make another one"): see {@code
 *     cohort.NovelArea}
 */
public record CohortSpec(int users, int days, long seed, LocalDate endDate, boolean messy, boolean distinctPersonas,
    boolean novelFriction) {
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

  public CohortSpec(int users, int days, long seed, LocalDate endDate, boolean messy) {
    this(users, days, seed, endDate, messy, false);
  }

  public CohortSpec(int users, int days, long seed, LocalDate endDate, boolean messy, boolean distinctPersonas) {
    this(users, days, seed, endDate, messy, distinctPersonas, false);
  }

  /** {@code users} users over 30 days ending 2026-11-23, messy. */
  public static CohortSpec of(int users, long seed) {
    return new CohortSpec(users, 30, seed, DEFAULT_END_DATE, true);
  }

  public CohortSpec withDays(int newDays) {
    return new CohortSpec(users, newDays, seed, endDate, messy, distinctPersonas, novelFriction);
  }

  public CohortSpec withMessy(boolean newMessy) {
    return new CohortSpec(users, days, seed, endDate, newMessy, distinctPersonas, novelFriction);
  }

  public CohortSpec withEndDate(LocalDate newEndDate) {
    return new CohortSpec(users, days, seed, newEndDate, messy, distinctPersonas, novelFriction);
  }

  public CohortSpec withDistinctPersonas(boolean distinct) {
    return new CohortSpec(users, days, seed, endDate, messy, distinct, novelFriction);
  }

  public CohortSpec withNovelFriction(boolean novel) {
    return new CohortSpec(users, days, seed, endDate, messy, distinctPersonas, novel);
  }

  public LocalDate startDate() {
    return endDate.minusDays(days - 1L);
  }
}
