package pmf.signals.transforms.read;

import com.google.auto.value.AutoValue;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.UserActivity;

/**
 * Reads the analysis date's active users and their history: one JdbcIO read per source table (each already
 * aggregated per user by PostgreSQL), then a CoGroupByKey into one {@link UserActivity} per user.
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

  private static final TupleTag<String> USERS = new TupleTag<>() {};
  private static final TupleTag<String> CONVERSATIONS = new TupleTag<>() {};
  private static final TupleTag<String> JOBS = new TupleTag<>() {};
  private static final TupleTag<String> ACTIONS = new TupleTag<>() {};

  abstract JdbcIO.DataSourceConfiguration dataSource();

  abstract SourceQueries queries();

  abstract AnalysisWindow window();

  abstract int maxMessageChars();

  abstract int maxTextChars();

  abstract int fetchSize();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder dataSource(JdbcIO.DataSourceConfiguration dataSource);

    abstract Builder queries(SourceQueries queries);

    abstract Builder window(AnalysisWindow window);

    abstract Builder maxMessageChars(int chars);

    abstract Builder maxTextChars(int chars);

    abstract Builder fetchSize(int rows);

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
        // Payloads are per user and can be large: keep the driver's fetch buffer small.
        .fetchSize(500)
        .build();
  }

  /** Longer message contents are cut in the query; their full length is still reported. */
  public ReadActivity withMaxMessageChars(int chars) {
    return toBuilder().maxMessageChars(chars).build();
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollection<KV<String, String>> users = input.apply("ReadUsers", read("users"));
    PCollection<KV<String, String>> conversations = input.apply("ReadConversations", read("conversations"));
    PCollection<KV<String, String>> jobs = input.apply("ReadServiceJobs", read("jobs"));
    PCollection<KV<String, String>> actions = input.apply("ReadUserActions", read("actions"));

    PCollectionTuple assembled =
        KeyedPCollectionTuple.of(USERS, users)
            .and(CONVERSATIONS, conversations)
            .and(JOBS, jobs)
            .and(ACTIONS, actions)
            .apply("GroupByUser", CoGroupByKey.create())
            .apply(
                "AssembleUserActivity",
                ParDo.of(new AssembleUserActivityFn()).withOutputTags(ACTIVITY, TupleTagList.of(FAILURES)));
    assembled.get(ACTIVITY).setCoder(JsonCoder.of(UserActivity.class));
    assembled.get(FAILURES).setCoder(JsonCoder.of(Failure.class));
    return assembled;
  }

  private JdbcIO.Read<KV<String, String>> read(String block) {
    NamedSql sql = NamedSql.parse(queries().sql(block));
    return JdbcIO.<KV<String, String>>read()
        .withDataSourceConfiguration(dataSource())
        .withQuery(sql.sql())
        .withStatementPreparator(
            new BindParameters(sql, window().parameters(maxMessageChars(), maxTextChars())))
        .withRowMapper(new UserPayloadRowMapper())
        .withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .withFetchSize(fetchSize())
        // JdbcIO's default reshuffle is pathological on DirectRunner; the CoGroupByKey redistributes anyway.
        .withOutputParallelization(false);
  }

  /** Maps a {@code (user_id, payload json)} row. */
  static final class UserPayloadRowMapper implements JdbcIO.RowMapper<KV<String, String>> {
    @Override
    public KV<String, String> mapRow(ResultSet resultSet) throws SQLException {
      return KV.of(resultSet.getString(1), resultSet.getString(2));
    }
  }

  /** Parses one user's grouped payloads; anything unparseable becomes a {@link Failure} naming the table. */
  static final class AssembleUserActivityFn extends DoFn<KV<String, CoGbkResult>, UserActivity> {
    private final Counter users = Metrics.counter(ReadActivity.class, "active_users");
    private final Counter outsideActiveSet = Metrics.counter(ReadActivity.class, "rows_outside_active_users");
    private final Counter malformed = Metrics.counter(ReadActivity.class, "malformed_payloads");

    @ProcessElement
    public void processElement(@Element KV<String, CoGbkResult> grouped, MultiOutputReceiver out) {
      String userId = grouped.getKey();
      CoGbkResult rows = grouped.getValue();
      if (userId == null || !rows.getAll(USERS).iterator().hasNext()) {
        // A custom query returned history for someone who is not in active_users: report, don't analyse.
        outsideActiveSet.inc();
        out.get(FAILURES)
            .output(new Failure(String.valueOf(userId), "read", "history row for a user outside active_users"));
        return;
      }
      try {
        out.get(ACTIVITY)
            .output(
                ActivityPayloads.assemble(
                    userId,
                    rows.getAll(USERS),
                    rows.getAll(CONVERSATIONS),
                    rows.getAll(JOBS),
                    rows.getAll(ACTIONS)));
        users.inc();
      } catch (ActivityPayloads.MalformedPayloadException e) {
        malformed.inc();
        out.get(FAILURES).output(new Failure(userId, "read", e.getMessage()));
      }
    }
  }
}
