package pmf.signals.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.user;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;

public class WriteAnalysisCacheTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();
  @Rule public final transient AnalysisTables tables = new AnalysisTables();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  private static UserAnalysis row(String userId, String text) {
    UserActivity a = activity(userId, consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c-" + userId, user("m-" + userId, "2026-11-23T08:00:00Z", text))), List.of(), List.of());
    UserMetrics m = UserMetricsCalculator.compute(a, DATE, ZoneOffset.UTC);
    return new UserAnalysis(userId, m, OfflineAnalyzer.insights(a, m), "A", "2 active users <= 100", null, "census", false, 1.0, "hash-" + text,
        OfflineAnalyzer.VERSION, OfflineAnalyzer.MODEL, LlmStatus.OFFLINE, null, 0, 0, 0, 0.0, null);
  }

  private List<String> rows() throws SQLException {
    return tables.rows("SELECT user_id, analysis_date, insights::text, metrics::text, tier, input_hash,"
        + " llm_status FROM analysis_cache ORDER BY user_id");
  }

  @Test
  public void rewritingADateUpdatesInPlaceAndNeverDuplicates() throws Exception {
    JdbcIO.DataSourceConfiguration source = tables.source();
    first.apply(Create.of(row("u1", "make an image"), row("u2", "write an email"))
            .withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(WriteAnalysisCache.to(source, DATE));
    first.run().waitUntilFinish();
    List<String> afterFirst = rows();

    second.apply(Create.of(row("u1", "make an image"), row("u2", "write a blog article"))
            .withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(WriteAnalysisCache.to(source, DATE));
    second.run().waitUntilFinish();
    List<String> afterSecond = rows();

    assertThat(afterSecond.size(), equalTo(2));
    assertThat(afterSecond.get(0), equalTo(afterFirst.get(0)));
    assertThat(afterSecond.get(1).contains("hash-write a blog article"), equalTo(true));
    assertThat(afterSecond.get(1).contains("2026-11-23|"), equalTo(true));
  }
}
