package pmf.signals.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;

public class WriteFailuresTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();
  @Rule public final transient AnalysisTables tables = new AnalysisTables();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  /** u1's read and analyze failures on DATE, then u1's read failure again ("(again)") on {@code secondDate}. */
  private void writeTwoThenOneAgainFor(LocalDate secondDate) {
    first.apply(Create.of(new Failure("u1", "read", "malformed jobs payload"),
            new Failure("u1", "analyze", "analyzer error: X"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(tables.source(), DATE));
    first.run().waitUntilFinish();
    second.apply(Create.of(new Failure("u1", "read", "malformed jobs payload (again)"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(tables.source(), secondDate));
    second.run().waitUntilFinish();
  }

  @Test
  public void eachDeadLetterIsOneRowPerDateUserAndStage() throws Exception {
    writeTwoThenOneAgainFor(DATE.minusDays(1));

    assertThat(tables.rows("SELECT analysis_date, user_id, stage, reason FROM analysis_failures"
            + " ORDER BY analysis_date, stage"),
        equalTo(List.of("2026-11-22|u1|read|malformed jobs payload (again)",
            "2026-11-23|u1|analyze|analyzer error: X", "2026-11-23|u1|read|malformed jobs payload")));
  }

  @Test
  public void rewritingADateReplacesAUsersReasonAtAStageInPlace() throws Exception {
    writeTwoThenOneAgainFor(DATE);

    assertThat(tables.rows("SELECT stage || ':' || reason FROM analysis_failures ORDER BY stage"),
        equalTo(List.of("analyze:analyzer error: X", "read:malformed jobs payload (again)")));
  }
}
