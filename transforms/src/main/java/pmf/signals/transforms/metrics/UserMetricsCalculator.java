package pmf.signals.transforms.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.model.UserProfile;

/** Behaviour over words: the per-user metrics, a pure function of one user's activity and the analysis date. */
public final class UserMetricsCalculator {
  private UserMetricsCalculator() {}

  public static UserMetrics compute(UserActivity activity, LocalDate date, ZoneId zone) {
    return compute(activity, date, zone, true);
  }

  /**
   * With {@code actionsTracked} false (the database has no {@code user_actions} yet) downloads, shares and credit-limit
   * hits are null: unknown, not zero.
   */
  public static UserMetrics compute(UserActivity activity, LocalDate date, ZoneId zone, boolean actionsTracked) {
    TreeSet<LocalDate> activeDays = new TreeSet<>();
    int conversationsOnDate = 0;
    int user = 0;
    int assistant = 0;
    int tool = 0;
    int system = 0;
    int conversationsWithMessages = 0;
    for (Conversation conversation : activity.conversations()) {
      boolean onDate = false;
      if (!conversation.messages().isEmpty()) {
        conversationsWithMessages++;
      }
      for (Message message : conversation.messages()) {
        LocalDate day = day(message.at(), zone);
        if (day != null) {
          activeDays.add(day);
          onDate |= day.equals(date);
        }
        switch (String.valueOf(message.role())) {
          case "user" -> user++;
          case "assistant" -> assistant++;
          case "tool" -> tool++;
          case "system" -> system++;
          default -> {} // unknown roles are counted in DataQuality, not as turns
        }
      }
      if (onDate) {
        conversationsOnDate++;
      }
    }

    Map<String, Integer> byService = new TreeMap<>();
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    int credits = 0;
    int creditsOnFailed = 0;
    int failedOnDate = 0;
    for (ServiceJob job : activity.jobs()) {
      addDay(activeDays, job.createdAt(), zone);
      byService.merge(job.service() == null ? "unknown" : job.service(), 1, Integer::sum);
      credits += job.validCredits();
      if (job.succeeded()) {
        succeeded++;
      } else if (job.failed()) {
        failed++;
        creditsOnFailed += job.validCredits();
        // The day it failed (its creation day when the end is unknown): a job that fails after the date is not counted.
        if (date.equals(day(job.completedAt() != null ? job.completedAt() : job.createdAt(), zone))) {
          failedOnDate++;
        }
      } else if (job.cancelled()) {
        cancelled++;
      }
    }
    int jobs = activity.jobs().size();
    int finished = succeeded + failed;

    int downloads = 0;
    int shares = 0;
    int creditLimitHits = 0;
    int creditLimitHitsOnDate = 0;
    for (UserAction action : activity.actions()) {
      addDay(activeDays, action.createdAt(), zone);
      switch (String.valueOf(action.action())) {
        case "download" -> downloads++;
        case "share" -> shares++;
        case "credit_limit" -> {
          creditLimitHits++;
          creditLimitHitsOnDate += date.equals(day(action.createdAt(), zone)) ? 1 : 0;
        }
        default -> {} // other actions still make the day active
      }
    }

    UserProfile profile = activity.profile();
    LocalDate signupDay = day(profile.createdAt(), zone);
    LocalDate firstDay = signupDay != null ? signupDay : activeDays.isEmpty() ? null : activeDays.first();
    boolean returned = firstDay != null && activeDays.higher(firstDay) != null;
    int messages = user + assistant + tool + system;

    return new UserMetrics(
        activity.conversations().size(),
        conversationsOnDate,
        user,
        assistant,
        tool,
        system,
        conversationsWithMessages == 0 ? 0.0 : round((double) user / conversationsWithMessages),
        messages == 0 ? null : round((double) tool / messages),
        byService,
        jobs,
        succeeded,
        failed,
        cancelled,
        jobs - succeeded - failed - cancelled,
        failedOnDate,
        finished == 0 ? null : round((double) succeeded / finished),
        finished == 0 ? null : round((double) failed / finished),
        credits,
        creditsOnFailed,
        actionsTracked ? creditLimitHits : null,
        actionsTracked ? creditLimitHitsOnDate : null,
        profile.creditsRemaining(),
        profile.plan(),
        actionsTracked ? downloads : null,
        actionsTracked ? shares : null,
        activeDays.size(),
        signupDay == null ? null : (int) ChronoUnit.DAYS.between(signupDay, date),
        returned,
        hoursToFirstSuccess(profile),
        activity.quality());
  }

  private static Double hoursToFirstSuccess(UserProfile profile) {
    Instant signup = profile.createdAt();
    Instant success = profile.firstSuccessAt();
    if (signup == null || success == null || success.isBefore(signup)) {
      return null;
    }
    return round(Duration.between(signup, success).toSeconds() / 3600.0);
  }

  private static void addDay(TreeSet<LocalDate> days, Instant at, ZoneId zone) {
    LocalDate day = day(at, zone);
    if (day != null) {
      days.add(day);
    }
  }

  private static LocalDate day(Instant at, ZoneId zone) {
    return at == null ? null : at.atZone(zone).toLocalDate();
  }

  /** Four decimals: enough for rates, and stable bytes across runs and runners. */
  static double round(double value) {
    return Math.round(value * 10_000.0) / 10_000.0;
  }
}
