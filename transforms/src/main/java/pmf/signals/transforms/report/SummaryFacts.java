package pmf.signals.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The daily summary JSON read as plain-text phrases, shared by report.html and summary.md so both say the same
 * thing. Phrases are unescaped: each renderer escapes them for its format. Every reader tolerates a missing part.
 */
final class SummaryFacts {
  private SummaryFacts() {}

  /** A labelled figure with an optional detail, e.g. "Back within 7 days" · "31%" · "201 of 648". */
  record Figure(String label, String value, String detail) {}

  /** One funnel step, with its share of the first step. */
  record FunnelStep(String step, long users, double ofFirst) {}

  private static final List<String> KNOWN_EVIDENCE =
      List.of("users", "share", "held_back", "credits_burnt", "mean_frustration", "abandoned_after");

  private static final Map<String, String> RATE_LABELS =
      Map.of(
          "return_d1", "Back the next day (D1)",
          "return_d7", "Back within 7 days (D7)",
          "return_d30", "Back within 30 days (D30)",
          "credit_exhaustion", "Hit the credit limit",
          "job_success_rate", "Jobs that succeeded",
          "downloads_per_active_user", "Downloads per active user",
          "shares_per_active_user", "Shares per active user");

  private static final List<String> RATE_ORDER =
      List.of("return_d1", "return_d7", "return_d30", "credit_exhaustion", "job_success_rate",
          "downloads_per_active_user", "shares_per_active_user");

  static String date(JsonNode summary) {
    return Figures.date(summary.path("analysis_date").asText("unknown date"));
  }

  static String title(JsonNode summary) {
    return "Product signals for " + date(summary);
  }

  /** k of the privacy threshold, as a figure ("5"), or "k" when the summary does not say. */
  static String minGroupUsers(JsonNode summary) {
    JsonNode k = summary.path("min_group_users");
    return k.isNumber() ? Figures.number(k) : "k";
  }

  static boolean has(JsonNode node) {
    return !node.isMissingNode() && !node.isNull() && !(node.isContainerNode() && node.isEmpty())
        && !(node.isTextual() && node.asText().isBlank());
  }

  static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.asText().strip() : "";
  }

  /** "credits_burnt" reads "credits burnt". */
  static String words(String key) {
    return key.replace('_', ' ');
  }

  /** Who was in the day's data, e.g. "1,151 active users (131 new), 990 consenting, 405 analysed, 585 inherited". */
  static String usersLine(JsonNode summary) {
    JsonNode users = summary.path("users");
    if (!users.path("active").isNumber()) {
      return "No user counts in this summary";
    }
    StringBuilder line = new StringBuilder(Figures.number(users.path("active")) + " active users");
    if (users.path("new").isNumber()) {
      line.append(" (").append(Figures.number(users.path("new"))).append(" new)");
    }
    appendCount(line, users.path("consenting"), "consenting to analysis");
    appendCount(line, users.path("analysed"), "analysed");
    appendCount(line, users.path("inherited"), "given their segment's insights");
    return line.toString();
  }

  private static void appendCount(StringBuilder line, JsonNode count, String what) {
    if (count.isNumber()) {
      line.append(", ").append(Figures.number(count)).append(' ').append(what);
    }
  }

  /** "Tier C", or "" when the summary names no tier. */
  static String tierName(JsonNode summary) {
    String name = text(summary.path("tier").path("name"));
    return name.isEmpty() ? "" : "Tier " + name;
  }

  /** The tier and why: how the day's users were chosen for analysis. */
  static String tierLine(JsonNode summary) {
    String reason = text(summary.path("tier").path("reason"));
    return tierName(summary).isEmpty() || reason.isEmpty() ? tierName(summary) : tierName(summary) + ": " + reason;
  }

  /** A friction theme's cause in words ("slow or timeout"), or "" for a theme that names none (use cases, old rows). */
  static String cause(JsonNode theme) {
    return words(text(theme.path("cause")));
  }

  /** A friction's evidence in words: who, how many credits, how frustrated, how many gave up. */
  static List<String> evidence(JsonNode evidence) {
    List<String> phrases = new ArrayList<>();
    if (evidence.path("users").isNumber()) {
      String share = evidence.path("share").isNumber()
          ? " (" + Figures.percent(evidence.path("share")) + " of active users)" : "";
      phrases.add(Figures.number(evidence.path("users")) + " users" + share);
    }
    if (evidence.path("held_back").isNumber()) {
      phrases.add(Figures.number(evidence.path("held_back")) + " held back by it");
    }
    if (evidence.path("credits_burnt").isNumber()) {
      phrases.add(Figures.number(evidence.path("credits_burnt")) + " credits burnt on failed jobs");
    }
    if (evidence.path("mean_frustration").isNumber()) {
      phrases.add("frustration " + Figures.number(evidence.path("mean_frustration")) + " of 5");
    }
    if (evidence.path("abandoned_after").isNumber()) {
      phrases.add(Figures.number(evidence.path("abandoned_after")) + " gave up right after it");
    }
    // Evidence a later SummarizeDay adds still shows, in its own words.
    for (Iterator<Map.Entry<String, JsonNode>> it = evidence.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!KNOWN_EVIDENCE.contains(field.getKey()) && field.getValue().isNumber()) {
        phrases.add(words(field.getKey()) + " " + Figures.metricValue(field.getKey(), field.getValue()));
      }
    }
    return phrases;
  }

  /** Trained means it was scored on a hold-out; otherwise the node carries a status such as "not enough history". */
  static boolean returnModelTrained(JsonNode returnModel) {
    return returnModel.path("holdout").path("auc").isNumber();
  }

  static String returnModelNotTrained(JsonNode returnModel) {
    String status = text(returnModel.path("status"));
    return "The return model is not trained yet" + (status.isEmpty() ? "." : " (" + status + ").")
        + " It needs past dates with a known outcome (active again within 7 days) to learn from.";
  }

  /** The model's other scalar fields, e.g. how many days of history it still needs, as "label: value". */
  static List<String> returnModelDetails(JsonNode returnModel) {
    List<String> details = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = returnModel.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("status") && field.getValue().isValueNode() && has(field.getValue())) {
        String value = field.getValue().isNumber() ? Figures.number(field.getValue()) : text(field.getValue());
        details.add(words(field.getKey()) + ": " + value);
      }
    }
    return details;
  }

  static Figure auc(JsonNode returnModel) {
    JsonNode holdout = returnModel.path("holdout");
    return new Figure("Hold-out AUC", Figures.score(holdout.path("auc")),
        "on " + Figures.window(holdout) + usersInParens(holdout.path("users")) + "; 0.5 is chance, 1.0 perfect");
  }

  static Figure trainedOn(JsonNode returnModel) {
    JsonNode trained = returnModel.path("trained_on");
    return new Figure("Trained on", Figures.window(trained), usersOf(trained.path("users")));
  }

  static Figure likelyToReturn(JsonNode returnModel) {
    JsonNode likely = returnModel.path("likely_to_return");
    String of = returnModel.path("users_scored").isNumber()
        ? " of " + Figures.number(returnModel.path("users_scored")) + " scored" : "";
    String threshold = likely.path("threshold").isNumber()
        ? ", probability at least " + Figures.score(likely.path("threshold")) : "";
    return new Figure("Likely back within 7 days", Figures.number(likely.path("users")),
        Figures.percent(likely.path("share")) + of + threshold);
  }

  /** "active days: more returns (weight 1.2)". */
  static List<String> drivers(JsonNode returnModel) {
    List<String> drivers = new ArrayList<>();
    for (JsonNode driver : returnModel.path("drivers")) {
      String weight = driver.path("weight").isNumber() ? " (weight " + Figures.number(driver.path("weight")) + ")" : "";
      drivers.add(text(driver.path("feature")) + ": " + text(driver.path("direction")) + weight);
    }
    return drivers;
  }

  private static String usersInParens(JsonNode users) {
    return users.isNumber() ? " (" + Figures.number(users) + " users)" : "";
  }

  private static String usersOf(JsonNode users) {
    return users.isNumber() ? Figures.number(users) + " users" : "";
  }

  /** The day's value and pay signals, known ones first in a fixed order, then any others. */
  static List<Figure> keyRates(JsonNode value) {
    List<Figure> rates = new ArrayList<>();
    for (String key : RATE_ORDER) {
      if (has(value.path(key))) {
        rates.add(rate(key, value.path(key)));
      }
    }
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!RATE_ORDER.contains(key) && has(value.path(key))) {
        rates.add(rate(key, value.path(key)));
      }
    }
    return rates;
  }

  private static Figure rate(String key, JsonNode rate) {
    String label = RATE_LABELS.getOrDefault(key, capitalised(words(key)));
    if (rate.isNumber()) {
      return new Figure(label, Figures.metricValue(key, rate), "");
    }
    String detail = rate.path("users").isNumber() && rate.path("of").isNumber()
        ? Figures.number(rate.path("users")) + " of " + Figures.number(rate.path("of")) + " users" : "";
    String note = text(rate.path("note"));
    if (!note.isEmpty()) {
      detail = detail.isEmpty() ? note : detail + ", " + note;
    }
    return new Figure(label, Figures.percent(rate.path("rate")), detail);
  }

  static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static List<FunnelStep> funnel(JsonNode funnel) {
    List<FunnelStep> steps = new ArrayList<>();
    double first = 0;
    for (JsonNode step : funnel) {
      long users = step.path("users").asLong(0);
      if (steps.isEmpty()) {
        first = users;
      }
      steps.add(new FunnelStep(text(step.path("step")), users, first > 0 ? users / first : 0));
    }
    return steps;
  }

  /** "12 high · 30 medium · 20 low · 8 none": how many of a persona's users showed each willingness to pay. */
  static String payMix(JsonNode paySignal) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paySignal.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> level = it.next();
      if (level.getValue().isNumber()) {
        parts.add(Figures.number(level.getValue()) + " " + words(level.getKey()));
      }
    }
    return parts.isEmpty() ? "" : String.join(" · ", parts);
  }

  /** The successful-vs-others comparison, e.g. "540 successful users, 611 others". */
  static String successCounts(JsonNode success) {
    if (!success.path("successful_users").isNumber()) {
      return "";
    }
    return Figures.number(success.path("successful_users")) + " successful users, "
        + Figures.number(success.path("other_users")) + " others";
  }

  /** Friction themes folded into "other" because each had fewer than k distinct users. */
  static String otherThemes(JsonNode summary) {
    JsonNode other = summary.path("themes").path("other");
    if (!other.path("users").isNumber() || other.path("users").asLong() == 0) {
      return "";
    }
    return Figures.number(other.path("users")) + " users in " + Figures.number(other.path("themes_folded"))
        + " smaller themes are counted under \"other\" (each had fewer than " + minGroupUsers(summary)
        + " distinct users).";
  }

  static String privacyNote(JsonNode summary) {
    return "No group of fewer than " + minGroupUsers(summary)
        + " distinct users is named in this report; smaller groups are folded into \"other\".";
  }

  /** The methods behind the numbers, for the footnotes: (what, how). */
  static List<Figure> methods(JsonNode summary) {
    List<Figure> methods = new ArrayList<>();
    addMethod(methods, "Analyzer", summary.path("analyzer"));
    addMethod(methods, "Answers in words", summary.path("answers_source"));
    addMethod(methods, tierName(summary).isEmpty() ? "Tier" : tierName(summary), summary.path("tier").path("reason"));
    addMethod(methods, "Themes", summary.path("themes").path("method"));
    addMethod(methods, "Return model", summary.path("return_model").path("method"));
    addMethod(methods, "Estimates", summary.path("estimates").path("method"));
    addMethod(methods, "Success", summary.path("success").path("definition"));
    return methods;
  }

  private static void addMethod(List<Figure> methods, String what, JsonNode how) {
    if (has(how) && how.isValueNode()) {
      methods.add(new Figure(what, text(how), ""));
    }
  }

  /** Empty-part sentences, the same in both renderers. */
  static String noTopToBuild(JsonNode summary) {
    return "Nothing to rank today: no friction theme was reported by at least " + minGroupUsers(summary)
        + " distinct users.";
  }

  static String noPersonas(JsonNode summary) {
    return "No personas today: a segment is described only when it has at least " + minGroupUsers(summary)
        + " users, " + minGroupUsers(summary) + " of them analysed.";
  }

  static final String NO_TRENDS = "No trends yet: they start with the second day that has a summary.";
  static final String NO_FUNNEL = "No funnel today: no active users were counted.";
  static final String NO_SUCCESS = "Not measured today: no user met the definition of success, or no user was active.";

  static String noThemes(String kind, JsonNode summary) {
    return "No " + kind + " theme today reached " + minGroupUsers(summary) + " distinct users.";
  }
}
