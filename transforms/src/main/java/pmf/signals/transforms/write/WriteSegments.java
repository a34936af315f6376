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
import pmf.signals.transforms.segment.SegmentRecord;
import pmf.signals.transforms.timing.TimedJdbc;

/** Upserts the day's {@code analysis_segments} rows, with what their personas cost; re-running a date rewrites them. */
public final class WriteSegments extends PTransform<PCollection<SegmentRecord>, PDone> {
  static final String UPSERT =
      "INSERT INTO analysis_segments (analysis_date, segment_id, users, consenting, analysed, previous_users, drift,"
          + " centroid, persona, method, llm_calls, tokens_in, tokens_out, cost_usd, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, now())"
          + " ON CONFLICT (analysis_date, segment_id) DO UPDATE SET users = EXCLUDED.users,"
          + " consenting = EXCLUDED.consenting, analysed = EXCLUDED.analysed, previous_users = EXCLUDED.previous_users,"
          + " drift = EXCLUDED.drift, centroid = EXCLUDED.centroid, persona = EXCLUDED.persona,"
          + " method = EXCLUDED.method, llm_calls = EXCLUDED.llm_calls, tokens_in = EXCLUDED.tokens_in,"
          + " tokens_out = EXCLUDED.tokens_out, cost_usd = EXCLUDED.cost_usd, updated_at = now()";

  private final JdbcIO.DataSourceConfiguration dataSource;
  private final LocalDate date;

  private WriteSegments(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    this.dataSource = dataSource;
    this.date = date;
  }

  public static WriteSegments to(JdbcIO.DataSourceConfiguration dataSource, LocalDate date) {
    return new WriteSegments(dataSource, date);
  }

  @Override
  public PDone expand(PCollection<SegmentRecord> rows) {
    return rows.apply("UpsertSegments", JdbcIO.<SegmentRecord>write()
        .withDataSourceProviderFn(TimedJdbc.of(dataSource))
        .withStatement(UPSERT)
        .withPreparedStatementSetter(new SegmentSetter(date)));
  }

  static final class SegmentSetter implements JdbcIO.PreparedStatementSetter<SegmentRecord> {
    private final LocalDate date;

    SegmentSetter(LocalDate date) {
      this.date = date;
    }

    @Override
    public void setParameters(SegmentRecord s, PreparedStatement st) throws SQLException {
      st.setDate(1, Date.valueOf(date));
      st.setInt(2, s.segmentId());
      st.setLong(3, s.users());
      st.setLong(4, s.consenting());
      st.setInt(5, s.analysed());
      if (s.previousUsers() == null) {
        st.setNull(6, Types.INTEGER);
      } else {
        st.setLong(6, s.previousUsers());
      }
      st.setString(7, s.drift());
      st.setString(8, Json.write(s.centroid()));
      if (s.persona() == null) {
        st.setNull(9, Types.VARCHAR);
      } else {
        st.setString(9, Json.write(s.persona()));
      }
      st.setString(10, s.method());
      st.setInt(11, s.llmCalls());
      st.setInt(12, s.tokensIn());
      st.setInt(13, s.tokensOut());
      st.setBigDecimal(14, BigDecimal.valueOf(s.costUsd()).setScale(6, RoundingMode.HALF_UP));
    }
  }
}
