package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.user;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Selection;

public class InheritInsightsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final int K = 3;
  private static final String TIER_REASON = "5000 active users <= 10000; per segment 2 drawn";

  /** A user the day's plan left out of the sample: tier C, to inherit from segment {@code segmentId}. */
  private static Routed inheriting(String userId, int segmentId) {
    UserActivity a = activity(userId, consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c-" + userId, user("m-" + userId, "2026-11-23T08:00:00Z", "make a product photo"))),
        List.of(), List.of());
    return new Routed(new MeasuredActivity(a, UserMetricsCalculator.compute(a, DATE, ZoneOffset.UTC)),
        new Route("C", TIER_REASON, segmentId, Selection.INHERIT, false, 0.0));
  }

  /** {@code analysed} users of segment {@code id} who all said the same. */
  private static SegmentProfile profile(int id, int analysed) {
    SegmentProfile profile = SegmentProfile.empty(id);
    for (int i = 0; i < analysed; i++) {
      profile = profile.add(new Insights("offline-rules", "s", List.of("product photos"), "g",
          List.of(new FrictionPoint("exports fail", 3, "failed_job", "other")), List.of("downloads"), null, 2,
          List.of(), null));
    }
    return profile;
  }

  private static UserAnalysis expected(Routed r, Insights insights, LlmStatus status, String reason) {
    return new UserAnalysis(r.userId(), r.measured().metrics(), insights, "C", TIER_REASON, r.route().segmentId(),
        "inherited", false, 0.0, null, "offline-rules.v3", "offline", status, reason, 0, 0, 0, 0.0, null);
  }

  @Test
  public void membersOfASegmentWithKAnalysedUsersInheritItsCommonInsights_othersAreSkippedWithTheReason() {
    Routed photographer = inheriting("u1", 1);
    Routed thinSegment = inheriting("u2", 2);
    Routed unreadSegment = inheriting("u3", 3);
    PCollectionView<Map<Integer, SegmentProfile>> profiles = p
        .apply("Profiles", Create.of(KV.of(1, profile(1, 4)), KV.of(2, profile(2, K - 1)))
            .withCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SegmentProfile.class))))
        .apply(View.asMap());

    PCollection<UserAnalysis> rows = p
        .apply("Inheriting", Create.of(photographer, thinSegment, unreadSegment).withCoder(JsonCoder.of(Routed.class)))
        .apply(InheritInsights.from(profiles).withMinGroupUsers(K).withAnalyzer("offline-rules.v3", "offline"));

    PAssert.that(rows).containsInAnyOrder(
        expected(photographer, profile(1, 4).inherited(K), LlmStatus.INHERITED,
            "segment 1: not sampled; inherits from its 4 analysed users"),
        expected(thinSegment, null, LlmStatus.SKIPPED, "segment 2: fewer than 3 analysed users to inherit from"),
        expected(unreadSegment, null, LlmStatus.SKIPPED, "segment 3: fewer than 3 analysed users to inherit from"));
    PAssert.that(rows).satisfies(all -> {
      UserAnalysis inherited = StreamSupport.stream(all.spliterator(), false)
          .filter(r -> r.userId().equals("u1")).findFirst().orElseThrow();
      assertThat(inherited.insights().source(), equalTo("segment-1"));
      assertThat(inherited.insights().summary(), startsWith("Not analysed today: inherits segment 1's"));
      assertThat(inherited.insights().useCases(), equalTo(List.of("product photos")));
      assertThat(inherited.insights().frictionPoints().get(0).description(), equalTo("exports fail"));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void withoutTheKThreshold_theTransformRefusesToBeApplied() {
    p.enableAbandonedNodeEnforcement(false);
    PCollectionView<Map<Integer, SegmentProfile>> profiles = p
        .apply("Profiles", Create.empty(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SegmentProfile.class))))
        .apply(View.asMap());
    PCollection<Routed> none = p.apply("Inheriting", Create.empty(JsonCoder.of(Routed.class)));

    NullPointerException e = assertThrows(NullPointerException.class,
        () -> none.apply(InheritInsights.from(profiles).withAnalyzer("offline-rules.v3", "offline")));
    assertThat(e.getMessage(), equalTo("withMinGroupUsers() is required"));
  }
}
