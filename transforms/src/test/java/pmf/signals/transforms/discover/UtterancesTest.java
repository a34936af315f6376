package pmf.signals.transforms.discover;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserProfile;

public class UtterancesTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  private static Instant at(int minutes) {
    return T.plusSeconds(60L * minutes);
  }

  private static Message user(String id, int minute, String text) {
    return new Message("user", at(minute), text.length(), text);
  }

  private static Message assistant(String id, int minute) {
    return new Message("assistant", at(minute), 5, "Done!");
  }

  private static List<Utterance> lines(boolean consent, List<Conversation> conversations, List<ServiceJob> jobs,
      List<UserAction> actions, int max) {
    UserActivity a = new UserActivity("u1", new UserProfile(true, at(-600), "free", 10, consent, null), conversations,
        jobs, actions, null, "h");
    return Utterances.of(a, UserMetricsCalculator.compute(a, LocalDate.of(2026, 11, 23), ZoneOffset.UTC, true), 1.0,
        max);
  }

  /** A request, a video that timed out, a complaint; an image kept, praise; an image not kept, a last word. */
  private static List<Conversation> day() {
    return List.of(new Conversation("c1", null, at(0), List.of(
        user("m1", 1, "a 10 second clip of waves please, mail me at jo.doe@example.com"), assistant("m2", 2),
        user("m3", 9, "it timed out again"), assistant("m4", 10),
        user("m5", 20, "an image of a lighthouse"), assistant("m6", 21),
        user("m7", 25, "perfect thanks"), assistant("m8", 26),
        user("m9", 30, "another one"), assistant("m10", 31),
        user("m11", 40, "the lighthouse is upside down"))));
  }

  private static List<ServiceJob> jobs() {
    return List.of(
        new ServiceJob("j1", "c1", "video_generation", "failed", 0, "Render timed out after 300s", at(3), at(8)),
        new ServiceJob("j2", "c1", "image_generation", "succeeded", 8, null, at(22), at(23)),
        new ServiceJob("j3", "c1", "image_generation", "succeeded", 8, null, at(32), at(33)));
  }

  private static List<UserAction> actions() {
    return List.of(new UserAction("a1", "download", "{\"job_id\": \"j2\"}", false, at(24)));
  }

  @Test
  public void aFollowUpThatSaysTheFirstLinesWordsAgainIsARetry() {
    java.util.Set<String> asked = java.util.Set.of("cyberpunk", "city", "video", "short");
    assertThat(Utterances.repeats(List.of("cyberpunk", "city", "video", "again"), asked), equalTo(true));
    assertThat(Utterances.repeats(List.of("video", "timed", "out", "again"), asked), equalTo(false)); // one shared
    assertThat(Utterances.repeats(List.of("city", "video", "why", "every", "time", "fail"), asked), equalTo(false));
  }

  @Test
  public void eachLineCarriesWhatHappenedJustBeforeAndAfterIt() {
    List<Utterance> lines = lines(true, day(), jobs(), actions(), 10);

    assertThat(lines.stream().map(Utterance::text).toList().size(), equalTo(6));
    Utterance request = lines.get(0);
    assertThat(request.opener(), equalTo(true));
    assertThat(request.afterFailure(), equalTo(null));
    Utterance complaint = lines.get(1);
    assertThat(complaint.opener(), equalTo(false));
    assertThat(complaint.afterFailure(), equalTo("timeout"));
    assertThat(complaint.afterService(), equalTo("video_generation"));
    Utterance praise = lines.get(3);
    assertThat(praise.unkept(), equalTo(false)); // j2 was downloaded
    Utterance last = lines.get(5);
    assertThat(last.unkept(), equalTo(true)); // j3 was not
    assertThat(last.creditsLost(), equalTo(8));
    assertThat(last.unanswered(), equalTo(true));
    assertThat(lines.get(4).unanswered(), equalTo(false));
  }

  @Test
  public void onlyScrubbedTextIsKeptAndItsPlaceholdersAreDropped() {
    Utterance request = lines(true, day(), jobs(), actions(), 10).get(0);

    assertThat(request.text(), not(containsString("jo.doe@example.com")));
    assertThat(request.text(), not(containsString("[EMAIL")));
    assertThat(request.terms(), not(contains("example")));
    assertThat(request.text(), containsString("clip of waves"));
  }

  @Test
  public void aUserWithoutConsentGivesNoLines() {
    assertThat(lines(false, day(), jobs(), actions(), 10), empty());
  }

  @Test
  public void aUserGivesAtMostTheirMostRecentLinesAndEachWordingOnce() {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      messages.add(user("m" + i, i, i < 4 ? "make another one" : "line number " + (char) ('a' + i)));
    }
    List<Utterance> lines = lines(true, List.of(new Conversation("c1", null, at(0), messages)), List.of(), List.of(), 5);

    assertThat(lines.size(), equalTo(5));
    assertThat(lines.get(4).text(), equalTo("line number l"));
    assertThat(lines(true, List.of(new Conversation("c1", null, at(0), messages)), List.of(), List.of(), 100).size(),
        equalTo(9)); // "make another one" four times counts once
  }
}
