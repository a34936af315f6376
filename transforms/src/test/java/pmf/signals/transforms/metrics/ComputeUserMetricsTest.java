package pmf.signals.transforms.metrics;

import static org.junit.Assert.assertEquals;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.job;
import static pmf.signals.transforms.Fixtures.user;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.segment.RequestTerms;

public class ComputeUserMetricsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void measuresEveryUserWithThePureCalculator() {
    LocalDate date = LocalDate.parse("2026-11-23");
    UserActivity chatty = activity("u1", consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c1", user("m1", "2026-11-23T08:00:00Z", "hi"))), List.of(), List.of());
    UserActivity jobsOnly = activity("u2", consenting("2026-11-01T00:00:00Z", "pro"), List.of(),
        List.of(job("j1", null, "upscale", "succeeded", 2, null, "2026-11-23T09:00:00Z")), List.of());

    PCollection<MeasuredActivity> measured =
        p.apply(Create.of(chatty, jobsOnly).withCoder(JsonCoder.of(UserActivity.class)))
            .apply(ComputeUserMetrics.forDate(date, ZoneOffset.UTC));

    PAssert.that(measured)
        .containsInAnyOrder(
            new MeasuredActivity(chatty, UserMetricsCalculator.compute(chatty, date, ZoneOffset.UTC),
                RequestTerms.of(chatty)),
            new MeasuredActivity(jobsOnly, UserMetricsCalculator.compute(jobsOnly, date, ZoneOffset.UTC),
                RequestTerms.of(jobsOnly)));
    PAssert.that(
            measured.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(m -> m.activity().userId() + ":" + m.metrics().jobs())))
        .containsInAnyOrder("u1:0", "u2:1");
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
