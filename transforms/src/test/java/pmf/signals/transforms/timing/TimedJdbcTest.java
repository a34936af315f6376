package pmf.signals.transforms.timing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;

/** JdbcIO through {@link TimedJdbc}: rows pass unchanged, and each call to the database is recorded by its step. */
public class TimedJdbcTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void readsAndWritesPassThroughAndEachStepRecordsItsDatabaseCalls() throws Exception {
    String url = ScratchDatabases.create();
    ScratchDatabases.exec(url, "CREATE TABLE written (n int)");
    JdbcIO.DataSourceConfiguration config = JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);

    PCollection<Integer> read = p.apply("Read", JdbcIO.<Integer>read()
        .withDataSourceProviderFn(TimedJdbc.of(config))
        .withQuery("SELECT generate_series(1, 3)")
        .withRowMapper(rs -> rs.getInt(1))
        .withCoder(VarIntCoder.of())
        .withOutputParallelization(false));
    PAssert.that(read).containsInAnyOrder(1, 2, 3);
    p.apply(Create.of(4, 5, 6)).apply("Write", JdbcIO.<Integer>write()
        .withDataSourceProviderFn(TimedJdbc.of(config))
        .withStatement("INSERT INTO written VALUES (?)")
        .withPreparedStatementSetter((n, statement) -> statement.setInt(1, n)));

    PipelineResult result = p.run();
    result.waitUntilFinish();

    try (Connection conn = DriverManager.getConnection(url);
        Statement query = conn.createStatement();
        ResultSet rs = query.executeQuery("SELECT string_agg(n::text, ',' ORDER BY n) FROM written")) {
      rs.next();
      assertThat(rs.getString(1), equalTo("4,5,6"));
    }
    assertThat(databaseCalls(result, "Read"), equalTo(2L)); // the query, and its rows fetched until closed
    assertThat(databaseCalls(result, "Write"), greaterThanOrEqualTo(2L)); // each batch sent and committed
  }

  /** Calls that reported database time in the top-level step {@code step}. */
  private static long databaseCalls(PipelineResult result, String step) {
    long calls = 0;
    for (MetricResult<DistributionResult> d : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(StageClock.NAMESPACE, StageClock.ACTIVE_MILLIS)).build())
        .getDistributions()) {
      if (d.getKey().stepName().startsWith(step + "/")) {
        calls += d.getAttempted().getCount();
      }
    }
    return calls;
  }
}
