package pmf.signals.transforms.metrics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static pmf.signals.transforms.Fixtures.action;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.assistant;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.job;
import static pmf.signals.transforms.Fixtures.user;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.model.UserProfile;

public class UserMetricsCalculatorTest {
  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  private static UserActivity busyUser() {
    UserProfile profile = new UserProfile(true, Instant.parse("2026-11-20T09:00:00Z"), "free", 0, true,
        Instant.parse("2026-11-20T12:30:00Z"));
    return activity("u1", profile,
        List.of(
            conversation("c1", user("m1", "2026-11-20T10:00:00Z", "make a logo"),
                assistant("m2", "2026-11-20T10:00:05Z", "here"), user("m3", "2026-11-20T10:01:00Z", "bigger")),
            conversation("c2", user("m4", "2026-11-23T08:00:00Z", "a video please"))),
        List.of(
            job("j1", "c1", "image_generation", "succeeded", 4, null, "2026-11-20T10:00:10Z"),
            job("j2", "c2", "video_generation", "failed", 10, "timeout", "2026-11-23T08:00:10Z"),
            job("j3", "c2", "video_generation", "cancelled", 0, null, "2026-11-23T08:01:00Z"),
            job("j4", "c2", "video_generation", "running", null, null, "2026-11-23T08:02:00Z")),
        List.of(action("a1", "download", "2026-11-21T10:00:00Z"), action("a2", "share", "2026-11-21T10:01:00Z"),
            action("a3", "credit_limit", "2026-11-23T08:03:00Z")));
  }

  @Test
  public void countsConversationsDepthJobsCreditsAndActions() {
    UserMetrics m = UserMetricsCalculator.compute(busyUser(), DATE, ZoneOffset.UTC);

    assertThat(m.conversations(), equalTo(2));
    assertThat(m.conversationsOnDate(), equalTo(1));
    assertThat(m.userMessages(), equalTo(3));
    assertThat(m.assistantMessages(), equalTo(1));
    assertThat(m.avgConversationDepth(), equalTo(1.5));
    assertThat(m.jobsByService(), equalTo(Map.of("image_generation", 1, "video_generation", 3)));
    assertThat(m.jobsSucceeded(), equalTo(1));
    assertThat(m.jobsFailed(), equalTo(1));
    assertThat(m.jobsCancelled(), equalTo(1));
    assertThat(m.jobsPending(), equalTo(1));
    assertThat(m.jobSuccessRate(), equalTo(0.5));
    assertThat(m.creditsUsed(), equalTo(14));
    assertThat(m.creditsUsedOnFailedJobs(), equalTo(10));
    assertThat(m.creditLimitHits(), equalTo(1));
    assertThat(m.downloads(), equalTo(1));
    assertThat(m.shares(), equalTo(1));
  }

  @Test
  public void activeDaysSignupAgeReturnAndTimeToFirstSuccess() {
    UserMetrics m = UserMetricsCalculator.compute(busyUser(), DATE, ZoneOffset.UTC);

    assertThat(m.activeDays(), equalTo(3)); // 20th, 21st, 23rd
    assertThat(m.daysSinceSignup(), equalTo(3));
    assertTrue(m.returnedAfterFirstDay());
    assertThat(m.hoursToFirstSuccessfulJob(), equalTo(3.5));
  }

  @Test
  public void problemsOnTheDate_countOnlyFailuresAndCreditLimitsOfThatDay() {
    UserActivity busy = busyUser();
    List<ServiceJob> jobs = new ArrayList<>(busy.jobs());
    jobs.add(job("j5", "c1", "image_generation", "failed", 0, "oom", "2026-11-21T10:00:00Z")); // an earlier day
    // Started on the date but failed only after it: the run must not know that yet.
    jobs.add(new ServiceJob("j6", "c2", "video_generation", "failed", 0, "timeout",
        Instant.parse("2026-11-23T23:50:00Z"), Instant.parse("2026-11-24T00:20:00Z")));
    List<UserAction> actions = new ArrayList<>(busy.actions());
    actions.add(action("a4", "credit_limit", "2026-11-22T18:00:00Z"));
    UserActivity user = new UserActivity(busy.userId(), busy.profile(), busy.conversations(), jobs, actions,
        busy.quality(), busy.sourceHash());

    UserMetrics m = UserMetricsCalculator.compute(user, DATE, ZoneOffset.UTC);

    assertThat(m.jobsFailed(), equalTo(3));
    assertThat(m.jobsFailedOnDate(), equalTo(1)); // j2
    assertThat(m.creditLimitHits(), equalTo(2));
    assertThat(m.creditLimitHitsOnDate(), equalTo(1)); // a3
  }

  @Test
  public void daysFollowTheConfiguredTimeZone() {
    // 23:30 UTC on the 22nd is already the 23rd in Berlin.
    UserActivity late = activity("u2", consenting("2026-11-22T23:30:00Z", "free"),
        List.of(conversation("c1", user("m1", "2026-11-22T23:30:00Z", "hi"))), List.of(), List.of());

    assertThat(UserMetricsCalculator.compute(late, DATE, ZoneOffset.UTC).conversationsOnDate(), equalTo(0));
    assertThat(UserMetricsCalculator.compute(late, DATE, ZoneId.of("Europe/Berlin")).conversationsOnDate(),
        equalTo(1));
  }

  @Test
  public void givenOnlyJobsAndNoFinishedOnes_ratesAreUnknownNotZero() {
    UserActivity jobsOnly = activity("u3", consenting("2026-11-23T07:00:00Z", "free"), List.of(),
        List.of(job("j1", null, "upscale", "queued", 1, null, "2026-11-23T08:00:00Z")), List.of());

    UserMetrics m = UserMetricsCalculator.compute(jobsOnly, DATE, ZoneOffset.UTC);

    assertThat(m.conversations(), equalTo(0));
    assertThat(m.avgConversationDepth(), equalTo(0.0));
    assertThat(m.jobSuccessRate(), nullValue());
    assertThat(m.toolMessageShare(), nullValue());
    assertFalse(m.returnedAfterFirstDay());
  }

  @Test
  public void givenUnknownUser_usesFirstActiveDayForReturn() {
    UserActivity ghost = activity("g", UserProfile.unknown(),
        List.of(conversation("c1", user("m1", "2026-11-21T08:00:00Z", "hi")),
            conversation("c2", user("m2", "2026-11-23T08:00:00Z", "back"))), List.of(), List.of());

    UserMetrics m = UserMetricsCalculator.compute(ghost, DATE, ZoneOffset.UTC);

    assertThat(m.daysSinceSignup(), nullValue());
    assertTrue(m.returnedAfterFirstDay());
  }
}
