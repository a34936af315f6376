package pmf.signals.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;

public class WriteFailuresTest {
  @Rule public final transient TestPipeline first = TestPipeline.create();
  @Rule public final transient TestPipeline second = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private String url;
  private JdbcIO.DataSourceConfiguration source;

  @Before
  public void createTables() throws IOException {
    url = ScratchDatabases.create();
    AnalysisTables.create(url);
    source = JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);
  }

  @Test
  public void eachDeadLetterIsOneRowPerDateUserAndStage() throws Exception {
    first.apply(Create.of(new Failure("u1", "read", "malformed jobs payload"),
            new Failure("u1", "analyze", "analyzer error: X"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(source, DATE));
    first.run().waitUntilFinish();
    second.apply(Create.of(new Failure("u1", "read", "malformed jobs payload (again)"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(source, DATE.minusDays(1)));
    second.run().waitUntilFinish();

    assertThat(AnalysisTables.rows(url,
            "SELECT analysis_date, user_id, stage, reason FROM analysis_failures ORDER BY analysis_date, stage"),
        equalTo(List.of("2026-11-22|u1|read|malformed jobs payload (again)",
            "2026-11-23|u1|analyze|analyzer error: X", "2026-11-23|u1|read|malformed jobs payload")));
  }

  @Test
  public void rewritingADateReplacesAUsersReasonAtAStageInPlace() throws Exception {
    first.apply(Create.of(new Failure("u1", "read", "malformed jobs payload"),
            new Failure("u1", "analyze", "analyzer error: X"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(source, DATE));
    first.run().waitUntilFinish();
    second.apply(Create.of(new Failure("u1", "read", "malformed jobs payload (again)"))
            .withCoder(JsonCoder.of(Failure.class)))
        .apply(WriteFailures.to(source, DATE));
    second.run().waitUntilFinish();

    assertThat(AnalysisTables.rows(url, "SELECT stage || ':' || reason FROM analysis_failures ORDER BY stage"),
        equalTo(List.of("analyze:analyzer error: X", "read:malformed jobs payload (again)")));
  }
}
