package pmf.signals.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.segment.Persona;
import pmf.signals.transforms.segment.SegmentRecord;

public class WriteSegmentsTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();
  @Rule public final transient AnalysisTables tables = new AnalysisTables();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final String COLUMNS = "SELECT analysis_date, segment_id, users, consenting, analysed, previous_users,"
      + " drift, centroid::text, persona::text, method, llm_calls, tokens_in, tokens_out, cost_usd"
      + " FROM analysis_segments ORDER BY analysis_date, segment_id";

  /** A segment with a persona an LLM wrote, compared with 30 users the day before. */
  private static final SegmentRecord WRITTEN = new SegmentRecord(7, 42, 40, 38, 30L, "growing",
      Map.of("jobs", 3.5), new Persona("Video makers", "42 users who render short ads", "gemini"), "k-means k=3", 1,
      812, 95, 0.0001234567);

  /** A new segment under k: no persona, nothing spent. */
  private static final SegmentRecord UNDER_K = new SegmentRecord(9, 4, 3, 3, null, "new", Map.of("jobs", 0.5),
      null, "k-means k=3", 0, 0, 0, 0.0);

  private void write(TestPipeline p, SegmentRecord... rows) {
    p.apply(Create.of(List.of(rows)).withCoder(SerializableCoder.of(SegmentRecord.class)))
        .apply(WriteSegments.to(tables.source(), DATE));
    p.run().waitUntilFinish();
  }

  @Test
  public void everyColumnOfASegmentIsStored_nullsAsNullAndTheCostToTheMicroDollar() throws Exception {
    write(first, WRITTEN, UNDER_K);

    assertThat(tables.rows(COLUMNS), equalTo(List.of(
        "2026-11-23|7|42|40|38|30|growing|{\"jobs\": 3.5}|{\"name\": \"Video makers\", \"source\": \"gemini\","
            + " \"description\": \"42 users who render short ads\"}|k-means k=3|1|812|95|0.000123",
        "2026-11-23|9|4|3|3|null|new|{\"jobs\": 0.5}|null|k-means k=3|0|0|0|0.000000")));
  }

  @Test
  public void rewritingADateUpdatesEachSegmentInPlace() throws Exception {
    write(first, WRITTEN, UNDER_K);
    write(second, new SegmentRecord(7, 44, 41, 39, 30L, "growing", Map.of("jobs", 3.4), null, "k-means k=3", 0, 0,
        0, 0.0));

    assertThat(tables.rows("SELECT segment_id, users, persona IS NULL, llm_calls FROM analysis_segments"
        + " ORDER BY segment_id"), equalTo(List.of("7|44|t|0", "9|4|t|0")));
  }
}
