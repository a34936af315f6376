package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static pmf.signals.transforms.Fixtures.CHAT;
import static pmf.signals.transforms.Fixtures.IMAGES;
import static pmf.signals.transforms.Fixtures.VIDEO;
import static pmf.signals.transforms.Fixtures.threeBehaviours;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.WillingnessToPay;

public class PersonaBriefTest {
  private static final int K = 5;

  /** One analysed user's insights; every free-text field carries a marker of that user's own words. */
  static Insights said(String useCase, String friction, String kind) {
    return new Insights("gemini:m", "USER-SUMMARY said I run a shop", List.of(useCase), "USER-GOAL my own shop",
        List.of(new FrictionPoint(friction, 3, "failed_job", null)), List.of("downloads results"),
        new WillingnessToPay("medium", "USER-EVIDENCE my card ends 4242"), 3, List.of("USER-ERROR it forgot my name"),
        kind);
  }

  static SegmentProfile profile(int id, int users, String useCase, String friction, String kind) {
    SegmentProfile p = SegmentProfile.empty(id);
    for (int i = 0; i < users; i++) {
      p = p.add(said(useCase, friction, kind));
    }
    return p;
  }

  @Test
  public void givesOnlyLabelsHeldByKUsersWithTheirCountsAndNoUserText() {
    Segmentation s = threeBehaviours();
    int images = s.assign(IMAGES).segmentId();
    int video = s.assign(VIDEO).segmentId();
    int chat = s.assign(CHAT).segmentId();
    SegmentProfile imageUsers = profile(images, 10, "product photos", "exports fail", "shop owner");
    // Two users with labels of their own: under k, so never named.
    imageUsers = imageUsers.add(said("my order A12345 for Ms Jones", "refund for order A12345", "jones family"))
        .add(said("my order A12345 for Ms Jones", "refund for order A12345", "jones family"));

    PersonaBrief brief = PersonaBrief.of(s, images, Map.of(images, 120L, video, 80L, chat, 100L),
        Map.of(images, imageUsers, video, profile(video, 6, "short video ads", "renders time out", "agency")), K);

    String text = brief.text();
    assertThat(text, containsString("120 users, 40% of today's 300 active users; 12 of them analysed"));
    assertThat(text, containsString("use cases: product photos 10\n"));
    assertThat(text, containsString("friction points: exports fail 10\n"));
    assertThat(text, containsString("value signals: downloads results 12\n"));
    assertThat(text, containsString("kinds of user: shop owner 10\n"));
    assertThat(text, containsString("willingness to pay: medium 12\n"));
    assertThat(text, containsString("mean frustration: 3.0"));
    assertThat(text, not(containsString("A12345")));
    assertThat(text, not(containsString("jones")));
    assertThat(text, not(containsString("USER-")));
    assertThat(text, not(containsString("4242")));
  }

  @Test
  public void contrastsTheSegmentWithItsNearestNeighboursInPlainUnitsAndTheirTopUseCase() {
    Segmentation s = threeBehaviours();
    int images = s.assign(IMAGES).segmentId();
    int video = s.assign(VIDEO).segmentId();
    int chat = s.assign(CHAT).segmentId();

    String text = PersonaBrief.of(s, images, Map.of(images, 120L, video, 80L, chat, 100L),
        Map.of(images, profile(images, 10, "product photos", "exports fail", "shop owner"),
            video, profile(video, 6, "short video ads", "renders time out", "agency")), K).text();

    assertThat(text, containsString("- segment " + video + " (80 users; most common use case: short video ads):"
        + " this segment vs that one, "));
    assertThat(text, containsString("- segment " + chat + " (100 users; most common use case: fewer than 5 analysed)"));
    assertThat(text, containsString("image generation share of jobs 100% vs 0%"));
  }

  @Test
  public void aSegmentUnderKHasNoBriefAndIsNoOnesNeighbour() {
    Segmentation s = threeBehaviours();
    int images = s.assign(IMAGES).segmentId();
    int video = s.assign(VIDEO).segmentId();
    int chat = s.assign(CHAT).segmentId();
    Map<Integer, Long> sizes = Map.of(images, 120L, video, 4L, chat, 100L);
    Map<Integer, SegmentProfile> profiles = Map.of(images, profile(images, 10, "product photos", "exports fail", "x"),
        video, profile(video, 4, "short video ads", "renders time out", "agency"),
        chat, profile(chat, 4, "questions", "slow answers", "student"));

    assertThat(PersonaBrief.of(s, video, sizes, profiles, K), nullValue()); // 4 users
    assertThat(PersonaBrief.of(s, chat, sizes, profiles, K), nullValue()); // 100 users, 4 analysed
    String text = PersonaBrief.of(s, images, sizes, profiles, K).text();
    assertThat(text, not(containsString("segment " + video + " ")));
    assertThat(PersonaBrief.nearest(s, images, sizes, K), equalTo(List.of(chat)));
  }
}
