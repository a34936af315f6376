package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ErrorCollector;

/**
 * Every file in db/manual/ (listed, so a new file is covered without touching this test) runs against the standard
 * generated cohort and returns rows with exactly the columns its "-- Columns:" header line promises.
 *
 * <p>psql variables: psql turns {@code :'name'} into the value of {@code -v name=...} as a quoted SQL literal, whose
 * type PostgreSQL infers from where it stands. Here each {@code :'name'} outside comments and string literals becomes a
 * JDBC {@code ?} bound with {@code setObject(i, value, Types.OTHER)}: pgjdbc then sends it with no type, so PostgreSQL
 * infers it the same way. Other psql syntax ({@code :name}, {@code :"name"}, backslash commands) is refused, as is more
 * than one statement per file, so what passes here is what psql runs.
 */
public class ManualQueriesTest {
  @Rule public final ErrorCollector errors = new ErrorCollector();

  private static final String DAY = "2026-11-23"; // the standard cohort's last day

  /** A parsed db/manual file: its header lines and its one statement with psql's variables made JDBC parameters. */
  record ManualQuery(String file, String answers, String run, List<String> columns, String sql, List<String> variables) {}

  private static Path manualDir() {
    return Path.of(System.getProperty("basedir", ".")).resolve("../db/manual").normalize();
  }

  /** Values for the variables the files use; a file with a new variable fails until it is given one here. */
  private static Map<String, String> values(String url) throws SQLException {
    // The user with the most activity in the 30 days: the timeline then has messages, jobs and actions to show.
    String busiest = one(url, "SELECT user_id FROM (SELECT c.user_id FROM messages m"
        + " JOIN conversations c ON c.id = m.conversation_id UNION ALL SELECT user_id FROM service_jobs"
        + " UNION ALL SELECT user_id FROM user_actions) x WHERE user_id IN (SELECT user_id FROM user_actions"
        + " WHERE action = 'download') AND user_id IN (SELECT user_id FROM service_jobs)"
        + " GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1");
    return Map.of("day", DAY, "user_id", busiest);
  }

  @Test
  public void everyFileReturnsRowsWithTheColumnsItsHeaderPromises() throws Exception {
    TestPostgres.Loaded db = TestPostgres.standard();
    Map<String, String> values = values(db.url());
    List<Path> files;
    try (Stream<Path> listed = Files.list(manualDir())) {
      files = listed.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
    }
    assertThat(files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()),
        hasItems("active_users.sql", "credit_limit_hits.sql", "failed_jobs.sql", "returning_users.sql",
            "user_timeline.sql"));

    for (Path file : files) {
      String name = file.getFileName().toString();
      try {
        ManualQuery query = parse(file);
        checkHeader(query);
        List<String> missing = query.variables().stream().filter(v -> !values.containsKey(v)).toList();
        assertThat(name + ": variables without a test value (add them to values())", missing, empty());
        Result result = run(db.url(), query, values);
        assertThat(name + ": the columns of its header", result.columns(), equalTo(query.columns()));
        assertThat(name + ": rows on " + DAY, result.rows().size(), greaterThan(0));
      } catch (AssertionError | Exception e) {
        errors.addError(new AssertionError(name + ": " + e.getMessage(), e));
      }
    }
  }

  @Test
  public void theTimelineShowsMessagesJobsAndActionsButNoMessageText() throws Exception {
    TestPostgres.Loaded db = TestPostgres.standard();
    Map<String, String> values = values(db.url());
    Result timeline = run(db.url(), parse(manualDir().resolve("user_timeline.sql")), values);

    int kind = timeline.columns().indexOf("kind");
    Set<String> kinds = timeline.rows().stream().map(r -> r.get(kind)).collect(Collectors.toSet());
    assertThat(kinds, equalTo(Set.of("messages", "job", "action")));
    List<String> texts = texts(db.url(), "SELECT m.content FROM messages m JOIN conversations c"
        + " ON c.id = m.conversation_id WHERE c.user_id = '" + values.get("user_id") + "' AND length(m.content) >= 12"
        + " UNION SELECT title FROM conversations WHERE user_id = '" + values.get("user_id") + "'"
        + " AND length(title) >= 12");
    assertThat(texts.size(), greaterThanOrEqualTo(1));
    for (List<String> row : timeline.rows()) {
      for (String cell : row) {
        for (String text : texts) {
          assertThat("a timeline cell holds a message or title", String.valueOf(cell), not(containsString(text)));
        }
      }
    }
  }

  @Test
  public void variablesAreReplacedOutsideCommentsAndStringsOnly() {
    ManualQuery q = parse("x.sql", "-- Answers: a\n-- Run: psql\n-- Columns: a, b\n"
        + "SELECT :'day'::date AS a, ':''day'' -- not a comment' AS b -- :'ignored'\n  FROM t WHERE u = :'user_id';\n");

    assertThat(q.sql(), equalTo("SELECT ?::date AS a, ':''day'' -- not a comment' AS b \n  FROM t WHERE u = ?"));
    assertThat(q.variables(), equalTo(List.of("day", "user_id")));
    assertThat(q.columns(), equalTo(List.of("a", "b")));
  }

  @Test
  public void psqlSyntaxThisTestCannotRunIsRefused() {
    for (String body : List.of("SELECT :day;", "SELECT :\"day\";", "\\set day 2026-11-23\nSELECT 1;",
        "SELECT 1; SELECT 2;")) {
      try {
        parse("x.sql", "-- Columns: a\n" + body);
        throw new AssertionError("accepted: " + body);
      } catch (IllegalArgumentException expected) {
        // refused, with a message naming what
      }
    }
  }

  private void checkHeader(ManualQuery q) {
    assertThat(q.file() + " says what it answers (-- Answers:)", q.answers(), not(equalTo("")));
    assertThat(q.file() + " says how to run it (-- Run:)", q.run(), containsString("psql \"$DATABASE_URL\""));
    assertThat(q.run(), containsString("-f db/manual/" + q.file()));
    for (String variable : new LinkedHashSet<>(q.variables())) {
      assertThat(q.file() + ": its Run line sets :'" + variable + "'", q.run(), containsString("-v " + variable + "="));
    }
    assertThat(q.file() + " lists its columns (-- Columns:)", q.columns(), not(empty()));
  }

  static ManualQuery parse(Path file) throws IOException {
    return parse(file.getFileName().toString(), Files.readString(file));
  }

  /** Reads the header, then copies the statement without comments, turning each :'name' into ?. */
  static ManualQuery parse(String file, String text) {
    String answers = header(text, "Answers");
    String run = header(text, "Run");
    String columnList = header(text, "Columns");
    List<String> columns = columnList.isEmpty() ? List.of()
        : Arrays.stream(columnList.split(",")).map(String::strip).toList();
    StringBuilder sql = new StringBuilder();
    List<String> variables = new ArrayList<>();
    int i = 0;
    boolean lineStart = true;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (lineStart && c == '\\') {
        throw new IllegalArgumentException("psql backslash commands are not run by this test: "
            + text.substring(i, text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i)));
      }
      lineStart = c == '\n' || (lineStart && (c == ' ' || c == '\t'));
      if (c == '-' && text.startsWith("--", i)) { // a comment, to the end of the line
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (c == '\'') { // a string literal, '' inside it being a quote
        int end = i + 1;
        while (end < text.length() && !(text.charAt(end) == '\'' && !text.startsWith("''", end))) {
          end += text.startsWith("''", end) ? 2 : 1;
        }
        sql.append(text, i, end + 1);
        i = end + 1;
      } else if (c == ':' && text.startsWith("::", i)) { // a cast
        sql.append("::");
        i += 2;
      } else if (c == ':' && text.startsWith(":'", i)) { // psql's :'name'
        int end = text.indexOf('\'', i + 2);
        String name = text.substring(i + 2, end);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("not a psql variable: " + text.substring(i, end + 1));
        }
        variables.add(name);
        sql.append('?');
        i = end + 1;
      } else if (c == ':' && i + 1 < text.length()
          && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '_' || text.charAt(i + 1) == '"')) {
        throw new IllegalArgumentException("use :'name' (a quoted literal) for psql variables, not "
            + text.substring(i, Math.min(text.length(), i + 12)));
      } else {
        sql.append(c);
        i++;
      }
    }
    String statement = sql.toString().strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    if (statement.replaceAll("'(?:[^']|'')*'", "''").contains(";")) {
      throw new IllegalArgumentException(file + " holds more than one statement; keep one query per file");
    }
    return new ManualQuery(file, answers, run, columns, statement, variables);
  }

  /** The text after "-- NAME:" and its continuation lines ("--" followed by more indentation), joined. */
  private static String header(String text, String name) {
    List<String> lines = text.lines().takeWhile(l -> l.startsWith("--")).toList();
    StringBuilder out = new StringBuilder();
    boolean inside = false;
    for (String line : lines) {
      String body = line.substring(2);
      if (body.strip().startsWith(name + ":")) {
        inside = true;
        out.append(body.strip().substring(name.length() + 1).strip());
      } else if (inside && body.startsWith("   ") && !body.strip().matches("^[A-Za-z]+:.*")) {
        out.append(' ').append(body.strip());
      } else {
        inside = false;
      }
    }
    return out.toString();
  }

  record Result(List<String> columns, List<List<String>> rows) {}

  private static Result run(String url, ManualQuery query, Map<String, String> values) throws SQLException {
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement st = c.prepareStatement(query.sql())) {
      for (int i = 0; i < query.variables().size(); i++) {
        st.setObject(i + 1, values.get(query.variables().get(i)), Types.OTHER);
      }
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return new Result(columns, rows);
      }
    }
  }

  private static List<String> texts(String url, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = TestPostgres.connect(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String one(String url, String query) throws SQLException {
    List<String> rows = texts(url, query);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + query + " but got " + rows);
    }
    return rows.get(0);
  }
}
