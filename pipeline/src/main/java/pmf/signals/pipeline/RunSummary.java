package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.json.Json;

/**
 * What a run did, read back from the database after it finished (so it is the same whatever the runner), written to
 * {@code OUTPUTDIR/DATE/summary.json} and printed as a short table.
 */
final class RunSummary {
  static final String OFFLINE_WARNING =
      "OFFLINE ANALYZER: no LLM was called; insights come from keyword and behaviour rules (set GEMINI_API_KEY and"
          + " --llm=gemini for an LLM's reading)";

  private RunSummary() {}

  /** Removes rows of this date that this run did not rewrite (users no longer active, e.g. after a deletion). */
  static int removeStaleRows(Connection conn, LocalDate date, Instant runStart) throws SQLException {
    int removed = 0;
    for (String table : new String[] {"analysis_cache", "analysis_failures", "analysis_segments"}) {
      try (PreparedStatement delete =
          conn.prepareStatement("DELETE FROM " + table + " WHERE analysis_date = ? AND updated_at < ?")) {
        delete.setDate(1, Date.valueOf(date));
        delete.setObject(2, RunLedger.utc(runStart));
        int n = delete.executeUpdate();
        if (table.equals("analysis_cache")) {
          removed = n;
        }
      }
    }
    return removed;
  }

  static ObjectNode collect(
      Connection conn,
      LocalDate date,
      Instant runStart,
      String runId,
      String runner,
      String analyzer,
      JsonNode sourceQuality,
      int staleRemoved,
      double wallSeconds,
      int minGroupUsers,
      JsonNode estimates)
      throws SQLException {
    ObjectNode summary = Json.MAPPER.createObjectNode();
    summary.put("analysis_date", date.toString());
    summary.put("run_id", runId);
    summary.put("runner", runner);
    summary.put("analyzer", analyzer);
    if ("offline".equals(analyzer)) {
      summary.put("warning", OFFLINE_WARNING);
    }

    Map<String, Long> statuses = groupCount(conn,
        "SELECT llm_status, count(*) FROM analysis_cache WHERE analysis_date = ? AND updated_at >= ? GROUP BY 1",
        date, runStart);
    Map<String, Long> skipped = groupCount(conn,
        "SELECT CASE WHEN llm_status = 'skipped' THEN split_part(status_reason, ':', 1) ELSE llm_status END, count(*)"
            + " FROM analysis_cache WHERE analysis_date = ? AND updated_at >= ? AND insights IS NULL GROUP BY 1",
        date, runStart);
    Map<String, Long> failures = groupCount(conn,
        "SELECT stage, count(*) FROM analysis_failures WHERE analysis_date = ? AND updated_at >= ? GROUP BY 1",
        date, runStart);
    Map<String, Long> quality = groupCount(conn,
        "SELECT q.key, sum(q.value::bigint) FROM analysis_cache c, jsonb_each_text(c.metrics -> 'quality') q"
            + " WHERE c.analysis_date = ? AND c.updated_at >= ? GROUP BY 1",
        date, runStart);
    Map<String, Long> tiers = groupCount(conn,
        "SELECT tier || ' (' || tier_reason || ')', count(*) FROM analysis_cache"
            + " WHERE analysis_date = ? AND updated_at >= ? GROUP BY 1",
        date, runStart);

    Map<String, Long> selections = groupCount(conn,
        "SELECT coalesce(selection, 'none'), count(*) FROM analysis_cache WHERE analysis_date = ? AND updated_at >= ?"
            + " GROUP BY 1", date, runStart);

    long rows = statuses.values().stream().mapToLong(Long::longValue).sum();
    long inherited = statuses.getOrDefault("inherited", 0L);
    long analysed = rows - inherited - skipped.values().stream().mapToLong(Long::longValue).sum();
    // Users whose source rows could not be parsed are active users without a row; "unmatched_history" ones are not.
    long readFailures = failures.getOrDefault("read", 0L);
    summary.put("users_active", rows + readFailures);
    summary.put("users_analysed", analysed);
    summary.put("users_inherited", inherited);
    summary.set("selection", Json.MAPPER.valueToTree(selections));
    summary.set("users_skipped_by_reason", Json.MAPPER.valueToTree(skipped));
    summary.put("rows_written", rows);
    summary.put("stale_rows_removed", staleRemoved);
    summary.set("llm_status", Json.MAPPER.valueToTree(statuses));
    summary.set("failures_by_stage", Json.MAPPER.valueToTree(failures));
    summary.put("llm_failure_reason", topLlmFailure(conn, date, runStart));
    summary.put("tier", tiers.isEmpty() ? "A (0 active users)" : tiers.keySet().iterator().next());
    summary.set("segments", segments(conn, date, runStart, minGroupUsers));
    summary.set("estimates", estimates); // computed in the graph, with the day's summary
    summary.set("data_quality", Json.MAPPER.valueToTree(quality));
    summary.set("source_quality", sourceQuality);
    summary.set("llm", llmSpend(conn, date, runStart));
    ObjectNode themes = summary.putObject("insight_groups");
    themes.put("min_group_users", minGroupUsers);
    themes.set("use_cases", groups(conn, date, runStart, minGroupUsers, "jsonb_array_elements_text(c.insights -> 'use_cases')"));
    themes.set("friction_points",
        groups(conn, date, runStart, minGroupUsers, "jsonb_path_query(c.insights, '$.friction_points[*].description') #>> '{}'"));
    summary.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
    return summary;
  }

  /**
   * Distinct users per insight label (lower-cased), largest first. Each user counts once per label however often
   * they said it, so one heavy user cannot make a theme; labels held by fewer than {@code k} users are folded into
   * one {@code other} group and never named.
   */
  static ObjectNode groups(Connection conn, LocalDate date, Instant runStart, int k, String labels)
      throws SQLException {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode named = out.putObject("by_label");
    String sql =
        "WITH pairs AS (SELECT DISTINCT lower(btrim(l.label)) AS label, c.user_id FROM analysis_cache c,"
            + " LATERAL (SELECT " + labels + " AS label) l WHERE c.analysis_date = ? AND c.updated_at >= ?"
            + " AND c.insights IS NOT NULL AND c.llm_status IN ('ok', 'cached', 'offline') AND l.label IS NOT NULL),"
            + " sizes AS (SELECT label, count(*) AS users FROM pairs GROUP BY label)"
            + " SELECT label, users, labels FROM (SELECT CASE WHEN s.users >= ? THEN p.label END AS label,"
            + " count(DISTINCT p.user_id) AS users, count(DISTINCT p.label) AS labels"
            + " FROM pairs p JOIN sizes s USING (label) GROUP BY 1) g ORDER BY label IS NULL, users DESC, label";
    try (PreparedStatement query = conn.prepareStatement(sql)) {
      query.setDate(1, Date.valueOf(date));
      query.setObject(2, RunLedger.utc(runStart));
      query.setInt(3, k);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            named.put(rs.getString(1), rs.getLong(2));
          } else {
            ObjectNode other = out.putObject("other");
            other.put("users", rs.getLong(2));
            other.put("labels_folded", rs.getLong(3));
          }
        }
      }
    }
    return out;
  }

  /**
   * The day's segments (size, drift, persona) and the latest earlier date's segments that found no match today. A
   * segment under the k-threshold shows its size but no persona.
   */
  static ObjectNode segments(Connection conn, LocalDate date, Instant runStart, int k) throws SQLException {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode list = out.putArray("today");
    try (PreparedStatement q = conn.prepareStatement(
        "SELECT segment_id, users, consenting, analysed, previous_users, drift, persona::text, method"
            + " FROM analysis_segments WHERE analysis_date = ? AND updated_at >= ? ORDER BY users DESC, segment_id")) {
      q.setDate(1, Date.valueOf(date));
      q.setObject(2, RunLedger.utc(runStart));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put("method", rs.getString(8));
          ObjectNode seg = list.addObject();
          seg.put("id", rs.getInt(1));
          seg.put("users", rs.getLong(2));
          seg.put("consenting", rs.getLong(3));
          seg.put("analysed", rs.getLong(4));
          long previous = rs.getLong(5);
          seg.put("previous_users", rs.wasNull() ? null : previous);
          seg.put("drift", rs.getString(6));
          if (rs.getString(7) == null) {
            seg.put("persona", (String) null);
            seg.put("persona_withheld", "fewer than " + k + " users, or fewer than " + k + " analysed");
          } else {
            try {
              seg.set("persona", Json.tree(rs.getString(7)));
            } catch (IOException e) {
              throw new SQLException("analysis_segments.persona is not JSON", e);
            }
          }
        }
      }
    }
    try (PreparedStatement q = conn.prepareStatement(
        "SELECT p.segment_id, p.users FROM analysis_segments p WHERE p.analysis_date ="
            + " (SELECT max(analysis_date) FROM analysis_segments WHERE analysis_date < ?)"
            + " AND NOT EXISTS (SELECT 1 FROM analysis_segments t WHERE t.analysis_date = ? AND t.segment_id = p.segment_id)"
            + " ORDER BY 1")) {
      q.setDate(1, Date.valueOf(date));
      q.setDate(2, Date.valueOf(date));
      ArrayNode gone = out.putArray("gone");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          gone.addObject().put("id", rs.getInt(1)).put("previous_users", rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * Calls, tokens and estimated dollars of this run: the sums over the rows it wrote, users' analyses
   * ({@code analysis_cache}) and segments' personas ({@code analysis_segments}) together.
   */
  /** The commonest reason among the run's LLM dead letters (what an operator acts on), or null. */
  private static String topLlmFailure(Connection conn, LocalDate date, Instant runStart) throws SQLException {
    try (PreparedStatement q = conn.prepareStatement(
        "SELECT regexp_replace(reason, ' \\(\\d+ calls?\\)$', '') AS r, count(*) FROM analysis_failures"
            + " WHERE analysis_date = ? AND updated_at >= ? AND stage = 'analyze'"
            + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")) {
      q.setDate(1, java.sql.Date.valueOf(date));
      q.setObject(2, RunLedger.utc(runStart));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Pure: the line that makes a run degraded — the LLM failed for more than {@code maxShare} of the users it was to
   * analyse (answered, reused or failed; budget skips are by design) — or null when it did not.
   */
  static String degraded(JsonNode summary, double maxShare) {
    JsonNode statuses = summary.path("llm_status");
    long failed = statuses.path("failed").asLong();
    long meant = failed + statuses.path("ok").asLong() + statuses.path("cached").asLong();
    if (failed == 0 || failed <= maxShare * meant) {
      return null;
    }
    String why = summary.path("llm_failure_reason").asText("");
    return String.format(java.util.Locale.ROOT,
        "DEGRADED RUN: the LLM failed for %d of the %d users it was to analyse (%.0f%%, more than"
            + " --maxLlmFailureShare=%s)%s; every user's metrics are written, their insights are missing",
        failed, meant, 100.0 * failed / meant, maxShare, why.isEmpty() ? "" : ", mostly: " + why);
  }

  private static ObjectNode llmSpend(Connection conn, LocalDate date, Instant runStart) throws SQLException {
    ObjectNode llm = Json.MAPPER.createObjectNode();
    try (PreparedStatement query =
        conn.prepareStatement(
            "SELECT coalesce(sum(llm_calls), 0), coalesce(sum(tokens_in), 0), coalesce(sum(tokens_out), 0),"
                + " coalesce(sum(cost_usd), 0), coalesce(sum(llm_calls) FILTER (WHERE persona), 0) FROM ("
                + " SELECT false AS persona, llm_calls, tokens_in, tokens_out, cost_usd FROM analysis_cache"
                + " WHERE analysis_date = ? AND updated_at >= ? UNION ALL"
                + " SELECT true, llm_calls, tokens_in, tokens_out, cost_usd FROM analysis_segments"
                + " WHERE analysis_date = ? AND updated_at >= ?) spend")) {
      for (int i = 0; i < 2; i++) {
        query.setDate(2 * i + 1, Date.valueOf(date));
        query.setObject(2 * i + 2, RunLedger.utc(runStart));
      }
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        llm.put("calls", rs.getLong(1));
        llm.put("persona_calls", rs.getLong(5));
        llm.put("tokens_in", rs.getLong(2));
        llm.put("tokens_out", rs.getLong(3));
        llm.put("cost_usd", rs.getBigDecimal(4).setScale(6, RoundingMode.HALF_UP));
      }
    }
    return llm;
  }

  private static Map<String, Long> groupCount(Connection conn, String sql, LocalDate date, Instant runStart)
      throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement query = conn.prepareStatement(sql)) {
      query.setDate(1, Date.valueOf(date));
      query.setObject(2, RunLedger.utc(runStart));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          out.put(String.valueOf(rs.getString(1)), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * The day's themes and top 3 in summary.json too, as the report shows them (found in what users wrote offline);
   * {@code insight_groups} keeps the per-user labels the analysis gave, which offline are the keyword rules' hints.
   */
  static void addThemes(ObjectNode summary, ObjectNode daily) {
    if (daily == null) {
      return;
    }
    if (daily.has("themes")) {
      summary.set("themes", daily.get("themes").deepCopy());
    }
    if (daily.has("top_to_build")) {
      summary.set("top_to_build", daily.get("top_to_build").deepCopy());
    }
    if (summary.has("insight_groups") && OfflineAnalyzer.MODEL.equals(summary.path("analyzer").asText())) {
      ((ObjectNode) summary.get("insight_groups")).put("note", "the offline rules' labels per user: hints at a"
          + " cause only; the themes are those found in what users wrote (themes)");
    }
  }

  static Path write(ObjectNode summary, Path outputDir, LocalDate date) throws IOException {
    Path dir = outputDir.resolve(date.toString());
    Files.createDirectories(dir);
    Path file = dir.resolve("summary.json");
    Files.writeString(
        file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** A short table for the terminal; the same numbers as summary.json. */
  static String table(ObjectNode s) {
    StringBuilder out = new StringBuilder();
    if (s.has("warning")) {
      out.append("!! ").append(s.get("warning").asText()).append(" !!\n");
    }
    row(out, "analysis date", s.get("analysis_date").asText());
    row(out, "run", s.get("runner").asText() + ", run_id " + s.get("run_id").asText());
    row(out, "tier", s.get("tier").asText());
    row(out, "users active", s.get("users_active").asText());
    row(out, "users analysed", s.get("users_analysed").asText() + " (" + s.get("analyzer").asText() + ")");
    row(out, "users inherited", s.get("users_inherited").asText());
    JsonNode segments = s.get("segments").get("today");
    StringBuilder segs = new StringBuilder();
    for (JsonNode seg : segments) {
      segs.append(segs.length() == 0 ? "" : ", ").append('#').append(seg.get("id").asText()).append(' ')
          .append(seg.get("users").asText()).append(" users ").append(seg.get("drift").asText());
    }
    row(out, "segments", segments.isEmpty() ? "none" : segs.toString());
    JsonNode rates = s.get("estimates").get("rates");
    StringBuilder est = new StringBuilder();
    for (String rate : new String[] {"return", "credit_exhaustion", "job_failure"}) {
      JsonNode r = rates.get(rate);
      est.append(est.length() == 0 ? "" : ", ").append(rate).append(' ').append(percent(r.get("estimate")))
          .append(" [").append(percent(r.get("ci95").get(0))).append(", ").append(percent(r.get("ci95").get(1)))
          .append(']');
    }
    row(out, "estimates", est.toString());
    nested(out, "users skipped", s.get("users_skipped_by_reason"));
    row(out, "rows written", s.get("rows_written").asText());
    nested(out, "llm_status", s.get("llm_status"));
    nested(out, "failures", s.get("failures_by_stage"));
    JsonNode llm = s.get("llm");
    long personaCalls = llm.path("persona_calls").asLong();
    long rollupCalls = llm.path("rollup_calls").asLong();
    List<String> parts = new ArrayList<>();
    if (personaCalls > 0) {
      parts.add(personaCalls + " for personas");
    }
    if (rollupCalls > 0) {
      parts.add(rollupCalls + " for the day's answers");
    }
    if (llm.path("embedding_calls").asLong() > 0) {
      parts.add(llm.path("embedding_calls").asLong() + " for the themes' embeddings");
    }
    row(out, "llm spend", llm.get("calls").asText() + " calls" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts)
        + ")") + ", " + llm.get("tokens_in").asText() + " tokens in, "
        + llm.get("tokens_out").asText() + " out, ~$" + llm.get("cost_usd").asText());
    nested(out, "data quality", s.get("data_quality"));
    nested(out, "source quality", s.get("source_quality"));
    row(out, "wall time", s.get("wall_seconds").asText() + " s");
    return out.toString();
  }

  private static String percent(JsonNode v) {
    return v == null || v.isNull() ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * v.asDouble());
  }

  private static void nested(StringBuilder out, String label, JsonNode values) {
    StringBuilder line = new StringBuilder();
    if (values != null) {
      Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().asLong() != 0) {
          line.append(line.length() == 0 ? "" : ", ").append(field.getKey()).append('=').append(field.getValue());
        }
      }
    }
    row(out, label, line.length() == 0 ? "none" : line.toString());
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format("  %-16s %s%n", label, value));
  }
}
