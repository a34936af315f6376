package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.empty;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
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
    assertThat(evidence, hasItem("abandonment"));
    assertThat(insights.frictionPoints().stream().map(FrictionPoint::description).toList(),
        hasItem("video renders time out"));
    assertThat(insights.frustration(), greaterThanOrEqualTo(4));
    assertThat(insights.frictionPoints().stream().map(FrictionPoint::severity).toList(),
        everyItem(lessThanOrEqualTo(5)));
  }

  @Test
  public void everyFrictionNamesItsCauseSoThemesKeepProblemsApart() {
    assertThat(OfflineAnalyzer.failureCause("timeout"), equalTo("slow_or_timeout"));
    assertThat(OfflineAnalyzer.failureCause("connection lost"), equalTo("connection"));
    assertThat(OfflineAnalyzer.failureCause("a category no rule names"), equalTo("unexplained_failure"));
    Insights struggling = read(STRUGGLING_VIDEO_MAKER);
    assertThat(struggling.frictionPoints().stream().map(FrictionPoint::cause).toList(), everyItem(not(equalTo(null))));
    assertThat(struggling.frictionPoints().stream().filter(f -> f.description().equals("video renders time out"))
        .map(FrictionPoint::cause).toList(), contains("slow_or_timeout"));
    UserActivity misunderstood = activity("u9", consenting("2026-11-10T00:00:00Z", "pro"),
        List.of(conversation("c9",
            user("m1", "2026-11-23T09:00:00Z", "write a caption for my bakery post"),
            assistant("m2", "2026-11-23T09:00:05Z", "Voici une légende"),
            user("m3", "2026-11-23T09:01:00Z", "useless, you answered in the wrong language"),
            assistant("m4", "2026-11-23T09:01:05Z", "Sorry, here it is in English"))),
        List.of(), List.of());
    assertThat(read(misunderstood).frictionPoints().stream().filter(f -> f.evidence().equals("complaint"))
        .map(f -> f.description() + " / " + f.cause()).toList(),
        contains("replies in the wrong language / assistant_misunderstood"));
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
    assertThat(OfflineAnalyzer.errorCategory("Blocked by content policy"), equalTo("content policy"));
    assertThat(OfflineAnalyzer.errorCategory(null), equalTo("no reason given"));
    assertThat(OfflineAnalyzer.errorCategory("user /home/jdoe missing"), equalTo("other error"));
    assertThat(OfflineAnalyzer.errorCategory("Render timed out after 300s"), equalTo("timeout"));
  }

  @Test
  public void recognisesTheCommonFamiliesOfOutOfMemoryAndTooLargeErrors() {
    List<String> outOfMemory = List.of(
        "CUDA out of memory at 4096x4096",
        "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity)",
        "ResourceExhaustedError: OOM when allocating tensor with shape[1,512,512,3]",
        "RuntimeError: CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)",
        "Container worker-7 was OOMKilled",
        "worker process exited with code 137",
        "MemoryError",
        "terminate called after throwing an instance of 'std::bad_alloc'",
        "Requested size 10000x10000 exceeds the maximum resolution of 4096x4096",
        "Image too large for the model",
        "Job used 31.8 GB and exceeded the memory limit",
        "Not enough GPU memory to upscale by 8x");
    for (String error : outOfMemory) {
      assertThat(error, OfflineAnalyzer.errorCategory(error), equalTo("output too large"));
    }
  }

  @Test
  public void wordsThatOnlyContainOomOrQuotaAreNotMemoryErrors() {
    assertThat(OfflineAnalyzer.errorCategory("Failed to load room textures"), equalTo("other error"));
    assertThat(OfflineAnalyzer.errorCategory("Invalid zoom factor 3.5"), equalTo("other error"));
    assertThat(OfflineAnalyzer.errorCategory("RESOURCE_EXHAUSTED: Quota exceeded for requests per minute"),
        equalTo("provider unavailable"));
    assertThat(OfflineAnalyzer.errorCategory("Insufficient credits for this job"), equalTo("not enough credits"));
  }

  @Test
  public void namesTheFamiliesOfTransientAndInputErrors() {
    assertThat(OfflineAnalyzer.errorCategory("Upstream returned 503 Service Unavailable"), equalTo("provider unavailable"));
    assertThat(OfflineAnalyzer.errorCategory("The model is overloaded. Please try again later."),
        equalTo("provider unavailable"));
    assertThat(OfflineAnalyzer.errorCategory("read ECONNRESET"), equalTo("connection lost"));
    assertThat(OfflineAnalyzer.errorCategory("Connection reset by peer while uploading"), equalTo("connection lost"));
    assertThat(OfflineAnalyzer.errorCategory("cannot decode image: file is corrupted"), equalTo("bad input"));
    assertThat(OfflineAnalyzer.errorCategory("Could not read input: unsupported image format (HEIC)"), equalTo("bad input"));
    assertThat(OfflineAnalyzer.errorCategory("Unsupported output format: psd (supported: png, jpg)"),
        equalTo("unsupported format"));
    assertThat(OfflineAnalyzer.errorCategory("Internal error while saving output (code E1042)"), equalTo("other error"));
  }

  @Test
  public void aFailedJobsFrictionNamesTheProblemAndTheService() {
    assertThat(OfflineAnalyzer.failureFriction("video_generation", "timeout"), equalTo("video renders time out"));
    assertThat(OfflineAnalyzer.failureFriction("image_generation", "output too large"),
        equalTo("large or high-resolution outputs run out of memory"));
    assertThat(OfflineAnalyzer.failureFriction("lip_sync", "other error"), equalTo("lip sync jobs fail with unexplained errors"));
    assertThat(OfflineAnalyzer.failureFriction(null, "not enough credits"), equalTo("credits run out too fast"));
  }

  private static List<String> frictionsOf(UserActivity a) {
    return read(a).frictionPoints().stream().map(FrictionPoint::description).toList();
  }

  /** One conversation of the user's own messages, each answered, with the given jobs in it. */
  private static UserActivity saying(List<ServiceJob> jobs, String... userMessages) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < userMessages.length; i++) {
      String minute = String.format("%02d", 10 + 2 * i);
      messages.add(user("u" + i, "2026-11-23T09:" + minute + ":00Z", userMessages[i]));
      messages.add(assistant("a" + i, "2026-11-23T09:" + minute + ":30Z", "Okay."));
    }
    return activity("u9", consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c9", messages.toArray(Message[]::new))), jobs, List.of());
  }

  @Test
  public void creditComplaintsInManyWordsNameCreditsRunningOut() {
    List<String> phrasings = List.of(
        "ran out of credits halfway through my project",
        "my credits are gone after two videos",
        "this is way too expensive for what it does",
        "I hit my usage limit already",
        "used up all my tokens in an hour",
        "why did it charge me for a render that failed",
        "the free credits lasted 5 minutes",
        "wait, I'm out of credits already?");
    for (String phrasing : phrasings) {
      assertThat(phrasing, frictionsOf(saying(List.of(), phrasing)), hasItem("credits run out too fast"));
    }
  }

  @Test
  public void askingAboutCreditsOrPricesIsNotAComplaint() {
    Insights insights = read(saying(List.of(), "how many credits does a 10 second video cost?",
        "I have 200 credits left, make three more of the mug"));

    assertThat(insights.frictionPoints(), empty());
    assertThat(insights.frustration(), equalTo(1));
  }

  @Test
  public void greetingsCodingQuestionsAndRetriesAreNotComplaintsWhereNothingFailed() {
    Insights insights = read(saying(List.of(), "hi again! make a logo for my bakery",
        "getting TypeError: Cannot read properties of undefined in my react app, any idea?",
        "why does my useEffect run twice?", "let's try again with a darker background"));

    assertThat(insights.frictionPoints(), empty());
    assertThat(insights.frustration(), equalTo(1));
  }

  @Test
  public void failureWordsAreAComplaintWhereAJobFailed() {
    Insights insights = read(saying(List.of(
            job("j1", "c9", "video_generation", "failed", 0, "Job exceeded deadline of 600s", "2026-11-23T09:10:10Z"),
            job("j2", "c9", "video_generation", "failed", 0, "Job exceeded deadline of 600s", "2026-11-23T09:12:10Z")),
        "make a 20 second teaser of the launch", "it failed again", "thanks anyway"));

    assertThat(insights.frustration(), greaterThanOrEqualTo(2));
    assertThat(frictionsOf(saying(List.of(), "it failed again")), empty());
  }

  @Test
  public void aComplaintThatSaysNotWhatIsWrongNamesNoFriction() {
    Insights vague = read(saying(List.of(), "ugh, this is useless"));
    Insights specific = read(saying(List.of(), "that's not what I asked for, I wanted a red one"));

    assertThat(vague.frictionPoints().stream().map(FrictionPoint::evidence).toList(), not(hasItem("complaint")));
    assertThat(vague.frustration(), equalTo(2));
    assertThat(frictionsOf(saying(List.of(), "that's not what I asked for, I wanted a red one")),
        hasItem("results are not what was asked for"));
    assertThat(specific.frustration(), equalTo(2));
  }

  @Test
  public void aComplaintAboutAFailureInTheSameConversationCountsWithThatJob() {
    List<FrictionPoint> points = read(saying(List.of(
            job("j1", "c9", "image_generation", "failed", 0, "torch.cuda.OutOfMemoryError: CUDA out of memory",
                "2026-11-23T09:10:10Z")),
        "a poster of the festival lineup at 6000x4000", "it keeps failing at that size, I need print quality"))
        .frictionPoints();

    List<FrictionPoint> memory = points.stream()
        .filter(p -> p.description().equals("large or high-resolution outputs run out of memory")).toList();
    assertThat(memory.size(), equalTo(1));
    assertThat(memory.get(0).evidence(), equalTo("failed_job"));
    assertThat(memory.get(0).severity(), equalTo(4)); // the user complained where it failed: it held them back
    assertThat(points.stream().map(FrictionPoint::evidence).toList(), not(hasItem("complaint")));
  }

  @Test
  public void aOneOffFailureTheUserShruggedOffIsNotAFrictionButARecurringOneIs() {
    ServiceJob once = job("j1", "c9", "image_generation", "failed", 0, "503 Service Unavailable", "2026-11-23T09:10:10Z");
    ServiceJob twice = job("j2", "c9", "image_generation", "failed", 0, "503 Service Unavailable", "2026-11-23T09:12:10Z");
    String label = "image renders fail while the model provider is down or rate-limited";

    assertThat(frictionsOf(saying(List.of(once), "a flat lay of the new mugs", "and one with a plant next to them")),
        not(hasItem(label)));
    assertThat(frictionsOf(saying(List.of(once, twice), "a flat lay of the new mugs", "and one with a plant next to them")),
        hasItem(label));
    // Recurring but retried past in silence: a friction, below the severity that holds a user back.
    assertThat(read(saying(List.of(once, twice), "a flat lay of the new mugs", "and one with a plant next to them"))
        .frictionPoints().stream().filter(p -> p.description().equals(label)).findFirst().orElseThrow().severity(),
        lessThanOrEqualTo(2));
  }

  @Test
  public void aComplaintHoldsBackTheFailureJustBeforeItNotAnEarlierOneARetryGotPast() {
    ServiceJob outage = job("j1", "c9", "image_generation", "failed", 0, "503 Service Unavailable", "2026-11-23T09:10:10Z");
    ServiceJob outageAgain = job("j2", "c9", "image_generation", "failed", 0, "503 Service Unavailable",
        "2026-11-23T09:12:10Z");
    ServiceJob timeout = job("j3", "c9", "video_generation", "failed", 0, "Render timed out after 300s",
        "2026-11-23T09:14:10Z");

    List<FrictionPoint> points = read(saying(List.of(outage, outageAgain, timeout), "a flat lay of the new mugs",
        "ok try again: a flat lay of the new mugs", "now a short clip of them", "ugh, this is useless")).frictionPoints();

    assertThat(severityOf(points, "video renders time out"), greaterThanOrEqualTo(3));
    assertThat(severityOf(points, "image renders fail while the model provider is down or rate-limited"),
        lessThanOrEqualTo(2));
  }

  private static int severityOf(List<FrictionPoint> points, String description) {
    return points.stream().filter(p -> p.description().equals(description)).findFirst().orElseThrow().severity();
  }
}
