package pmf.signals.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;

public class WriteDailySummaryTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();
  @Rule public final transient TestPipeline third = TestPipeline.create();
  @Rule public final transient AnalysisTables tables = new AnalysisTables();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  private void write(TestPipeline p, LocalDate date, String summary) {
    p.apply(Create.of(summary).withCoder(StringUtf8Coder.of())).apply(WriteDailySummary.to(tables.source(), date));
    p.run().waitUntilFinish();
  }

  private List<String> stored() throws Exception {
    return tables.rows("SELECT analysis_date, summary::text, run_id, updated_at IS NOT NULL"
        + " FROM daily_summary ORDER BY analysis_date");
  }

  @Test
  public void theDaysSummaryIsStoredAsJsonUnderItsDate() throws Exception {
    write(first, DATE, "{\"users\": {\"active\": 122}, \"analysis_date\": \"2026-11-23\"}");

    assertThat(stored(), equalTo(List.of(
        "2026-11-23|{\"users\": {\"active\": 122}, \"analysis_date\": \"2026-11-23\"}|null|t")));
  }

  @Test
  public void rewritingADateReplacesItsSummaryAndLeavesOtherDatesAlone() throws Exception {
    write(first, DATE.minusDays(1), "{\"users\": {\"active\": 98}}");
    write(second, DATE, "{\"users\": {\"active\": 122}}");
    write(third, DATE, "{\"users\": {\"active\": 121}}");

    assertThat(stored(), equalTo(List.of("2026-11-22|{\"users\": {\"active\": 98}}|null|t",
        "2026-11-23|{\"users\": {\"active\": 121}}|null|t")));
  }
}
