package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.read.AnalysisWindow;
import pmf.signals.transforms.read.BindParameters;
import pmf.signals.transforms.read.CountActiveUsers;
import pmf.signals.transforms.read.NamedSql;
import pmf.signals.transforms.read.SourceQueries;
import pmf.signals.transforms.tier.Tier;

/**
 * What every run checks first, and {@code --check} prints: the source tables and columns the queries read (required or
 * optional, found or missing, their types), the recommended indexes, rows and date range per table, and the day's
 * active users and tier. A missing required item stops the run before any work; a missing optional one changes the
 * queries so the run goes on without it — {@code user_actions} absent means downloads, shares and credit-limit hits are
 * unknown; the consent column absent means nobody's text is read — and says so.
 */
final class SourceCheck {
  /** How badly the run needs an item. */
  enum Need { REQUIRED, OPTIONAL }

  /** A column of the documented schema: its alias in db/queries.sql and its SQL type when it must be stood in for. */
  private record Column(String name, Need need, String alias, String standIn) {}

  private record Table(String name, Need need, List<Column> columns) {}

  /** The documented source schema that the bundled queries read. */
  private static final List<Table> CONTRACT = List.of(
      new Table("users", Need.REQUIRED, List.of(col("id", "u"), opt("created_at", "u", "NULL::timestamptz"),
          opt("plan", "u", "NULL::text"), opt("credits_remaining", "u", "NULL::int"))),
      new Table("conversations", Need.REQUIRED, List.of(col("id", "c"), col("user_id", "c"),
          col("created_at", "c"), opt("title", "c", "NULL::text"))),
      new Table("messages", Need.REQUIRED, List.of(col("id", "m"), col("conversation_id", "m"), col("role", "m"),
          col("content", "m"), col("created_at", "m"))),
      new Table("service_jobs", Need.REQUIRED, List.of(col("id", "j"), col("user_id", "j"), col("service", "j"),
          col("status", "j"), col("created_at", "j"), opt("conversation_id", "j", "NULL::text"),
          opt("credits_used", "j", "NULL::int"), opt("error", "j", "NULL::text"),
          opt("completed_at", "j", "NULL::timestamptz"))),
      new Table("user_actions", Need.OPTIONAL, List.of(col("id", "x"), col("user_id", "x"), col("action", "x"),
          col("metadata", "x"), col("created_at", "x"))));

  private static final Pattern INDEX =
      Pattern.compile("CREATE INDEX IF NOT EXISTS (\\w+)\\s+ON (\\w+) \\(([^)]*)\\);");
  static final String TRACKING_FIX = "apply db/source/user_actions.sql and record actions (docs/TRACKING.md)";

  private static Column col(String name, String alias) {
    return new Column(name, Need.REQUIRED, alias, null);
  }

  private static Column opt(String name, String alias, String standIn) {
    return new Column(name, Need.OPTIONAL, alias, standIn);
  }

  /** How consent is decided: by a users column, or by the operator for everyone (all) or no one (none). */
  record Consent(String mode, String column) {
    static Consent of(String mode, String column) {
      String m = mode == null ? "column" : mode.strip().toLowerCase(Locale.ROOT);
      if (!List.of("column", "all", "none").contains(m)) {
        throw new IllegalArgumentException("--consent must be column, all or none, got " + mode);
      }
      if (column == null || !column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("--consentColumn must be a plain column name, got " + column);
      }
      return new Consent(m, column);
    }

    /** The line every output carries when the operator, not a column, decided. */
    String note() {
      return switch (mode) {
        case "all" -> "--consent=all: the operator stated that their terms cover analysis of every user's"
            + " conversations; users." + column + " was not consulted";
        case "none" -> "--consent=none: no user's text was read; metrics only";
        default -> null;
      };
    }
  }

  /** One line of the printed table. */
  record Row(String item, String need, String found, String detail) {}

  /**
   * The outcome. {@code problems} stop the run (exit 2); {@code warnings} are printed and the run goes on with
   * {@code queries}, the source queries fitted to this database.
   */
  record Result(List<Row> rows, List<String> problems, List<String> warnings, SourceQueries queries,
      boolean actionsTracked, List<String> notes, Long activeUsers, String tier) {
    boolean ready() {
      return problems.isEmpty();
    }
  }

  private SourceCheck() {}

  static Result run(Connection conn, SourceQueries queries, boolean bundled, Consent consent, AnalysisWindow window,
      int maxMessageChars, List<Long> thresholds) throws SQLException {
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, String> replace = new LinkedHashMap<>();
    List<String[]> standIns = new ArrayList<>();
    boolean tracked = true;
    String consentExpression = null;

    if (bundled) {
      for (Table table : CONTRACT) {
        Map<String, String> columns = columns(conn, table.name());
        if (columns.isEmpty()) {
          rows.add(new Row(table.name(), need(table.need()), "MISSING", table.need() == Need.REQUIRED
              ? "the run cannot go without it" : "downloads, shares and credit-limit hits: not tracked yet"));
          if (table.need() == Need.REQUIRED) {
            problems.add("table " + table.name() + " is missing (required)");
          } else {
            tracked = false;
          }
          continue;
        }
        rows.add(new Row(table.name(), need(table.need()), "yes", tableFacts(conn, table.name(), columns)));
        for (Column c : table.columns()) {
          String type = columns.get(c.name());
          Need need = table.need() == Need.OPTIONAL ? Need.OPTIONAL : c.need();
          rows.add(new Row("  " + c.name(), need(need), type == null ? "MISSING" : "yes",
              type == null ? missingColumnEffect(table, c) : typeNote(table.name(), c.name(), type)));
          if (type != null) {
            continue;
          }
          if (table.need() == Need.OPTIONAL) {
            tracked = false;
          } else if (c.need() == Need.REQUIRED) {
            problems.add("column " + table.name() + "." + c.name() + " is missing (required)");
          } else {
            standIns.add(new String[] {c.alias() + "." + c.name(), c.standIn()});
            warnings.add(table.name() + "." + c.name() + " is missing (optional): read as unknown");
          }
        }
        if (table.name().equals("users") && consent.mode().equals("column")) {
          boolean has = columns.containsKey(consent.column());
          rows.add(new Row("  " + consent.column(), "consent", has ? "yes" : "MISSING", has
              ? "users whose value is true have their text analysed"
              : "nobody's text is read; add the column, or --consent=all if your terms cover analysis"));
          consentExpression = has ? "u.\"" + consent.column() + "\"" : "false";
          if (!has) {
            String line = "no consent column users." + consent.column() + ": nobody's conversations are analysed"
                + " (metrics only); add the column, name yours with --consentColumn, or run with --consent=all"
                + " if your terms cover analysis";
            warnings.add(line);
            notes.add(line);
          }
        }
      }
      if (!tracked) {
        warnings.add("user_actions is missing or incomplete (optional): downloads, shares and credit-limit hits are"
            + " not tracked yet; " + TRACKING_FIX);
      }
    }
    if (!consent.mode().equals("column")) {
      consentExpression = consent.mode().equals("all") ? "true" : "false";
      notes.add(consent.note());
    }
    if (consentExpression != null) {
      if (queries.has(SourceQueries.CONSENT)) {
        replace.put(SourceQueries.CONSENT, consentExpression);
      } else if (!consent.mode().equals("column")) {
        problems.add("--consent=" + consent.mode() + " needs the queries to read consent through ${consent}"
            + " (a '-- name: consent' block, as in the bundled db/queries.sql); " + queries.origin() + " has none");
      }
    }
    if (!tracked) {
      replace.put("action_users", "SELECT NULL::text AS user_id WHERE false");
      replace.put("actions", "SELECT NULL::text AS user_id, NULL::json AS payload WHERE false");
      replace.put("future_actions", "SELECT 0");
    }
    SourceQueries fitted = queries.with(replace).rewritten(sql -> standIn(sql, standIns));

    // Every block the run executes, planned by PostgreSQL: a custom --queries file is checked the same way.
    Set<String> relations = new LinkedHashSet<>();
    for (String block : problems.isEmpty() ? List.of("activity", "active_user_count", "source_quality")
        : List.<String>of()) {
      String problem = plan(conn, fitted, block, window, maxMessageChars, relations);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!bundled) {
      for (String relation : relations) {
        rows.add(new Row(relation, "read", "yes", tableFacts(conn, relation, columns(conn, relation))));
      }
    }
    String indexes = missingIndexes(conn);
    if (!indexes.isEmpty()) {
      rows.add(new Row("indexes", "recommended", "MISSING", indexes));
      warnings.add("recommended indexes are missing (reads are slower without them): " + indexes);
    }
    Long active = null;
    String tier = null;
    if (problems.isEmpty()) {
      active = CountActiveUsers.count(conn, fitted, window);
      tier = Tier.of(active, thresholds).name();
      rows.add(new Row("active users on " + window.date(), "", String.format(Locale.ROOT, "%,d", active),
          "tier " + tier));
    }
    return new Result(rows, problems, warnings, fitted, tracked, notes, active, tier);
  }

  /** Optional columns the database lacks, as typed NULLs wherever the queries read them ({@code u.plan}, ...). */
  static String standIn(String sql, List<String[]> standIns) {
    for (String[] s : standIns) {
      sql = sql.replaceAll("\\b" + Pattern.quote(s[0]) + "\\b", Matcher.quoteReplacement(s[1]));
    }
    return sql;
  }

  private static String need(Need need) {
    return need.name().toLowerCase(Locale.ROOT);
  }

  private static String missingColumnEffect(Table table, Column c) {
    if (table.need() == Need.OPTIONAL) {
      return "the table is not read: " + TRACKING_FIX;
    }
    return c.need() == Need.REQUIRED ? "the run cannot go without it" : "read as unknown";
  }

  /** Type notes a team should know: ids of other types are compared as text, naive timestamps. */
  static String typeNote(String table, String column, String type) {
    if ((column.equals("id") || column.endsWith("_id")) && !type.equals("text")
        && !type.startsWith("character varying")) {
      return type + " (read as text)";
    }
    if (type.equals("timestamp without time zone")) {
      return type + (table.equals("user_actions") ? " (read as UTC)"
          : " (read in the session's time zone: " + java.util.TimeZone.getDefault().getID() + ")");
    }
    return type;
  }

  /** Column name to type of {@code table} as the session sees it (search path); empty when there is no such table. */
  private static Map<String, String> columns(Connection conn, String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement q = conn.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
        + " WHERE table_name = ? AND table_schema = (SELECT n.nspname FROM pg_class c JOIN pg_namespace n"
        + " ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)) ORDER BY ordinal_position")) {
      q.setString(1, table);
      q.setString(2, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return columns;
  }

  /** About how many rows (the planner's estimate: instant at any size) and the created_at range when there is one. */
  private static String tableFacts(Connection conn, String table, Map<String, String> columns) throws SQLException {
    String facts;
    try (PreparedStatement q = conn.prepareStatement(
        "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        facts = rs.next() ? String.format(Locale.ROOT, "~%,d rows", rs.getLong(1)) : "";
      }
    }
    if (columns.containsKey("created_at")) {
      try (PreparedStatement q = conn.prepareStatement("SELECT min(created_at)::date::text, max(created_at)::date::text"
          + " FROM " + quote(table))) {
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next() && rs.getString(1) != null) {
            facts += ", created " + rs.getString(1) + " .. " + rs.getString(2);
          }
        }
      }
    }
    return facts;
  }

  /** Plans {@code block}: null when PostgreSQL can run it, else one line naming the block and what is wrong. */
  private static String plan(Connection conn, SourceQueries queries, String block, AnalysisWindow window,
      int maxMessageChars, Set<String> relations) {
    NamedSql sql = NamedSql.parse(queries.sql(block));
    try (PreparedStatement explain = conn.prepareStatement("EXPLAIN (FORMAT JSON) " + sql.sql())) {
      Map<String, Object> values = new LinkedHashMap<>(window.parameters(maxMessageChars, 300, 1));
      values.put(BindParameters.PARTITION, 0);
      new BindParameters(sql, values).bind(explain);
      try (ResultSet rs = explain.executeQuery()) {
        if (rs.next()) {
          collectRelations(Json.tree(rs.getString(1)), relations);
        }
      }
      return null;
    } catch (SQLException | IOException e) {
      String message = String.valueOf(e.getMessage());
      int nl = message.indexOf('\n');
      return "query block '" + block + "' of " + queries.origin() + " cannot run here: "
          + (nl < 0 ? message : message.substring(0, nl)).replaceFirst("^ERROR: ", "");
    }
  }

  private static void collectRelations(JsonNode node, Set<String> into) {
    if (node.has("Relation Name")) {
      into.add(node.get("Relation Name").asText());
    }
    node.forEach(child -> collectRelations(child, into));
  }

  /** The statements of db/source/indexes.sql whose index (on the same leading columns) the database lacks. */
  private static String missingIndexes(Connection conn) throws SQLException {
    String recommended;
    try (InputStream in = SourceCheck.class.getClassLoader().getResourceAsStream("db/source/indexes.sql")) {
      recommended = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
    List<String> missing = new ArrayList<>();
    Matcher m = INDEX.matcher(recommended);
    while (m.find()) {
      if (columns(conn, m.group(2)).isEmpty()) {
        continue; // a table that is not there needs no index
      }
      try (PreparedStatement q = conn.prepareStatement("SELECT count(*) FROM pg_indexes WHERE tablename = ?"
          + " AND replace(indexdef, ' ', '') LIKE ?")) {
        q.setString(1, m.group(2));
        q.setString(2, "%(" + m.group(3).replace(" ", "") + "%");
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            missing.add(m.group(0));
          }
        }
      }
    }
    return String.join(" ", missing);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** The table {@code --check} prints, and the verdict. */
  static String table(Result r, String header) {
    StringBuilder out = new StringBuilder(header).append('\n');
    out.append(String.format(Locale.ROOT, "  %-28s %-12s %-8s %s%n", "item", "need", "found", "notes"));
    for (Row row : r.rows()) {
      out.append(String.format(Locale.ROOT, "  %-28s %-12s %-8s %s%n", row.item(), row.need(), row.found(),
          row.detail()));
    }
    if (r.ready()) {
      out.append("ready: a run can go").append(r.warnings().isEmpty() ? "" : " (" + r.warnings().size()
          + (r.warnings().size() == 1 ? " warning" : " warnings") + " below)").append('\n');
      r.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
    } else {
      out.append("not ready:\n");
      r.problems().forEach(p -> out.append("error: ").append(p).append('\n'));
    }
    return out.toString();
  }
}
