package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.job;
import static pmf.signals.transforms.Fixtures.user;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserActivity;

public class SegmentUsersTest {
  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final SegmentFitter.Settings TWO = new SegmentFitter.Settings(2, 6, 2, 42, 5);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Even users make logos on the pro plan; odd ones chat about their essays on the free plan. */
  private static List<MeasuredActivity> day(int users) {
    List<MeasuredActivity> out = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      boolean maker = i % 2 == 0;
      String id = String.format("u%03d", i);
      List<ServiceJob> jobs = new ArrayList<>();
      for (int j = 0; j < (maker ? 3 + i % 3 : 0); j++) {
        jobs.add(job(id + "-j" + j, id + "-c", "image_generation", "succeeded", 4, null, "2026-11-23T09:0" + j + ":00Z"));
      }
      UserActivity a = activity(id, consenting("2026-11-01T00:00:00Z", maker ? "pro" : "free"),
          List.of(conversation(id + "-c",
              user(id + "-m1", "2026-11-23T08:00:00Z", maker ? "design a logo for my bakery" : "feedback on my essay"),
              user(id + "-m2", "2026-11-23T08:05:00Z", maker ? "bolder logo font please" : "shorter essay intro"))),
          jobs, List.of());
      out.add(new MeasuredActivity(a, UserMetricsCalculator.compute(a, DATE, ZoneOffset.UTC)));
    }
    return out;
  }

  /** Each user's segment as the day's workers place them: "user:segment". */
  static final class PlaceFn extends DoFn<MeasuredActivity, KV<String, Integer>> {
    private final PCollectionView<Segmentation> segments;

    PlaceFn(PCollectionView<Segmentation> segments) {
      this.segments = segments;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      MeasuredActivity m = c.element();
      Assignment a = c.sideInput(segments).assign(m.activity().userId(), SegmentInput.of(m));
      c.output(KV.of(m.activity().userId(), a == null ? -1 : a.segmentId()));
    }
  }

  /** What the fit says of itself: how many segments, how many users it read words for, and its method. */
  static final class DescribeFn extends DoFn<Integer, String> {
    private final PCollectionView<Segmentation> segments;

    DescribeFn(PCollectionView<Segmentation> segments) {
      this.segments = segments;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      Segmentation s = c.sideInput(segments);
      c.output(s.size() + " segments, " + s.sampled().size() + " read: " + s.method());
    }
  }

  private PCollection<KV<String, Integer>> place(PCollection<MeasuredActivity> measured,
      PCollectionView<Segmentation> segments) {
    return measured.apply("Place", ParDo.of(new PlaceFn(segments)).withSideInputs(segments))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()));
  }

  private PCollection<String> describe(PCollectionView<Segmentation> segments) {
    return p.apply("One", Create.of(1)).apply("Describe", ParDo.of(new DescribeFn(segments)).withSideInputs(segments));
  }

  @Test
  public void fitsOnABoundedSampleReadsOnlyItsWords_andPlacesEveryUserWithTheirBehaviour() {
    PCollection<MeasuredActivity> measured =
        p.apply(Create.of(day(120)).withCoder(JsonCoder.of(MeasuredActivity.class)));
    PCollectionView<Segmentation> segments =
        measured.apply(SegmentUsers.create(DATE, TWO).withSampleSize(40));

    PAssert.that(describe(segments)).satisfies(lines -> {
      String line = lines.iterator().next();
      assertThat(line, line, containsString("2 segments, 40 read: k=2 (--clusters) on 40 users"));
      return null;
    });
    PAssert.that(place(measured, segments)).satisfies(placed -> {
      Map<Boolean, Integer> segmentOfKind = new HashMap<>();
      int users = 0;
      for (KV<String, Integer> u : placed) {
        boolean maker = Integer.parseInt(u.getKey().substring(1)) % 2 == 0;
        Integer before = segmentOfKind.putIfAbsent(maker, u.getValue());
        assertThat(u.getKey(), u.getValue(), equalTo(before == null ? u.getValue() : before));
        users++;
      }
      assertThat(users, equalTo(120));
      assertThat(segmentOfKind.get(true), not(equalTo(segmentOfKind.get(false))));
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  public void aTierADayHasNoSegments() {
    PCollection<MeasuredActivity> measured =
        p.apply(Create.of(day(60)).withCoder(JsonCoder.of(MeasuredActivity.class)));
    PCollectionView<Long> active =
        p.apply("Active", Create.of(60L).withCoder(VarLongCoder.of())).apply("ActiveAsSingleton", View.asSingleton());
    PCollectionView<Segmentation> segments =
        measured.apply(SegmentUsers.create(DATE, TWO).withTier(active, List.of(100L, 1000L, 10000L)));

    PAssert.that(describe(segments))
        .containsInAnyOrder("0 segments, 0 read: tier A: every user is analysed in depth, no segments");
    PAssert.that(place(measured, segments)).satisfies(placed -> {
      placed.forEach(u -> assertThat(u.getKey(), u.getValue(), equalTo(-1)));
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  public void settingsThatCannotWorkAreRefusedWithTheirFix() {
    SegmentUsers segments = SegmentUsers.create(DATE, TWO);
    assertThat(assertThrows(IllegalArgumentException.class, () -> segments.withSampleSize(10)).getMessage(),
        containsString("at least 20 users"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> segments.withHistory(List.of(), 0)).getMessage(),
        containsString("segment IDs start at 1"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> segments.withTier(null, List.of(1L))).getMessage(),
        containsString("withTier needs"));
  }
}
