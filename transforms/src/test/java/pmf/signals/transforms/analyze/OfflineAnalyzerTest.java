package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.assistant;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.job;
import static pmf.signals.transforms.Fixtures.user;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.UserActivity;

public class OfflineAnalyzerTest {

  private static Insights read(UserActivity a) {
    return OfflineAnalyzer.insights(
        a, UserMetricsCalculator.compute(a, LocalDate.parse("2026-11-23"), ZoneOffset.UTC));
  }

  private static final UserActivity STRUGGLING_VIDEO_MAKER =
      activity("u1", consenting("2026-11-10T00:00:00Z", "free"),
          List.of(conversation("c1",
              user("m1", "2026-11-23T08:00:00Z", "make a 30 second video clip for my tiktok, jane.doe@example.com"),
              assistant("m2", "2026-11-23T08:00:05Z", "Starting the render"),
              user("m3", "2026-11-23T08:05:00Z", "it failed again, make a 30 second video clip for my tiktok"),
              assistant("m4", "2026-11-23T08:05:05Z", "Retrying"),
              user("m5", "2026-11-23T08:10:00Z", "still not working, this is so frustrating"))),
          List.of(
              job("j1", "c1", "video_generation", "failed", 10, "Timeout after 120s", "2026-11-23T08:00:10Z"),
              job("j2", "c1", "video_generation", "failed", 10, "timeout after 120s", "2026-11-23T08:05:10Z")),
          List.of());

  @Test
  public void findsUseCaseFromWordsAndJobs() {
    Insights insights = read(STRUGGLING_VIDEO_MAKER);

    assertThat(insights.useCases().get(0), equalTo("video creation"));
    assertThat(insights.goal(), equalTo("make short videos"));
    assertThat(insights.source(), equalTo("offline-rules"));
  }

  @Test
  public void findsFailedJobsRepeatsComplaintsAndAbandonment() {
    Insights insights = read(STRUGGLING_VIDEO_MAKER);

    List<String> evidence = insights.frictionPoints().stream().map(FrictionPoint::evidence).toList();
    assertThat(evidence, hasItem("failed_job"));
    assertThat(evidence, hasItem("repeated_request"));
    assertThat(evidence, hasItem("complaint"));
    assertThat(evidence, hasItem("abandonment"));
    assertThat(insights.frictionPoints().stream().map(FrictionPoint::description).toList(),
        hasItem("video generation jobs fail: timeout"));
    assertThat(insights.frustration(), greaterThanOrEqualTo(4));
    assertThat(insights.frictionPoints().stream().map(FrictionPoint::severity).toList(),
        everyItem(lessThanOrEqualTo(5)));
  }

  @Test
  public void neverCopiesTheUsersTextIntoInsights() {
    String json = Json.write(read(STRUGGLING_VIDEO_MAKER));

    assertThat(json, not(containsString("jane.doe")));
    assertThat(json, not(containsString("tiktok")));
    assertThat(json, not(containsString("120s")));
  }

  @Test
  public void aHappyUserHasValueSignalsAndLowFrustration() {
    UserActivity happy = activity("u2", consenting("2026-11-20T00:00:00Z", "pro"),
        List.of(conversation("c1", user("m1", "2026-11-23T08:00:00Z", "write a blog article about our spring sale and a newsletter for a friend"),
            assistant("m2", "2026-11-23T08:00:05Z", "Here is a draft"),
            user("m3", "2026-11-23T08:03:00Z", "perfect, thanks!"))),
        List.of(), List.of());

    Insights insights = read(happy);

    assertThat(insights.useCases(), contains("writing and copy"));
    assertThat(insights.valueSignals(), hasItem("thanked or praised the assistant"));
    assertThat(insights.frustration(), equalTo(1));
    assertThat(insights.willingnessToPay().signal(), equalTo("medium"));
  }

  @Test
  public void classifiesJobErrorsIntoAFixedVocabulary() {
    assertThat(OfflineAnalyzer.errorCategory("CUDA out of memory at 4096x4096"), equalTo("output too large"));
    assertThat(OfflineAnalyzer.errorCategory("Blocked by content policy"), equalTo("content policy"));
    assertThat(OfflineAnalyzer.errorCategory(null), equalTo("no reason given"));
    assertThat(OfflineAnalyzer.errorCategory("user /home/jdoe missing"), equalTo("other error"));
  }
}
