package pmf.signals.transforms;

import java.util.Map;
import pmf.signals.transforms.model.UserMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.DataQuality;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.segment.SegmentFitter;
import pmf.signals.transforms.segment.Segmentation;

/** Small, readable builders of domain values for tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Instant at(String isoInstant) {
    return Instant.parse(isoInstant);
  }

  public static UserProfile consenting(String signup, String plan) {
    return new UserProfile(true, at(signup), plan, 20, true, null);
  }

  /** A user message; {@code id} only names it in the test, as messages keep no row id. */
  public static Message user(String id, String at, String text) {
    return new Message("user", at(at), text == null ? null : text.length(), text);
  }

  public static Message assistant(String id, String at, String text) {
    return new Message("assistant", at(at), text.length(), text);
  }

  public static Conversation conversation(String id, Message... messages) {
    return new Conversation(id, null, messages[0].at(), List.of(messages));
  }

  public static ServiceJob job(String id, String conversationId, String service, String status, Integer credits,
      String error, String at) {
    return new ServiceJob(id, conversationId, service, status, credits, error, at(at),
        "succeeded".equals(status) || "failed".equals(status) ? at(at).plusSeconds(30) : null);
  }

  public static UserAction action(String id, String action, String at) {
    return new UserAction(id, action, null, false, at(at));
  }

  /** A user's activity; lists are copied so tests can keep adding. */
  public static UserActivity activity(String userId, UserProfile profile, List<Conversation> conversations,
      List<ServiceJob> jobs, List<UserAction> actions) {
    UserActivity unhashed = new UserActivity(userId, profile, new ArrayList<>(conversations), new ArrayList<>(jobs),
        new ArrayList<>(actions), DataQuality.clean(), null);
    // Stands in for the hash of the source rows: equal activity, equal hash.
    String hash = Integer.toHexString(pmf.signals.transforms.json.Json.write(unhashed).hashCode());
    return new UserActivity(userId, profile, unhashed.conversations(), unhashed.jobs(), unhashed.actions(),
        DataQuality.clean(), hash);
  }

  /** Behaviour metrics with the given plan, user messages, jobs per service (all succeeded) and active days. */
  public static UserMetrics behaviour(String plan, int userMessages, Map<String, Integer> jobsByService, int activeDays) {
    int jobs = jobsByService.values().stream().mapToInt(Integer::intValue).sum();
    return new UserMetrics(Math.max(1, userMessages / 3), 1, userMessages, userMessages, 0, 0, 3.0, 0.0,
        Map.copyOf(jobsByService), jobs, jobs, 0, 0, 0, 0, jobs == 0 ? null : 1.0, jobs == 0 ? null : 0.0, 4 * jobs, 0,
        0, 0, 20, plan, jobs / 2, 0, activeDays, 10, activeDays > 1, null, DataQuality.clean());
  }

  /** The same metrics with these problems on the date (null: a row stored before they were measured). */
  public static UserMetrics problemsOnDate(UserMetrics m, Integer jobsFailedOnDate, Integer creditLimitHitsOnDate) {
    return new UserMetrics(m.conversations(), m.conversationsOnDate(), m.userMessages(), m.assistantMessages(),
        m.toolMessages(), m.systemMessages(), m.avgConversationDepth(), m.toolMessageShare(), m.jobsByService(), m.jobs(),
        m.jobsSucceeded(), m.jobsFailed(), m.jobsCancelled(), m.jobsPending(), jobsFailedOnDate, m.jobSuccessRate(),
        m.jobFailureRate(), m.creditsUsed(), m.creditsUsedOnFailedJobs(), m.creditLimitHits(), creditLimitHitsOnDate,
        m.creditsRemaining(), m.plan(), m.downloads(), m.shares(), m.activeDays(), m.daysSinceSignup(),
        m.returnedAfterFirstDay(), m.hoursToFirstSuccessfulJob(), m.quality());
  }

  /** An image maker on pro, a video maker on team, a chatter on free: one of each of {@link #threeBehaviours}. */
  public static final UserMetrics IMAGES = behaviour("pro", 12, Map.of("image_generation", 6), 3);
  public static final UserMetrics VIDEO = behaviour("team", 12, Map.of("video_generation", 6), 3);
  public static final UserMetrics CHAT = behaviour("free", 30, Map.of(), 3);

  /** A day's segments fitted on 300 users of three behaviours, like {@link #IMAGES}, {@link #VIDEO}, {@link #CHAT}. */
  public static Segmentation threeBehaviours() {
    List<UserMetrics> sample = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = 5 + i % 4;
      sample.add(switch (i % 3) {
        case 0 -> behaviour("pro", 12, Map.of("image_generation", n), 3);
        case 1 -> behaviour("team", 12, Map.of("video_generation", n), 3);
        default -> behaviour("free", 30 + n, Map.of(), 3);
      });
    }
    return SegmentFitter.fit(sample, new SegmentFitter.Settings(2, 6, 3, 42), List.of(), 1);
  }
}
