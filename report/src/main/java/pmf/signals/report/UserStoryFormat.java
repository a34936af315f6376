package pmf.signals.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import pmf.signals.transforms.json.Json;

/** How a user's story reads: text for a support person in a terminal, JSON for scripts. Pure functions of the rows. */
public final class UserStoryFormat {
  /**
   * Which dates to show: those with a row from {@code from} to {@code to} (null: open), at most {@code limit} of them,
   * the latest kept. {@code latestOnly}: no --from was given, so the limit (not the range) decides what is shown.
   */
  public record Span(LocalDate from, LocalDate to, int limit) {
    public boolean latestOnly() {
      return from == null;
    }

    /** The range in words, as the "no rows" line says it. */
    public String words() {
      if (from != null && from.equals(to)) {
        return "on " + from;
      }
      if (from != null && to != null) {
        return "between " + from + " and " + to;
      }
      if (from != null) {
        return "from " + from + " on";
      }
      return to != null ? "up to " + to : "on any date";
    }

    public long days() {
      return ChronoUnit.DAYS.between(from, to) + 1;
    }
  }

  /** One analysis_cache row as the story shows it; {@code metrics} and {@code insights} as stored (null: none). */
  public record Day(LocalDate date, String tier, Integer segmentId, String segmentName, String llmStatus, String statusReason,
      String model, Double returnProbability, JsonNode metrics, JsonNode insights) {}

  /** The metrics (UserMetrics' snake_case fields) the story shows; the rest stay in analysis_cache.metrics. */
  public static final List<String> HEADLINE_METRICS = List.of("conversations", "conversations_on_date", "user_messages",
      "active_days", "jobs_succeeded", "jobs_failed", "jobs_failed_on_date", "credits_used", "credit_limit_hits",
      "credit_limit_hits_on_date");

  /** Long enough for any rule's friction, short enough for one line of several. */
  public static final int FRICTION_CHARS = 80;

  private UserStoryFormat() {}

  public static String text(String user, Span span, List<Day> days) {
    if (days.isEmpty()) {
      return "no analysis_cache rows for user " + user + " " + span.words() + "\n";
    }
    StringBuilder out = new StringBuilder();
    out.append(header(user, span, days)).append('\n');
    out.append("counts cover each date's lookback window (--lookbackDays, 30 by default) up to and including it\n");
    for (Day day : days) {
      out.append('\n').append(day(day));
    }
    return out.toString();
  }

  /** Who, which dates, and how many of them have a row. */
  public static String header(String user, Span span, List<Day> days) {
    String shown = days.get(0).date() + (days.size() > 1 ? " .. " + days.get(days.size() - 1).date() : "");
    if (span.latestOnly()) {
      return String.format("user %s: %s with a row%s (their latest %d at most), %s", user,
          plural(days.size(), "date"), span.to() == null ? "" : " up to " + span.to(), span.limit(), shown);
    }
    if (span.to() == null || span.from().equals(span.to())) {
      return String.format("user %s: %s with a row %s", user, plural(days.size(), "date"), span.words());
    }
    return String.format("user %s: %d of the %s %s have a row", user, days.size(), plural(span.days(), "date"),
        span.words());
  }

  /** One date's block: its heading line, then one labelled line per subject. */
  public static String day(Day day) {
    StringBuilder out = new StringBuilder();
    out.append(day.date()).append("  tier ").append(orNone(day.tier())).append(", ").append(segment(day)).append('\n');
    line(out, "llm", llm(day));
    JsonNode m = day.metrics();
    if (m == null) {
      line(out, "metrics", "none stored");
    } else {
      line(out, "activity", activity(m));
      line(out, "jobs", jobs(m));
      line(out, "credits", credits(m));
    }
    line(out, "return", returnChance(day.returnProbability()));
    JsonNode insights = day.insights();
    if (insights == null) {
      line(out, "insights", "none stored");
    } else {
      line(out, "use cases", useCases(insights));
      line(out, "friction", friction(insights));
      line(out, "pay", willingnessToPay(insights));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append(String.format("  %-10s %s", label, text)).append('\n');
  }

  static String segment(Day day) {
    if (day.segmentId() == null) {
      return "no segment";
    }
    return "segment " + day.segmentId() + (day.segmentName() == null ? "" : " \"" + day.segmentName() + "\"");
  }

  /** The status, why when it is not ok, and which model wrote the row. */
  public static String llm(Day day) {
    String status = orNone(day.llmStatus());
    boolean explained = day.statusReason() != null && !day.statusReason().isBlank() && !"ok".equals(day.llmStatus());
    String model = day.model() == null ? "" : " (model " + day.model() + ")";
    return status + (explained ? ": " + day.statusReason() : "") + model;
  }

  static String activity(JsonNode m) {
    return plural(m, "conversations", "conversation") + onDate(m, "conversations_on_date") + ", "
        + plural(m, "user_messages", "user message") + ", " + plural(m, "active_days", "active day");
  }

  static String jobs(JsonNode m) {
    return count(m, "jobs_succeeded") + " succeeded, " + count(m, "jobs_failed") + " failed"
        + onDate(m, "jobs_failed_on_date");
  }

  static String credits(JsonNode m) {
    return count(m, "credits_used") + " used, " + plural(m, "credit_limit_hits", "credit-limit hit")
        + onDate(m, "credit_limit_hits_on_date");
  }

  static String returnChance(Double probability) {
    return probability == null
        ? "no estimate (the return model had no history yet)"
        : Math.round(probability * 100) + "% chance of being active again within 7 days";
  }

  static String useCases(JsonNode insights) {
    List<String> labels = new ArrayList<>();
    insights.path("use_cases").forEach(u -> labels.add(u.asText()));
    return labels.isEmpty() ? "none named" : String.join(", ", labels);
  }

  public static String friction(JsonNode insights) {
    List<String> points = new ArrayList<>();
    for (JsonNode point : insights.path("friction_points")) {
      String cause = point.path("cause").asText("");
      points.add(shorten(point.path("description").asText(""), FRICTION_CHARS)
          + (cause.isEmpty() ? "" : " (cause " + cause + ")"));
    }
    return points.isEmpty() ? "none" : String.join("; ", points);
  }

  static String willingnessToPay(JsonNode insights) {
    String signal = insights.path("willingness_to_pay").path("signal").asText("");
    return "willingness to pay: " + (signal.isEmpty() ? "unknown" : signal);
  }

  /** The rows as a JSON array, one object per date, oldest first; the same fields the text shows. */
  public static String json(List<Day> days) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Day day : days) {
      array.add(jsonDay(day));
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode jsonDay(Day day) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("date", day.date().toString());
    o.put("tier", day.tier());
    o.put("segment_id", day.segmentId());
    o.put("segment_name", day.segmentName());
    o.put("llm_status", day.llmStatus());
    o.put("status_reason", day.statusReason());
    o.put("model", day.model());
    o.put("return_probability", day.returnProbability());
    ObjectNode metrics = o.putObject("metrics");
    for (String field : HEADLINE_METRICS) {
      metrics.set(field, day.metrics() == null ? null : day.metrics().get(field));
    }
    JsonNode insights = day.insights();
    if (insights == null) {
      o.putNull("insights");
    } else {
      ObjectNode brief = o.putObject("insights");
      brief.set("use_cases", insights.path("use_cases").isArray() ? insights.get("use_cases")
          : Json.MAPPER.createArrayNode());
      ArrayNode friction = brief.putArray("friction_points");
      for (JsonNode point : insights.path("friction_points")) {
        friction.addObject().put("description", point.path("description").asText(null))
            .put("cause", point.path("cause").asText(null));
      }
      brief.put("willingness_to_pay", insights.path("willingness_to_pay").path("signal").asText(null));
    }
    return o;
  }

  /** "(2 on the date)"; nothing on rows stored before the on-date counts were measured. */
  private static String onDate(JsonNode m, String field) {
    JsonNode n = m.get(field);
    return n == null || n.isNull() ? "" : " (" + n.asLong() + " on the date)";
  }

  /** A stored count, "?" when the row has none. */
  private static String count(JsonNode m, String field) {
    JsonNode n = m.get(field);
    return n == null || n.isNull() ? "?" : String.valueOf(n.asLong());
  }

  private static String plural(JsonNode m, String field, String noun) {
    JsonNode n = m.get(field);
    return n == null || n.isNull() ? "? " + noun + "s" : plural(n.asLong(), noun);
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3).stripTrailing() + "...";
  }

  private static String orNone(String value) {
    return value == null ? "none" : value;
  }
}
