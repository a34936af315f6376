package pmf.signals.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import pmf.signals.report.UserStoryFormat;
import pmf.signals.report.UserStoryFormat.Day;
import pmf.signals.report.UserStoryFormat.Span;
import pmf.signals.transforms.json.Json;

/**
 * One user's story, for support and debugging: {@code --user=ID} prints what {@code analysis_cache} holds for them,
 * date by date (metrics, llm_status, insights, segment), without running the pipeline. It reads only pmf-signals' own
 * tables ({@code analysis_cache}, {@code analysis_segments}), never the product's messages, applies no migrations and
 * writes nothing. See docs/USER_STORY.md.
 *
 * <pre>
 * java -jar pmf-signals.jar --jdbcUrl=... --user=u123 [--date=D | --from=D1 [--to=D2]] [--json]
 * </pre>
 */
final class UserStory {
  /** Dates shown when no --from is given: the user's latest ones. */
  static final int LAST_DATES = 30;

  private UserStory() {}

  static boolean requested(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--user") || a.startsWith("--user="));
  }

  /** What was asked: whose story, which dates, in which form, from which database. */
  record Request(String user, Span span, boolean json, DatabaseSettings db) {
    static Request parse(String[] args) {
      PipelineOptionsFactory.register(PmfOptions.class);
      PmfOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(PmfOptions.class);
      return new Request(UserStory.user(args, options), UserStory.span(options), options.getJson(),
          DatabaseSettings.from(options));
    }
  }

  /** As a run is called; {@code env} is not needed (the password is found as for a run, by DatabaseSettings). */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    Request request;
    try {
      request = Request.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return DailyAnalysisPipeline.USAGE;
    }
    String url = request.db().redactedUrl();
    Connection conn;
    try {
      conn = request.db().connect();
    } catch (SQLException e) {
      err.println("error: cannot use PostgreSQL at " + url + ": " + DailyAnalysisPipeline.firstLine(e.getMessage()));
      return DailyAnalysisPipeline.USAGE;
    }
    try (conn) {
      readOnly(conn);
      if (!tableExists(conn, "analysis_cache")) {
        err.println("error: " + url + " has no analysis_cache table yet: run a date first (--date=YYYY-MM-DD)");
        return DailyAnalysisPipeline.USAGE;
      }
      out.print(story(conn, request));
      return DailyAnalysisPipeline.OK;
    } catch (SQLException e) {
      err.println("error: cannot read analysis_cache at " + url + ": " + DailyAnalysisPipeline.firstLine(e.getMessage()));
      return DailyAnalysisPipeline.USAGE;
    }
  }

  /** The story as printed: text, or JSON with --json. */
  static String story(Connection conn, Request request) throws SQLException {
    Span span = withDefaultEnd(conn, request.span());
    List<Day> days = read(conn, request.user(), span, tableExists(conn, "analysis_segments"));
    return request.json() ? UserStoryFormat.json(days) : UserStoryFormat.text(request.user(), span, days);
  }

  private static String user(String[] args, PmfOptions options) {
    // A bare "--user" reaches the options as the string "true" (Beam's flag syntax), never as a user id.
    if (Arrays.asList(args).contains("--user") || options.getUser() == null || options.getUser().isBlank()) {
      throw new IllegalArgumentException("--user needs a user id, e.g. --user=u123");
    }
    return options.getUser();
  }

  /** The dates asked for, checked: real dates, in order, --date not mixed with a range. */
  static Span span(PmfOptions options) {
    if (options.getDate() != null) {
      if (options.getFrom() != null || options.getTo() != null) {
        throw new IllegalArgumentException("--date shows one date; --from/--to a range: give one or the other");
      }
      LocalDate date = RunConfig.date("--date", options.getDate());
      return new Span(date, date, 1);
    }
    LocalDate from = options.getFrom() == null ? null : RunConfig.date("--from", options.getFrom());
    LocalDate to = options.getTo() == null ? null : RunConfig.date("--to", options.getTo());
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("--from (" + from + ") is after --to (" + to + ")");
    }
    return new Span(from, to, from == null ? LAST_DATES : Integer.MAX_VALUE);
  }

  /** A --from without --to ends at the latest analysed date (of anyone), not yesterday: the story shows what ran. */
  private static Span withDefaultEnd(Connection conn, Span span) throws SQLException {
    if (span.from() == null || span.to() != null) {
      return span;
    }
    LocalDate latest = latestAnalysedDate(conn);
    return latest == null || latest.isBefore(span.from()) ? span : new Span(span.from(), latest, span.limit());
  }

  private static LocalDate latestAnalysedDate(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(analysis_date) FROM analysis_cache")) {
      rs.next();
      Date date = rs.getDate(1);
      return date == null ? null : date.toLocalDate();
    }
  }

  /** The session refuses writes: a support tool must not change what it inspects, whatever a later edit adds. */
  private static void readOnly(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("SET default_transaction_read_only = on");
    }
  }

  private static boolean tableExists(Connection conn, String table) throws SQLException {
    try (PreparedStatement q = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The span's rows of one user, oldest first. Only pmf-signals' tables: message content is never read. */
  static List<Day> read(Connection conn, String user, Span span, boolean withSegments) throws SQLException {
    String sql = "SELECT c.analysis_date, c.tier, c.segment_id, "
        + (withSegments ? "s.persona->>'name'" : "NULL::text")
        + ", c.llm_status, c.status_reason, c.model, c.return_probability, c.metrics::text, c.insights::text"
        + " FROM analysis_cache c"
        + (withSegments
            ? " LEFT JOIN analysis_segments s ON s.analysis_date = c.analysis_date AND s.segment_id = c.segment_id"
            : "")
        + " WHERE c.user_id = ?"
        + (span.from() != null ? " AND c.analysis_date >= ?" : "")
        + (span.to() != null ? " AND c.analysis_date <= ?" : "")
        + " ORDER BY c.analysis_date DESC LIMIT ?";
    List<Day> days = new ArrayList<>();
    try (PreparedStatement q = conn.prepareStatement(sql)) {
      int i = 1;
      q.setString(i++, user);
      if (span.from() != null) {
        q.setDate(i++, Date.valueOf(span.from()));
      }
      if (span.to() != null) {
        q.setDate(i++, Date.valueOf(span.to()));
      }
      q.setInt(i, span.limit());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          days.add(day(rs));
        }
      }
    }
    Collections.reverse(days); // read latest first so the limit keeps the latest; shown oldest first
    return days;
  }

  private static Day day(ResultSet rs) throws SQLException {
    return new Day(
        rs.getDate(1).toLocalDate(),
        rs.getString(2),
        rs.getObject(3, Integer.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getObject(8, Double.class),
        tree(rs.getString(9)),
        tree(rs.getString(10)));
  }

  private static JsonNode tree(String json) throws SQLException {
    try {
      return json == null ? null : Json.tree(json);
    } catch (JsonProcessingException e) {
      throw new SQLException("a jsonb column did not parse: " + e.getOriginalMessage(), e); // cannot happen for jsonb
    }
  }
}
