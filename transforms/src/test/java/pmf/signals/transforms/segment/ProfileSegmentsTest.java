package pmf.signals.transforms.segment;

import static org.junit.Assert.assertEquals;
import static pmf.signals.transforms.Fixtures.behaviour;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.WillingnessToPay;

public class ProfileSegmentsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static Insights said(String useCase, String friction) {
    return new Insights("offline-rules", "s", List.of(useCase), "g",
        List.of(new FrictionPoint(friction, 2, "failed_job", "other")), List.of("downloads"),
        new WillingnessToPay("medium", "e"), 2, List.of(), null);
  }

  private static UserAnalysis row(String userId, Integer segmentId, LlmStatus status, Insights insights) {
    return new UserAnalysis(userId, behaviour("free", 6, Map.of("image_generation", 2), 2), insights, "B",
        "9 active users <= 1000", segmentId, "census", false, 1.0, "hash-" + userId, "v", "m", status, null, 0, 0, 0,
        0.0, null);
  }

  /** Segment, its name on the profile, analysed users, use cases and frictions by distinct users. */
  private static String shape(KV<Integer, SegmentProfile> kv) {
    SegmentProfile s = kv.getValue();
    return kv.getKey() + ": segment " + s.segmentId() + ", " + s.analysed() + " analysed, " + s.useCases() + ", "
        + s.frictions();
  }

  @Test
  public void countsEachSegmentsReadingsOnlyAndNamesEachProfileAfterItsSegment() {
    PCollection<KV<Integer, SegmentProfile>> profiles = p
        .apply(Create.of(
                row("a1", 1, LlmStatus.OFFLINE, said("Product photos", "exports fail")),
                row("a2", 1, LlmStatus.OK, said("product photos", "slow renders")),
                row("a3", 1, LlmStatus.CACHED, said("image generation", "exports fail")),
                row("b1", 2, LlmStatus.OFFLINE, said("video creation", "renders time out")),
                // Not readings of the user's own words, or in no segment: never counted.
                row("b2", 2, LlmStatus.INHERITED, said("video creation", "renders time out")),
                row("b3", 2, LlmStatus.FAILED, null),
                row("c1", 3, LlmStatus.NO_CONSENT, null),
                row("c2", 3, LlmStatus.SKIPPED, null),
                row("d1", null, LlmStatus.OFFLINE, said("translation", "wrong language")))
            .withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(ProfileSegments.create());

    PAssert.that(profiles.apply(MapElements.into(TypeDescriptors.strings()).via(ProfileSegmentsTest::shape)))
        .containsInAnyOrder(
            "1: segment 1, 3 analysed, {image generation=1, product photos=2}, {exports fail=2, slow renders=1}",
            "2: segment 2, 1 analysed, {video creation=1}, {renders time out=1}");
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void aDayWithoutReadingsHasNoProfiles() {
    PCollection<KV<Integer, SegmentProfile>> profiles = p
        .apply(Create.of(row("c1", 3, LlmStatus.NO_CONSENT, null), row("c2", 3, LlmStatus.SKIPPED_BUDGET, null))
            .withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(ProfileSegments.create());

    PAssert.that(profiles).empty();
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
