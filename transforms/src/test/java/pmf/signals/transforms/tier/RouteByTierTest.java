package pmf.signals.transforms.tier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static pmf.signals.transforms.Fixtures.CHAT;
import static pmf.signals.transforms.Fixtures.IMAGES;
import static pmf.signals.transforms.Fixtures.VIDEO;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.at;
import static pmf.signals.transforms.Fixtures.threeBehaviours;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.segment.Segmentation;

public class RouteByTierTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final Segmentation SEGMENTS = threeBehaviours();
  private static final Map<String, UserMetrics> KINDS = Map.of("images", IMAGES, "video", VIDEO, "chat", CHAT);
  /** Tiers A, B, C up to 100, 1,000, 10,000 users; tier C draws 2 per segment and none by nearness. */
  private static final SamplingSettings SAMPLING =
      new SamplingSettings(List.of(100L, 1000L, 10000L), 500, 2, 0, 0.1, 42);

  /** Of each kind, 10 consenting users and one who did not consent: 33 users in three segments. */
  private static List<MeasuredActivity> users() {
    List<MeasuredActivity> users = new ArrayList<>();
    KINDS.forEach((kind, metrics) -> {
      for (int i = 0; i <= 10; i++) {
        UserProfile profile = new UserProfile(true, at("2026-11-01T00:00:00Z"), metrics.plan(), 20, i < 10, null);
        users.add(new MeasuredActivity(activity(kind + "-" + i, profile, List.of(), List.of(), List.of()), metrics));
      }
    });
    return users;
  }

  /** A route in words: the user's kind, the segment it should have, what the plan chose and the weight. */
  private static String routeOf(Routed r) {
    String kind = r.userId().substring(0, r.userId().indexOf('-'));
    boolean rightSegment = r.route().segmentId() == SEGMENTS.assign(KINDS.get(kind)).segmentId();
    return kind + (rightSegment ? " in its segment" : " elsewhere") + ": " + r.route().tier() + " "
        + r.route().selection().dbValue() + " x" + r.route().weight();
  }

  private static List<String> times(int n, String route) {
    return Collections.nCopies(n, route);
  }

  private static List<String> each(String... routes) {
    List<String> all = new ArrayList<>();
    for (String kind : List.of("images", "video", "chat")) {
      for (String route : routes) {
        all.add(kind + route);
      }
    }
    return all;
  }

  private PCollectionTuple route(long activeUsers) {
    PCollectionView<Long> active = p.apply("ActiveUsers", Create.of(activeUsers).withCoder(VarLongCoder.of()))
        .apply("ActiveAsSingleton", View.asSingleton());
    PCollectionView<Segmentation> segments = p
        .apply("Segments", Create.of(SEGMENTS).withCoder(SerializableCoder.of(Segmentation.class)))
        .apply("SegmentsAsSingleton", View.asSingleton());
    return p.apply("Users", Create.of(users()).withCoder(JsonCoder.of(MeasuredActivity.class)))
        .apply(RouteByTier.forDate(DATE).withSampling(SAMPLING).withActiveUsers(active).withSegments(segments));
  }

  private static PCollection<String> inWords(String output, PCollection<Routed> routed) {
    return routed.apply(output + "InWords", MapElements.into(TypeDescriptors.strings()).via(RouteByTierTest::routeOf));
  }

  @Test
  public void givenTierCByTheCount_twoUsersPerSegmentAreDrawnAndStandForTheRest_whoInherit() {
    PCollectionTuple routed = route(5000);

    List<String> analysed = new ArrayList<>();
    each(" in its segment: C sample x5.0").forEach(r -> analysed.addAll(times(2, r)));
    analysed.addAll(each(" in its segment: C not_eligible x0.0")); // metrics-only rows come from the analyzer's path
    PAssert.that(inWords("Analyze", routed.get(RouteByTier.ANALYZE))).containsInAnyOrder(analysed);
    List<String> inheriting = new ArrayList<>();
    each(" in its segment: C inherited x0.0").forEach(r -> inheriting.addAll(times(8, r)));
    PAssert.that(inWords("Inherit", routed.get(RouteByTier.INHERIT))).containsInAnyOrder(inheriting);
    PAssert.thatSingleton(routed.get(RouteByTier.TALLIES)).satisfies(tallies -> {
      Map<Integer, String> sizes = new TreeMap<>();
      tallies.forEach(t -> sizes.put(t.segmentId(), t.users() + " users, " + t.eligible() + " consenting"));
      Map<Integer, String> expected = new TreeMap<>();
      KINDS.values().forEach(m -> expected.put(SEGMENTS.assign(m).segmentId(), "11 users, 10 consenting"));
      assertThat(sizes, equalTo(expected));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void givenTierBByTheCount_everyConsentingUserIsAnalysedAndNobodyInherits() {
    PCollectionTuple routed = route(500);

    List<String> analysed = new ArrayList<>();
    each(" in its segment: B census x1.0").forEach(r -> analysed.addAll(times(10, r)));
    analysed.addAll(each(" in its segment: B not_eligible x0.0"));
    PAssert.that(inWords("Analyze", routed.get(RouteByTier.ANALYZE))).containsInAnyOrder(analysed);
    PAssert.that(routed.get(RouteByTier.INHERIT)).empty();
    PAssert.that(routed.get(RouteByTier.ANALYZE)).satisfies(all -> {
      all.forEach(r -> assertThat(r.route().tierReason(), startsWith("500 active users <= 1000; every consenting")));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void withoutSamplingSettings_theTransformRefusesToBeApplied() {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<MeasuredActivity> none = p.apply(Create.empty(JsonCoder.of(MeasuredActivity.class)));

    NullPointerException e = assertThrows(NullPointerException.class, () -> none.apply(RouteByTier.forDate(DATE)));
    assertThat(e.getMessage(), equalTo("withSampling() is required"));
  }
}
