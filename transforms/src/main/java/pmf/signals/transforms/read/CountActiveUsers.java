package pmf.signals.transforms.read;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;
import pmf.signals.transforms.timing.TimedJdbc;

/**
 * The day's active-user count as a singleton side input, counted by PostgreSQL with the same {@code active_users}
 * block the read uses. Counting in the database makes it ready at once, so the stages that need it (the tier) never
 * wait for the whole read to finish.
 *
 * <pre>{@code
 * PCollectionView<Long> activeUsers = p.apply("CountActiveUsers", CountActiveUsers.create(dataSource, queries, window));
 * }</pre>
 */
public final class CountActiveUsers extends PTransform<PBegin, PCollectionView<Long>> {
  private final JdbcIO.DataSourceConfiguration dataSource;
  private final SourceQueries queries;
  private final AnalysisWindow window;

  private CountActiveUsers(JdbcIO.DataSourceConfiguration dataSource, SourceQueries queries, AnalysisWindow window) {
    this.dataSource = dataSource;
    this.queries = queries;
    this.window = window;
  }

  public static CountActiveUsers create(
      JdbcIO.DataSourceConfiguration dataSource, SourceQueries queries, AnalysisWindow window) {
    return new CountActiveUsers(dataSource, queries, window);
  }

  @Override
  public PCollectionView<Long> expand(PBegin input) {
    NamedSql sql = NamedSql.parse(queries.sql("active_user_count"));
    return input
        .apply(
            "CountInPostgres",
            JdbcIO.<Long>read()
                .withDataSourceProviderFn(TimedJdbc.of(dataSource))
                .withQuery(sql.sql())
                .withStatementPreparator(new BindParameters(sql, window.parameters(1, 1, 1)))  // partition 0 of 1: the whole day
                .withRowMapper(new CountRowMapper())
                .withCoder(VarLongCoder.of())
                .withOutputParallelization(false))
        .apply("AsSingleton", View.asSingleton());
  }

  /** The same count, read directly: how the launcher learns, before building anything, that a day is empty. */
  public static long count(java.sql.Connection conn, SourceQueries queries, AnalysisWindow window)
      throws SQLException {
    NamedSql sql = NamedSql.parse(queries.sql("active_user_count"));
    try (java.sql.PreparedStatement query = conn.prepareStatement(sql.sql())) {
      new BindParameters(sql, window.parameters(1, 1, 1)).bind(query);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  static final class CountRowMapper implements JdbcIO.RowMapper<Long> {
    @Override
    public Long mapRow(ResultSet resultSet) throws SQLException {
      return resultSet.getLong(1);
    }
  }
}
