package pmf.signals.transforms.write;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.timing.TimedJdbc;
import pmf.signals.transforms.timing.StageClock;

/**
 * Upserts one {@code analysis_cache} row per user and date. Re-running a date rewrites the same rows: the primary key
 * {@code (user_id, analysis_date)} makes it idempotent, and only {@code updated_at} changes.
 *
 * <pre>{@code
 * rows.apply("WriteAnalysisCache", WriteAnalysisCache.to(dataSource, date));
 * }</pre>
 */
public final class WriteAnalysisCache extends PTransform<PCollection<UserAnalysis>, PDone> {
  static final String UPSERT =
      "INSERT INTO analysis_cache (user_id, analysis_date, insights, metrics, tier, tier_reason, input_hash,"
          + " prompt_version, model, llm_status, status_reason, llm_calls, tokens_in, tokens_out, cost_usd, segment_id,"
          + " selection, outlier, sample_weight, return_probability, updated_at)"
          + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (user_id, analysis_date) DO UPDATE SET insights = EXCLUDED.insights,"
          + " metrics = EXCLUDED.metrics, tier = EXCLUDED.tier, tier_reason = EXCLUDED.tier_reason,"
          + " input_hash = EXCLUDED.input_hash, prompt_version = EXCLUDED.prompt_version, model = EXCLUDED.model,"
          + " llm_status = EXCLUDED.llm_status, status_reason = EXCLUDED.status_reason,"
          + " llm_calls = EXCLUDED.llm_calls, tokens_in = EXCLUDED.tokens_in, tokens_out = EXCLUDED.tokens_out,"
          + " cost_usd = EXCLUDED.cost_usd, segment_id = EXCLUDED.segment_id, selection = EXCLUDED.selection,"
          + " outlier = EXCLUDED.outlier, sample_weight = EXCLUDED.sample_weight,"
          + " return_probability = EXCLUDED.return_probability, updated_at = now()";

  private final JdbcIO.DataSourceConfiguration dataSource;
  private final LocalDate date;

  private WriteAnalysisCache(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    this.dataSource = dataSource;
    this.date = date;
  }

  public static WriteAnalysisCache to(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    return new WriteAnalysisCache(dataSource, date);
  }

  @Override
  public PDone expand(PCollection<UserAnalysis> rows) {
    return rows.apply(
        "UpsertRows",
        JdbcIO.<UserAnalysis>write()
            .withDataSourceProviderFn(TimedJdbc.of(dataSource))
            .withStatement(UPSERT)
            .withPreparedStatementSetter(new AnalysisRowSetter(date))
            .withBatchSize(500));
  }

  static final class AnalysisRowSetter implements JdbcIO.PreparedStatementSetter<UserAnalysis> {
    private final LocalDate date;
    private final StageClock clock = StageClock.system();

    AnalysisRowSetter(LocalDate date) {
      this.date = date;
    }

    @Override
    public void setParameters(UserAnalysis row, PreparedStatement statement) throws SQLException {
      try (StageClock.Lap lap = clock.lap()) {
        set(row, statement);
      }
    }

    private void set(UserAnalysis row, PreparedStatement statement) throws SQLException {
      statement.setString(1, row.userId());
      statement.setDate(2, Date.valueOf(date));
      if (row.insights() == null) {
        statement.setNull(3, Types.VARCHAR);
      } else {
        statement.setString(3, Json.write(row.insights()));
      }
      statement.setString(4, Json.write(row.metrics()));
      statement.setString(5, row.tier());
      statement.setString(6, row.tierReason());
      statement.setString(7, row.inputHash());
      statement.setString(8, row.promptVersion());
      statement.setString(9, row.model());
      statement.setString(10, row.llmStatus().dbValue());
      statement.setString(11, row.statusReason());
      statement.setInt(12, row.llmCalls());
      statement.setInt(13, row.tokensIn());
      statement.setInt(14, row.tokensOut());
      statement.setBigDecimal(15, BigDecimal.valueOf(row.costUsd()).setScale(6, RoundingMode.HALF_UP));
      if (row.segmentId() == null) {
        statement.setNull(16, Types.INTEGER);
      } else {
        statement.setInt(16, row.segmentId());
      }
      statement.setString(17, row.selection());
      statement.setBoolean(18, row.outlier());
      statement.setDouble(19, row.sampleWeight());
      if (row.returnProbability() == null) {
        statement.setNull(20, Types.DOUBLE);
      } else {
        statement.setDouble(20, row.returnProbability());
      }
    }
  }
}
