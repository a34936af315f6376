package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.analyze.GeminiRollup;
import pmf.signals.transforms.json.Json;
import pmf.signals.slack.SlackDelivery;
import pmf.signals.slack.SlackDigest;
import pmf.signals.slack.SlackSettings;
import pmf.signals.slack.SlackWebhook;
import pmf.signals.report.ReportHtml;
import pmf.signals.report.SummaryMarkdown;
import pmf.signals.transforms.summary.DailySummary;
import pmf.signals.transforms.summary.DayTally;
import pmf.signals.transforms.summary.WrittenAnswers;
import pmf.signals.transforms.write.WriteDailySummary;
import java.util.List;

/**
 * After the pipeline: completes the day's {@code daily_summary} with what needs history or the run's outcome (the
 * tier, the estimates, D1/D7/D30 return, trends over the previous 14 days), then writes {@code report.html} and
 * {@code summary.md} beside {@code summary.json} and posts the Slack digest. A Slack failure is logged and reported;
 * the stored summary and the files are already written by then.
 */
final class DailyOutputs {
  private static final Logger LOG = LoggerFactory.getLogger(DailyOutputs.class);
  static final int TREND_DAYS = 14;

  private DailyOutputs() {}

  /**
   * Returns the final summary; {@code runSummary} is summary.json's content. With {@code rollup} (an LLM), the day's
   * answers are the model's, written from the completed summary, and its spend is added to {@code runSummary}'s.
   */
  static ObjectNode complete(Connection conn, LocalDate date, ObjectNode summary, ObjectNode runSummary,
      GeminiRollup rollup, String degraded) throws SQLException, IOException {
    if (degraded != null) { // leads every output, before the offline warning when there is one
      String offline = summary.path("warning").asText("");
      summary.put("warning", offline.isEmpty() ? degraded : degraded + ". " + offline);
    }
    String tier = runSummary.get("tier").asText();
    summary.putObject("tier").put("name", tier.substring(0, 1)).put("reason", tierReason(tier));
    ObjectNode value = (ObjectNode) summary.with("value");
    for (int days : new int[] {1, 7, 30}) {
      value.set("return_d" + days, returnWithin(conn, date, days));
    }
    Map<LocalDate, JsonNode> previous = previous(conn, date);
    summary.set("trends", trends(previous, date, summary));
    themeTrends(previous, date, summary);
    addEmbeddingSpend(summary.path("themes").path("embedding_spend"), (ObjectNode) runSummary.get("llm"));
    if (rollup != null) {
      rollUp(rollup, summary, (ObjectNode) runSummary.get("llm"));
    }
    try (PreparedStatement update = conn.prepareStatement(
        "UPDATE daily_summary SET summary = ?::jsonb, updated_at = now() WHERE analysis_date = ?")) {
      update.setString(1, Json.write(summary));
      update.setDate(2, Date.valueOf(date));
      update.executeUpdate();
    }
    return summary;
  }

  /** The model's answers in place of the templates (which stand when it fails), and its spend counted in the run's. */
  static void rollUp(GeminiRollup rollup, ObjectNode summary, ObjectNode llm) {
    WrittenAnswers written;
    try {
      written = rollup.write(summary, llm.path("cost_usd").asDouble());
    } catch (Exception e) { // the templates still answer; losing the summary over the prose would be worse
      LOG.warn("the day's LLM roll-up failed", e);
      written = WrittenAnswers.notSent(e.getClass().getSimpleName());
    }
    if (written.answers() != null) {
      summary.set("answers", written.answers());
    }
    summary.put("answers_source", written.source());
    addSpend(llm, "rollup_calls", written.calls(), written.tokensIn(), written.tokensOut(),
        BigDecimal.valueOf(written.costUsd()));
  }

  /**
   * Why the tier, without its name: the run's "B (231 active users <= 1000; every consenting user (209))" gives
   * "231 active users <= 1000; every consenting user (209)", so no output reads "Tier B: B (…)".
   */
  static String tierReason(String tier) {
    String rest = tier.length() > 1 ? tier.substring(1).strip() : "";
    return rest.startsWith("(") && rest.endsWith(")") ? rest.substring(1, rest.length() - 1).strip() : rest;
  }

  /** The themes' embedding calls (made in the graph) counted in the run's LLM spend. */
  static void addEmbeddingSpend(JsonNode spend, ObjectNode llm) {
    if (spend.isMissingNode() || spend.path("calls").asLong() == 0) {
      return;
    }
    addSpend(llm, "embedding_calls", spend.path("calls").asLong(), spend.path("tokens_in").asLong(), 0,
        spend.path("cost_usd").decimalValue());
  }

  /** A stage's calls, tokens and dollars added to the run's {@code llm} block, its calls also under {@code callsKey}. */
  private static void addSpend(ObjectNode llm, String callsKey, long calls, long tokensIn, long tokensOut,
      BigDecimal costUsd) {
    llm.put("calls", llm.path("calls").asLong() + calls);
    llm.put(callsKey, calls);
    llm.put("tokens_in", llm.path("tokens_in").asLong() + tokensIn);
    llm.put("tokens_out", llm.path("tokens_out").asLong() + tokensOut);
    llm.put("cost_usd", llm.path("cost_usd").decimalValue().add(costUsd).setScale(6, RoundingMode.HALF_UP));
  }

  /** The summary of a day nobody was active on, stored as the graph would have stored it. */
  static void storeEmpty(Connection conn, LocalDate date, DailySummary.Inputs inputs) throws SQLException {
    ObjectNode empty = DailySummary.build(inputs, new DayTally(), List.of(), List.of(), List.of());
    try (PreparedStatement upsert = conn.prepareStatement(WriteDailySummary.UPSERT)) {
      upsert.setDate(1, Date.valueOf(date));
      upsert.setString(2, Json.write(empty));
      upsert.executeUpdate();
    }
  }

  /** report.html and summary.md in {@code dir}. */
  static void writeFiles(ObjectNode summary, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.html"), ReportHtml.render(summary), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.md"), SummaryMarkdown.render(summary), StandardCharsets.UTF_8);
  }

  /** Posts the digest when a webhook is configured; never throws. */
  static SlackDelivery postToSlack(ObjectNode summary, String webhookUrl, int maxAttempts, PrintStream err) {
    if (webhookUrl == null || webhookUrl.isBlank()) {
      return null;
    }
    SlackDelivery delivery;
    try {
      delivery = new SlackWebhook(SlackSettings.of(webhookUrl).withMaxAttempts(maxAttempts)).send(SlackDigest.payload(summary, null));
    } catch (RuntimeException e) { // a bad URL is a configuration mistake, not a reason to lose the run
      delivery = new SlackDelivery(false, 0, "not sent: " + e.getMessage());
    }
    if (!delivery.delivered()) {
      LOG.warn("Slack digest not delivered: {}", delivery.reason());
      err.println("warning: the Slack digest was not delivered (" + delivery.reason() + "); the summary is stored");
    }
    return delivery;
  }

  /** The day's summary as the graph stored it. */
  static ObjectNode read(Connection conn, LocalDate date) throws SQLException, IOException {
    try (PreparedStatement q = conn.prepareStatement("SELECT summary::text FROM daily_summary WHERE analysis_date = ?")) {
      q.setDate(1, Date.valueOf(date));
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the pipeline wrote no daily_summary row for " + date);
        }
        return (ObjectNode) Json.tree(rs.getString(1));
      }
    }
  }

  /** Of users first seen {@code days} days before the date, the share active again since (through the date). */
  static ObjectNode returnWithin(Connection conn, LocalDate date, int days) throws SQLException {
    String sql = "WITH firsts AS (SELECT user_id, min(analysis_date) AS first FROM analysis_cache"
        + " WHERE analysis_date <= ? GROUP BY user_id HAVING min(analysis_date) = ?)"
        + " SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM analysis_cache c WHERE c.user_id = f.user_id"
        + " AND c.analysis_date > f.first AND c.analysis_date <= ?)) FROM firsts f";
    try (PreparedStatement q = conn.prepareStatement(sql)) {
      q.setDate(1, Date.valueOf(date));
      q.setDate(2, Date.valueOf(date.minusDays(days)));
      q.setDate(3, Date.valueOf(date));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long of = rs.getLong(1);
        long users = rs.getLong(2);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("rate", of == 0 ? null : Math.round(1000.0 * users / of) / 1000.0);
        out.put("users", users);
        out.put("of", of);
        out.put("note", "first seen on " + date.minusDays(days) + ", active again by " + date);
        return out;
      }
    }
  }

  private static ArrayNode trends(Map<LocalDate, JsonNode> previous, LocalDate date, ObjectNode today) {
    Map<LocalDate, JsonNode> days = new LinkedHashMap<>(previous);
    days.put(date, today);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Map.Entry<LocalDate, JsonNode> day : days.entrySet()) {
      JsonNode s = day.getValue();
      ObjectNode point = out.addObject();
      point.put("date", day.getKey().toString());
      point.put("active", s.path("users").path("active").asLong());
      point.set("return_d7", s.path("value").path("return_d7").path("rate"));
      point.set("credit_exhaustion", s.path("value").path("credit_exhaustion").path("rate"));
      point.set("job_success_rate", s.path("value").path("job_success_rate"));
    }
    return out;
  }

  /** Each theme's share on the previous days it was seen under the same name. */
  private static void themeTrends(Map<LocalDate, JsonNode> days, LocalDate date, ObjectNode summary) {
    for (String kind : new String[] {"use_cases", "frictions"}) {
      for (JsonNode theme : summary.path("themes").path(kind)) {
        ArrayNode trend = ((ObjectNode) theme).putArray("trend");
        for (Map.Entry<LocalDate, JsonNode> day : days.entrySet()) {
          for (JsonNode before : day.getValue().path("themes").path(kind)) {
            if (before.path("theme").asText().equals(theme.path("theme").asText())) {
              trend.addObject().put("date", day.getKey().toString()).set("share", before.get("share"));
            }
          }
        }
        trend.addObject().put("date", date.toString()).set("share", theme.get("share"));
      }
    }
  }

  private static Map<LocalDate, JsonNode> previous(Connection conn, LocalDate date) throws SQLException, IOException {
    Map<LocalDate, JsonNode> out = new LinkedHashMap<>();
    try (PreparedStatement q = conn.prepareStatement("SELECT analysis_date, summary::text FROM daily_summary"
        + " WHERE analysis_date >= ? AND analysis_date < ? ORDER BY analysis_date")) {
      q.setDate(1, Date.valueOf(date.minusDays(TREND_DAYS)));
      q.setDate(2, Date.valueOf(date));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getDate(1).toLocalDate(), Json.tree(rs.getString(2)));
        }
      }
    }
    return out;
  }
}
