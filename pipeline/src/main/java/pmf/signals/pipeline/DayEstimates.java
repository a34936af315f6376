package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.tier.StratifiedEstimate;
import pmf.signals.transforms.tier.StratifiedEstimate.Estimate;
import pmf.signals.transforms.tier.StratifiedEstimate.Observation;

/**
 * The day's rates over consenting active users, each with its 95% interval and the method: return, credit exhaustion,
 * job failure, and each friction's prevalence. Behaviour rates are also given exactly (the census: every user has
 * metrics); friction prevalence is known only for analysed users, so on sampled days (tiers C and D) it is estimated
 * from the sample by the strata, and on census days it is the analysed users' share.
 */
final class DayEstimates {
  private static final String ROWS =
      "SELECT coalesce(segment_id::text, '-'), selection, outlier, llm_status IN ('ok', 'cached', 'offline'),"
          + " coalesce((metrics ->> 'returned_after_first_day')::boolean, false),"
          + " coalesce((metrics ->> 'credit_limit_hits')::int, 0) > 0, coalesce((metrics ->> 'jobs_failed')::int, 0) > 0,"
          + " coalesce(jsonb_path_query_array(insights, '$.friction_points[*].description')::text, '[]')"
          + " FROM analysis_cache WHERE analysis_date = ? AND updated_at >= ? AND selection <> 'not_eligible'"
          + " ORDER BY user_id";

  private DayEstimates() {}

  /** One consenting user's row, reduced to what the estimates read. */
  record UserRow(String stratum, boolean sampled, boolean read, boolean returned, boolean creditLimit,
      boolean jobFailed, Set<String> frictions) {}

  static ObjectNode collect(Connection conn, LocalDate date, Instant runStart, String tier, int k)
      throws SQLException {
    List<UserRow> rows = new ArrayList<>();
    try (PreparedStatement q = conn.prepareStatement(ROWS)) {
      q.setDate(1, Date.valueOf(date));
      q.setObject(2, RunLedger.utc(runStart));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String selection = rs.getString(2);
          boolean outlier = rs.getBoolean(3);
          boolean sampled = "sample".equals(selection) || "outlier".equals(selection)
              || "nearest".equals(selection) || "census".equals(selection);
          rows.add(new UserRow(outlier && tier.equals("D") ? "outliers" : "segment " + rs.getString(1), sampled,
              rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), labels(rs.getString(8))));
        }
      }
    }
    return of(rows, tier, k);
  }

  /** Pure: the estimates block of summary.json. */
  static ObjectNode of(List<UserRow> rows, String tier, int k) {
    boolean sampledDay = tier.equals("C") || tier.equals("D");
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("population", "consenting active users (" + rows.size() + ")");
    out.put("method", sampledDay ? StratifiedEstimate.METHOD
        : "census: every consenting user analysed; intervals are the same estimator with every stratum fully drawn");
    if (tier.equals("C")) {
      out.put("caveat", "tier C also analyses the users nearest each centre, who are not a random draw;"
          + " intervals treat them as sampled");
    }
    ObjectNode rates = out.putObject("rates");
    Map<String, Predicate<UserRow>> behaviour = new LinkedHashMap<>();
    behaviour.put("return", UserRow::returned);
    behaviour.put("credit_exhaustion", UserRow::creditLimit);
    behaviour.put("job_failure", UserRow::jobFailed);
    for (Map.Entry<String, Predicate<UserRow>> rate : behaviour.entrySet()) {
      ObjectNode r = put(rates, rate.getKey(), estimate(rows, rate.getValue(), false));
      long hits = rows.stream().filter(rate.getValue()).count();
      r.put("census", rows.isEmpty() ? null : round(hits / (double) rows.size()));
    }
    // Frictions: named only when at least k distinct analysed users hold the label.
    Map<String, Integer> holders = new TreeMap<>();
    for (UserRow r : rows) {
      if (r.sampled() && r.read()) {
        r.frictions().forEach(f -> holders.merge(f, 1, Integer::sum));
      }
    }
    ObjectNode frictions = out.putObject("friction_prevalence");
    holders.entrySet().stream()
        .filter(e -> e.getValue() >= k)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> put(frictions, e.getKey(), estimate(rows, r -> r.frictions().contains(e.getKey()), true))
            .put("analysed_users_with_it", e.getValue()));
    return out;
  }

  /** {@code needsReading}: a rate only a reading of the conversations knows, so unread sampled users are not drawn. */
  private static Estimate estimate(List<UserRow> rows, Predicate<UserRow> hit, boolean needsReading) {
    List<Observation> observations = new ArrayList<>(rows.size());
    for (UserRow r : rows) {
      boolean sampled = r.sampled() && (!needsReading || r.read());
      observations.add(new Observation(r.stratum(), sampled, sampled && hit.test(r)));
    }
    return StratifiedEstimate.of(observations);
  }

  private static ObjectNode put(ObjectNode parent, String name, Estimate e) {
    ObjectNode node = parent.putObject(name);
    node.put("estimate", Double.isNaN(e.estimate()) ? null : round(e.estimate()));
    ArrayNode ci = node.putArray("ci95");
    ci.add(round(e.low()));
    ci.add(round(e.high()));
    node.put("sampled", e.sampled());
    node.put("population", e.population());
    return node;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static Set<String> labels(String jsonArray) {
    Set<String> out = new HashSet<>();
    try {
      for (JsonNode label : Json.tree(jsonArray)) {
        out.add(label.asText().strip().toLowerCase(Locale.ROOT));
      }
    } catch (IOException e) {
      throw new IllegalStateException("friction labels are not a JSON array", e);
    }
    return out;
  }
}
