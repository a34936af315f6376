package pmf.signals.transforms.write;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import pmf.signals.transforms.timing.TimedJdbc;

/** Upserts the day's {@code daily_summary} row; re-running the date rewrites it. */
public final class WriteDailySummary extends PTransform<PCollection<String>, PDone> {
  public static final String UPSERT = "INSERT INTO daily_summary (analysis_date, summary, updated_at) VALUES (?, ?::jsonb, now())"
      + " ON CONFLICT (analysis_date) DO UPDATE SET summary = EXCLUDED.summary, updated_at = now()";

  private final JdbcIO.DataSourceConfiguration dataSource;
  private final LocalDate date;

  private WriteDailySummary(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    this.dataSource = dataSource;
    this.date = date;
  }

  public static WriteDailySummary to(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    return new WriteDailySummary(dataSource, date);
  }

  @Override
  public PDone expand(PCollection<String> summary) {
    LocalDate day = date;
    return summary.apply("UpsertSummary", JdbcIO.<String>write()
        .withDataSourceProviderFn(TimedJdbc.of(dataSource))
        .withStatement(UPSERT)
        .withPreparedStatementSetter((json, st) -> {
          st.setDate(1, Date.valueOf(day));
          st.setString(2, json);
        }));
  }
}
