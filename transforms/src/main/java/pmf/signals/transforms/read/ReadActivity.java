package pmf.signals.transforms.read;

import com.google.auto.value.AutoValue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserPayloads;
import pmf.signals.transforms.timing.StageClock;
import pmf.signals.transforms.timing.TimedJdbc;

/**
 * Reads the analysis date's active users and their history as one {@link UserActivity} each. PostgreSQL filters the
 * window, aggregates each source table per user and joins them on user_id (the {@code activity} block of
 * {@code db/queries.sql}), so each read yields one row per user and no per-message element ever crosses Beam. The
 * active users are read in {@code partitions} disjoint parts, one query each, so reading and processing run in
 * parallel on every runner.
 *
 * <pre>{@code
 * PCollectionTuple read = p.apply("ReadActivity", ReadActivity.create(dataSource, queries, window));
 * PCollection<UserActivity> activity = read.get(ReadActivity.ACTIVITY);
 * }</pre>
 */
@AutoValue
public abstract class ReadActivity extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<UserActivity> ACTIVITY = new TupleTag<>() {};
  public static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  abstract JdbcIO.DataSourceConfiguration dataSource();

  abstract SourceQueries queries();

  abstract AnalysisWindow window();

  abstract int maxMessageChars();

  abstract int maxTextChars();

  abstract int fetchSize();

  abstract int partitions();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder dataSource(JdbcIO.DataSourceConfiguration dataSource);

    abstract Builder queries(SourceQueries queries);

    abstract Builder window(AnalysisWindow window);

    abstract Builder maxMessageChars(int chars);

    abstract Builder maxTextChars(int chars);

    abstract Builder fetchSize(int rows);

    abstract Builder partitions(int partitions);

    abstract ReadActivity build();
  }

  public static ReadActivity create(
      JdbcIO.DataSourceConfiguration dataSource, SourceQueries queries, AnalysisWindow window) {
    return new AutoValue_ReadActivity.Builder()
        .dataSource(dataSource)
        .queries(queries)
        .window(window)
        .maxMessageChars(4000)
        .maxTextChars(300)
        // Rows are whole users and can be large: keep the driver's fetch buffer small.
        .fetchSize(200)
        .partitions(8)
        .build();
  }

  /** Reads the active users in this many disjoint parts, each its own query, so reads and work run in parallel. */
  public ReadActivity withPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    return toBuilder().partitions(partitions).build();
  }

  /** Longer message contents are cut in the query; their full length is still reported. */
  public ReadActivity withMaxMessageChars(int chars) {
    return toBuilder().maxMessageChars(chars).build();
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    NamedSql sql = NamedSql.parse(queries().sql("activity"));
    List<Integer> parts = IntStream.range(0, partitions()).boxed().toList();
    PCollectionTuple assembled =
        input
            .apply("Partitions", Create.of(parts).withCoder(VarIntCoder.of()))
            // One partition per worker bundle, so the queries (and the work on their rows) run in parallel.
            .apply("SpreadPartitions", Reshuffle.viaRandomKey())
            .apply(
                "ReadUserPayloads",
                JdbcIO.<Integer, UserPayloads>readAll()
                    .withDataSourceProviderFn(TimedJdbc.of(dataSource()))
                    .withQuery(sql.sql())
                    .withParameterSetter(
                        new BindParameters(sql, window().parameters(maxMessageChars(), maxTextChars(), partitions())))
                    .withRowMapper(new UserPayloadsRowMapper())
                    .withCoder(JsonCoder.of(UserPayloads.class))
                    .withFetchSize(fetchSize())
                    // JdbcIO's default reshuffle is pathological on DirectRunner; stages that need spreading
                    // reshuffle themselves.
                    .withOutputParallelization(false))
            .apply(
                "AssembleUserActivity",
                ParDo.of(new AssembleUserActivityFn()).withOutputTags(ACTIVITY, TupleTagList.of(FAILURES)));
    assembled.get(ACTIVITY).setCoder(JsonCoder.of(UserActivity.class));
    assembled.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return assembled;
  }

  /** Maps a {@code (user_id, users, conversations, jobs, actions)} row. */
  static final class UserPayloadsRowMapper implements JdbcIO.RowMapper<UserPayloads> {
    @Override
    public UserPayloads mapRow(ResultSet rs) throws SQLException {
      // getBytes on a json column is the raw UTF-8 text as sent: no String is decoded for it.
      return new UserPayloads(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5));
    }
  }

  /** Parses one user's payloads; anything unparseable becomes a {@link Failure} naming the table. */
  static final class AssembleUserActivityFn extends DoFn<UserPayloads, UserActivity> {
    private final Counter users = Metrics.counter(ReadActivity.class, "active_users");
    private final Counter outsideActiveSet = Metrics.counter(ReadActivity.class, "rows_outside_active_users");
    private final Counter malformed = Metrics.counter(ReadActivity.class, "malformed_payloads");
    private final StageClock clock = StageClock.system();

    @ProcessElement
    public void processElement(@Element UserPayloads row, MultiOutputReceiver out) {
      try (StageClock.Lap lap = clock.lap()) {
        assemble(row, out);
      }
    }

    private void assemble(UserPayloads row, MultiOutputReceiver out) {
      if (row.userId() == null || row.users() == null) {
        // A custom query returned history for someone who is not in active_users: report, don't analyse.
        outsideActiveSet.inc();
        out.get(FAILURES)
            .output(
                new Failure(
                    String.valueOf(row.userId()), "unmatched_history", "history row for a user outside active_users"));
        return;
      }
      try {
        out.get(ACTIVITY).output(ActivityPayloads.assemble(row));
        users.inc();
      } catch (ActivityPayloads.MalformedPayloadException e) {
        malformed.inc();
        out.get(FAILURES).output(new Failure(row.userId(), "read", e.getMessage()));
      }
    }
  }
}
