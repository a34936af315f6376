package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static pmf.signals.transforms.Fixtures.CHAT;
import static pmf.signals.transforms.Fixtures.IMAGES;
import static pmf.signals.transforms.Fixtures.VIDEO;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.threeBehaviours;
import static pmf.signals.transforms.segment.PersonaBriefTest.profile;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.tier.Placed;
import pmf.signals.transforms.tier.SegmentTally;

public class DescribeSegmentsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final int K = 5;
  private static final String RULES = "offline-rules (centroid contrast + analysed users' labels)";

  private static final Segmentation SEGMENTS = threeBehaviours();
  private static final int IMAGE_MAKERS = SEGMENTS.assign(IMAGES).segmentId();
  private static final int VIDEO_MAKERS = SEGMENTS.assign(VIDEO).segmentId();
  private static final int CHATTERS = SEGMENTS.assign(CHAT).segmentId();

  /** A segment's tally of the day: {@code users} placed in it, the first {@code consentingUsers} of them consenting. */
  private static SegmentTally tally(int segmentId, int users, int consentingUsers) {
    SegmentTally tally = new SegmentTally(10, 2);
    for (int i = 0; i < users; i++) {
      MeasuredActivity user = new MeasuredActivity(
          activity("s" + segmentId + "-" + i, consenting("2026-11-01T00:00:00Z", "pro"), List.of(), List.of(),
              List.of()), IMAGES);
      tally.add(new Placed(user, new Assignment(segmentId, 0.1 * i, false), i, i < consentingUsers));
    }
    return tally;
  }

  /** What a row says, in words. */
  private static String described(SegmentRecord r) {
    return r.segmentId() + ": " + r.users() + " users, " + r.consenting() + " consenting, " + r.analysed()
        + " analysed, previously " + r.previousUsers() + ", " + r.drift() + ", persona by "
        + (r.persona() == null ? "nobody" : r.persona().source()) + ", " + r.llmCalls() + " calls";
  }

  /** Writes "written: " and the rules' name for each brief it is given, at one call. */
  static final class EchoingWriter implements PersonaWriter {
    @Override
    public WrittenPersona write(PersonaBrief brief, Persona offline) {
      return new WrittenPersona(new Persona("written: " + offline.name(), brief.text(), "fake-llm"), 1, 400, 60,
          0.0002);
    }
  }

  private PCollection<SegmentRecord> describe(Segmentation segments, List<SegmentTally> tallies,
      DescribeFactory factory) {
    PCollectionView<Segmentation> segmentsView = p
        .apply("Segments", Create.of(segments).withCoder(SerializableCoder.of(Segmentation.class)))
        .apply("SegmentsAsSingleton", View.asSingleton());
    PCollectionView<Map<Integer, SegmentProfile>> profiles = p
        .apply("Profiles", Create.of(
                KV.of(IMAGE_MAKERS, profile(IMAGE_MAKERS, 10, "product photos", "exports fail", "shop owner")),
                KV.of(VIDEO_MAKERS, profile(VIDEO_MAKERS, 3, "short video ads", "renders time out", "agency")))
            .withCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SegmentProfile.class))))
        .apply("ProfilesAsMap", View.asMap());
    return p
        .apply("Tallies", Create.of(List.of(tallies))
            .withCoder(ListCoder.of(SerializableCoder.of(SegmentTally.class))))
        .apply(factory.make(segmentsView, profiles));
  }

  /** How a test configures the transform once its side inputs exist. */
  interface DescribeFactory {
    DescribeSegments make(PCollectionView<Segmentation> segments,
        PCollectionView<Map<Integer, SegmentProfile>> profiles);
  }

  private static final List<SegmentTally> TALLIES =
      List.of(tally(IMAGE_MAKERS, 120, 100), tally(VIDEO_MAKERS, 80, 60), tally(CHATTERS, 4, 4));

  /** Yesterday: 60 image makers and 100 video makers of 160; no chatters' segment. */
  private static final List<PreviousSegment> YESTERDAY = List.of(
      new PreviousSegment(IMAGE_MAKERS, SEGMENTS.centroidOf(IMAGE_MAKERS), 60),
      new PreviousSegment(VIDEO_MAKERS, SEGMENTS.centroidOf(VIDEO_MAKERS), 100));

  @Test
  public void eachSegmentGetsItsSizesDriftAndCentre_andAPersonaOnlyWithKUsersAndKAnalysed() {
    PCollection<SegmentRecord> rows = describe(SEGMENTS, TALLIES,
        (segments, profiles) -> DescribeSegments.of(segments, profiles).withPrevious(YESTERDAY).withMinGroupUsers(K));

    PAssert.that(rows.apply(MapElements.into(TypeDescriptors.strings()).via(DescribeSegmentsTest::described)))
        .containsInAnyOrder(
            // 120 of 204 today against 60 of 160 yesterday: growing.
            IMAGE_MAKERS + ": 120 users, 100 consenting, 10 analysed, previously 60, growing, persona by " + RULES
                + ", 0 calls",
            // 3 analysed, under k: no persona.
            VIDEO_MAKERS + ": 80 users, 60 consenting, 3 analysed, previously 100, shrinking, persona by nobody, 0 calls",
            CHATTERS + ": 4 users, 4 consenting, 0 analysed, previously null, new, persona by nobody, 0 calls");
    PAssert.that(rows).satisfies(all -> {
      for (SegmentRecord r : all) {
        assertThat(r.centroid(), equalTo(SEGMENTS.centroidOf(r.segmentId())));
        assertThat(r.method(), equalTo(SEGMENTS.method()));
      }
      SegmentRecord images = StreamSupport.stream(all.spliterator(), false)
          .filter(r -> r.segmentId() == IMAGE_MAKERS).findFirst().orElseThrow();
      assertThat(images.persona().name(), startsWith("Product photos"));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void aPersonaWriterWritesOnlyForSegmentsOverTheThreshold_andItsCostIsKept() {
    PCollection<SegmentRecord> rows = describe(SEGMENTS, TALLIES, (segments, profiles) ->
        DescribeSegments.of(segments, profiles).withMinGroupUsers(K).withPersonaWriter(new EchoingWriter()));

    PAssert.that(rows.apply(MapElements.into(TypeDescriptors.strings()).via(DescribeSegmentsTest::described)))
        .containsInAnyOrder(
            IMAGE_MAKERS + ": 120 users, 100 consenting, 10 analysed, previously null, new, persona by fake-llm, 1 calls",
            VIDEO_MAKERS + ": 80 users, 60 consenting, 3 analysed, previously null, new, persona by nobody, 0 calls",
            CHATTERS + ": 4 users, 4 consenting, 0 analysed, previously null, new, persona by nobody, 0 calls");
    PAssert.that(rows).satisfies(all -> {
      for (SegmentRecord r : all) {
        if (r.segmentId() == IMAGE_MAKERS) {
          assertThat(r.persona().name(), startsWith("written: Product photos"));
          assertThat(List.of(r.tokensIn(), r.tokensOut()), equalTo(List.of(400, 60)));
          assertThat(r.costUsd(), equalTo(0.0002));
        }
      }
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void aDayWithoutSegmentsHasNoRows() {
    PCollection<SegmentRecord> rows = describe(Segmentation.none("tier A: no segments"),
        List.of(tally(Placed.NO_SEGMENT, 40, 30)),
        (segments, profiles) -> DescribeSegments.of(segments, profiles).withMinGroupUsers(K));

    PAssert.that(rows).empty();
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
