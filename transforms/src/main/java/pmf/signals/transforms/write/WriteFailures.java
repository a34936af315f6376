package pmf.signals.transforms.write;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.timing.TimedJdbc;

/** The pipeline's one dead-letter sink: upserts {@link Failure}s into {@code analysis_failures} for the date. */
public final class WriteFailures extends PTransform<PCollection<Failure>, PDone> {
  static final String UPSERT =
      "INSERT INTO analysis_failures (analysis_date, user_id, stage, reason, updated_at) VALUES (?, ?, ?, ?, now())"
          + " ON CONFLICT (analysis_date, user_id, stage) DO UPDATE SET reason = EXCLUDED.reason, updated_at = now()";

  private final JdbcIO.DataSourceConfiguration dataSource;
  private final LocalDate date;

  private WriteFailures(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    this.dataSource = dataSource;
    this.date = date;
  }

  public static WriteFailures to(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    return new WriteFailures(dataSource, date);
  }

  @Override
  public PDone expand(PCollection<Failure> failures) {
    return failures.apply(
        "UpsertFailures",
        JdbcIO.<Failure>write()
            .withDataSourceProviderFn(TimedJdbc.of(dataSource))
            .withStatement(UPSERT)
            .withPreparedStatementSetter(new FailureSetter(date)));
  }

  static final class FailureSetter implements JdbcIO.PreparedStatementSetter<Failure> {
    private final LocalDate date;

    FailureSetter(LocalDate date) {
      this.date = date;
    }

    @Override
    public void setParameters(Failure failure, PreparedStatement statement) throws SQLException {
      statement.setDate(1, Date.valueOf(date));
      statement.setString(2, failure.userId());
      statement.setString(3, failure.stage());
      statement.setString(4, failure.reason());
    }
  }
}
