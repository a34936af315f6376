package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import pmf.signals.transforms.summary.DailySummary;

/**
 * The daily summary JSON read as plain-text phrases, shared by report.html and summary.md so both say the same
 * thing. Phrases are unescaped: each renderer escapes them for its format. Every reader tolerates a missing part.
 *
 * <p>The wording rules: each fact is said once; every share says what it counts and of what base ("14% of 990
 * consenting users", "71% of 1,440 finished jobs"); a count of zero is left out rather than said ("0 credits went
 * on…"); a day too small to describe says so once, instead of each part saying it.
 */
final class SummaryFacts {
  private SummaryFacts() {}

  /** A labelled figure with an optional detail, e.g. "Back within 7 days" · "31%" · "201 of 648 users". */
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
          "returned_after_first_day", "Came back after the first day",
          "credit_exhaustion", "Hit the credit limit",
          "job_success_rate", "Jobs that succeeded",
          "job_failure", "Had a job fail",
          "downloads_per_active_user", "Downloads per active user",
          "shares_per_active_user", "Shares per active user");

  private static final List<String> RATE_ORDER =
      List.of("return_d1", "return_d7", "return_d30", "returned_after_first_day", "credit_exhaustion",
          "job_success_rate", "job_failure", "downloads_per_active_user", "shares_per_active_user");

  /** The users a rate is of, where they are not the day's active users. */
  private static final Map<String, String> RATE_BASES = Map.of("job_failure", "users who ran a job");

  /** Counts that are the base of another rate (job_success_rate), not rates of their own. */
  private static final Set<String> BASE_COUNTS = Set.of("jobs_finished", "jobs_succeeded");

  /** What each estimated rate counts, finishing "Share of N consenting users who …". */
  private static final Map<String, String> ESTIMATE_LABELS =
      Map.of(
          "return", "came back after the first day",
          "credit_exhaustion", "hit the credit limit",
          "job_failure", "had a job fail");

  /** Success metrics as a reader says them; a rate names what it is a share of. */
  private static final Map<String, String> METRIC_LABELS =
      Map.of("job failure rate", "share of their jobs that failed");

  // A persona description that opens with its size restates the row's Users and Share cells.
  private static final Pattern SIZE_SENTENCE = Pattern.compile("^[\\d,]+ users \\([^)]*\\)\\.\\s*");

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

  /** A count worth saying: known and not zero. */
  private static boolean nonZero(JsonNode count) {
    return count.isNumber() && count.asDouble() != 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The day, its notices and its size

  /** The notes to state after the warning, each once, and none that repeats the warning. */
  static List<String> notes(JsonNode summary) {
    String warning = sayable(text(summary.path("warning")));
    Set<String> seen = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    for (JsonNode note : summary.path("notes")) {
      String text = text(note);
      if (!text.isEmpty() && seen.add(sayable(text)) && !warning.contains(sayable(text))) {
        notes.add(text);
      }
    }
    return notes;
  }

  /** Lower case without the trailing stop: how two notices are compared. */
  private static String sayable(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[.\\s]+$", "");
  }

  /** Whether nobody was active: a day that has nothing to count. */
  static boolean emptyDay(JsonNode summary) {
    JsonNode active = summary.path("users").path("active");
    return active.isNumber() && active.asLong() == 0;
  }

  /** Whether the day names at least one group: a thing to build, a persona or a theme. */
  static boolean namesAGroup(JsonNode summary) {
    JsonNode themes = summary.path("themes");
    return !summary.path("top_to_build").isEmpty() || !summary.path("personas").isEmpty()
        || !themes.path("frictions").isEmpty() || !themes.path("use_cases").isEmpty();
  }

  /**
   * The one sentence a day too small to describe says at the top, so the parts it leaves out need not each say it;
   * empty for a day with something to name (or a summary that does not give its users).
   */
  static String dayNotice(JsonNode summary) {
    if (!summary.path("users").path("active").isNumber()) {
      return "";
    }
    if (emptyDay(summary)) {
      return "No user was active on this date: there is nothing to count, rank or describe.";
    }
    if (namesAGroup(summary)) {
      return "";
    }
    JsonNode analysed = summary.path("users").path("analysed");
    if (analysed.isNumber() && analysed.asLong() == 0) {
      return "No user's conversations were analysed today, so no theme, persona or thing to build can be named.";
    }
    return "No theme, persona or thing to build reached " + minGroupUsers(summary)
        + " distinct users today, so none is named.";
  }

  /** Who was in the day's data, e.g. "1,151 active users (131 new), 990 consenting to analysis, 405 analysed". */
  static String usersLine(JsonNode summary) {
    JsonNode users = summary.path("users");
    if (!users.path("active").isNumber()) {
      return "No user counts in this summary";
    }
    if (emptyDay(summary)) {
      return ""; // the day's notice says it
    }
    StringBuilder line = new StringBuilder(Figures.number(users.path("active")) + " active users");
    if (nonZero(users.path("new"))) {
      line.append(" (").append(Figures.number(users.path("new"))).append(" new)");
    }
    appendCount(line, users.path("consenting"), "consenting to analysis");
    appendCount(line, users.path("analysed"), "analysed");
    appendCount(line, users.path("inherited"), "given their segment's insights");
    return line.toString();
  }

  private static void appendCount(StringBuilder line, JsonNode count, String what) {
    if (nonZero(count)) {
      line.append(", ").append(Figures.number(count)).append(' ').append(what);
    }
  }

  /** "Tier C", or "" when the summary names no tier. */
  static String tierName(JsonNode summary) {
    String name = text(summary.path("tier").path("name"));
    return name.isEmpty() ? "" : "Tier " + name;
  }

  /** Why the tier, without its name: older summaries stored "B (231 active users <= 1000; …)" as the reason. */
  static String tierReason(JsonNode summary) {
    String name = text(summary.path("tier").path("name"));
    String reason = text(summary.path("tier").path("reason"));
    if (name.isEmpty() || !reason.startsWith(name + " ")) {
      return reason;
    }
    String rest = reason.substring(name.length()).strip();
    return rest.startsWith("(") && rest.endsWith(")") ? rest.substring(1, rest.length() - 1).strip() : rest;
  }

  /** The tier and why: how the day's users were chosen for analysis. */
  static String tierLine(JsonNode summary) {
    String reason = tierReason(summary);
    return tierName(summary).isEmpty() || reason.isEmpty() ? tierName(summary) : tierName(summary) + ": " + reason;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Answers in words

  /**
   * Whether a card leads with the summary's answer to its question. Never the top 3 (its list is the answer), never an
   * untrained return model's (the card says why), and never the templates' (they put the card's own figures in words).
   */
  static boolean leadsWithAnswer(JsonNode summary, String question) {
    if (question.equals("top_3_to_build") || text(summary.path("answers").path(question)).isEmpty()) {
      return false;
    }
    if (question.equals("who_will_return") && !returnModelTrained(summary.path("return_model"))) {
      return false;
    }
    return !answeredByTemplates(summary);
  }

  static boolean answeredByTemplates(JsonNode summary) {
    return text(summary.path("answers_source")).equals(DailySummary.TEMPLATES);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Themes and the things to build

  /** What a theme's share is of: "990 consenting users" (the users whose conversations may be analysed). */
  static String themeBase(JsonNode summary) {
    JsonNode consenting = summary.path("users").path("consenting");
    return consenting.isNumber() ? Figures.number(consenting) + " consenting users" : "consenting users";
  }

  /** A friction theme's cause in words ("slow or timeout"), or "" for a theme that names none (use cases, old rows). */
  static String cause(JsonNode theme) {
    return words(text(theme.path("cause")));
  }

  /** A friction's evidence in words, each with what it counts; counts of zero are left out. */
  static List<String> evidence(JsonNode evidence, String themeBase) {
    List<String> phrases = new ArrayList<>();
    if (evidence.path("users").isNumber()) {
      String share = evidence.path("share").isNumber()
          ? " (" + Figures.percent(evidence.path("share")) + " of " + themeBase + ")" : "";
      phrases.add(Figures.number(evidence.path("users")) + " users" + share + " hit it");
    }
    if (nonZero(evidence.path("held_back"))) {
      phrases.add("it held back " + Figures.number(evidence.path("held_back")) + " of them");
    }
    if (nonZero(evidence.path("credits_burnt"))) {
      phrases.add(Figures.number(evidence.path("credits_burnt")) + " credits went on their failed jobs");
    }
    if (nonZero(evidence.path("abandoned_after"))) {
      phrases.add(Figures.number(evidence.path("abandoned_after")) + " of them gave up right after it");
    }
    if (evidence.path("mean_frustration").isNumber()) {
      phrases.add("mean frustration " + Figures.number(evidence.path("mean_frustration")) + " of 5");
    }
    // Evidence a later SummarizeDay adds still shows, in its own words.
    for (Iterator<Map.Entry<String, JsonNode>> it = evidence.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!KNOWN_EVIDENCE.contains(field.getKey()) && nonZero(field.getValue())) {
        phrases.add(words(field.getKey()) + " " + Figures.metricValue(field.getKey(), field.getValue()));
      }
    }
    return phrases;
  }

  /** The evidence as one sentence: "140 users (14% of 990 consenting users) hit it; it held back 121 of them; …". */
  static String evidenceSentence(JsonNode evidence, String themeBase) {
    List<String> phrases = evidence(evidence, themeBase);
    return phrases.isEmpty() ? "" : capitalised(String.join("; ", phrases)) + ".";
  }

  /** Friction themes folded into "other" because each had fewer than k distinct users. */
  static String otherThemes(JsonNode summary) {
    JsonNode other = summary.path("themes").path("other");
    if (!nonZero(other.path("users"))) {
      return "";
    }
    return Figures.number(other.path("users")) + " users in " + Figures.number(other.path("themes_folded"))
        + " smaller themes are counted under \"other\" (each had fewer than " + minGroupUsers(summary)
        + " distinct users).";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Who will return

  /** Trained means it was scored on a hold-out; otherwise the node carries a status such as "not enough history". */
  static boolean returnModelTrained(JsonNode returnModel) {
    return returnModel.path("holdout").path("auc").isNumber();
  }

  static String returnModelNotTrained(JsonNode returnModel) {
    return DailySummary.notTrained(text(returnModel.path("status")))
        + " It learns from past dates whose outcome (active again within 7 days) is known.";
  }

  /** The model's other scalar fields, e.g. how many days of history it still needs, as "label: value". */
  static List<String> returnModelDetails(JsonNode returnModel) {
    List<String> details = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = returnModel.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      // The status is in the sentence above and the method among the footnotes.
      if (!Set.of("status", "method").contains(field.getKey()) && field.getValue().isValueNode()
          && has(field.getValue())) {
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
    String threshold = likely.path("threshold").isNumber()
        ? ", probability at least " + Figures.score(likely.path("threshold")) : "";
    return new Figure("Likely back within 7 days", Figures.number(likely.path("users")),
        likelyShare(returnModel) + threshold);
  }

  /** "54% of 1,151 users scored", or the bare share when the summary does not say how many were scored. */
  static String likelyShare(JsonNode returnModel) {
    String share = Figures.percent(returnModel.path("likely_to_return").path("share"));
    JsonNode scored = returnModel.path("users_scored");
    return share + " of " + (scored.isNumber() ? Figures.number(scored) + " users scored" : "users scored");
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

  // ---------------------------------------------------------------------------------------------------------------
  // Key rates and estimates

  /** The day's known value and pay signals, known ones first in a fixed order, then any others; no unknowns. */
  static List<Figure> keyRates(JsonNode summary) {
    JsonNode value = summary.path("value");
    List<Figure> rates = new ArrayList<>();
    for (String key : rateKeys(value)) {
      if (known(value.path(key))) {
        rates.add(rate(key, value, summary));
      }
    }
    return rates;
  }

  /**
   * The rates the day cannot give, said once instead of a row of "n/a" each: "Not measurable yet, with no users to
   * count: back the next day (D1), …" (an empty base) and "Not known today: …" (untracked or unmeasured).
   */
  static List<String> unknownRates(JsonNode summary) {
    JsonNode value = summary.path("value");
    List<String> noBase = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String key : rateKeys(value)) {
      JsonNode rate = value.path(key);
      if (!known(rate)) {
        String label = RATE_LABELS.getOrDefault(key, words(key));
        (rate.path("of").isNumber() && rate.path("of").asLong() == 0 ? noBase : unknown).add(decapitalised(label));
      }
    }
    List<String> sentences = new ArrayList<>();
    if (!noBase.isEmpty()) {
      sentences.add("Not measurable yet, with no users to count: " + joined(noBase) + ".");
    }
    if (!unknown.isEmpty()) {
      sentences.add("Not known today: " + joined(unknown) + ".");
    }
    return sentences;
  }

  /** "a, b and c". */
  static String joined(List<String> items) {
    return items.size() < 2 ? String.join("", items)
        : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static List<String> rateKeys(JsonNode value) {
    List<String> keys = new ArrayList<>();
    for (String key : RATE_ORDER) {
      if (value.has(key)) {
        keys.add(key);
      }
    }
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!RATE_ORDER.contains(key) && !BASE_COUNTS.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** A figure the day has: a number, or a rate object whose rate is a number. */
  private static boolean known(JsonNode rate) {
    return rate.isNumber() || rate.path("rate").isNumber();
  }

  private static Figure rate(String key, JsonNode value, JsonNode summary) {
    JsonNode rate = value.path(key);
    String label = RATE_LABELS.getOrDefault(key, capitalised(words(key)));
    if (key.equals("job_success_rate")) {
      return new Figure(label, Figures.percent(rate), jobsBase(value));
    }
    if (rate.isNumber()) {
      return new Figure(label, Figures.metricValue(key, rate), "");
    }
    String detail = rate.path("users").isNumber() && rate.path("of").isNumber()
        ? Figures.number(rate.path("users")) + " of " + Figures.number(rate.path("of")) + " "
            + usersBase(key, rate, summary)
        : "";
    String note = text(rate.path("note"));
    if (!note.isEmpty()) {
      detail = detail.isEmpty() ? note : detail + " · " + note;
    }
    return new Figure(label, Figures.percent(rate.path("rate")), detail);
  }

  /** "users who ran a job" where the rate says; "active users" when it is of them all; else "users" (its note says). */
  private static String usersBase(String key, JsonNode rate, JsonNode summary) {
    JsonNode active = summary.path("users").path("active");
    if (RATE_BASES.containsKey(key)) {
      return RATE_BASES.get(key);
    }
    return active.isNumber() && rate.path("of").asLong() == active.asLong() ? "active users" : "users";
  }

  /** What a job success rate is of: "1,023 of 1,440 finished jobs", or "of finished jobs" in older summaries. */
  static String jobsBase(JsonNode value) {
    JsonNode finished = value.path("jobs_finished");
    JsonNode succeeded = value.path("jobs_succeeded");
    return finished.isNumber() && succeeded.isNumber()
        ? Figures.number(succeeded) + " of " + Figures.number(finished) + " finished jobs" : "of finished jobs";
  }

  /** The estimated rates in the order the outputs list them (a stored summary's keys come back in jsonb's order). */
  static List<Map.Entry<String, JsonNode>> estimatedRates(JsonNode rates) {
    List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>();
    for (String key : List.of("return", "credit_exhaustion", "job_failure")) {
      if (rates.has(key)) {
        ordered.add(Map.entry(key, rates.get(key)));
      }
    }
    rates.fields().forEachRemaining(e -> {
      if (!ESTIMATE_LABELS.containsKey(e.getKey())) {
        ordered.add(e);
      }
    });
    return ordered;
  }

  /** What an estimated rate counts: "had a job fail". */
  static String estimateLabel(String key) {
    return ESTIMATE_LABELS.getOrDefault(key, words(key));
  }

  /** Whether any theme names its cause: a column of blanks says nothing. */
  static boolean anyCause(JsonNode themes) {
    for (JsonNode theme : themes) {
      if (!cause(theme).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The head of the estimates' first column: "Share of 990 consenting users who". */
  static String estimatesBase(JsonNode rates) {
    for (JsonNode estimate : rates) {
      if (estimate.path("population").isNumber()) {
        return "Share of " + Figures.number(estimate.path("population")) + " consenting users who";
      }
    }
    return "Share of consenting users who";
  }

  /**
   * Whether every consenting user was drawn (tiers A and B): each "estimate" is then the exact share, which the key
   * rates already give over the day's active users, so the estimates are not shown.
   */
  static boolean census(JsonNode rates) {
    for (JsonNode estimate : rates) {
      if (!estimate.path("sampled").isNumber() || estimate.path("sampled").asLong() != estimate.path("population")
          .asLong()) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Personas, success, funnel

  static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String decapitalised(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
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

  /** A persona's description less a first sentence giving its size, which its row's cells already give. */
  static String personaDescription(JsonNode persona) {
    return SIZE_SENTENCE.matcher(text(persona.path("description"))).replaceFirst("");
  }

  /** The head of a success column: "Successful (540 users)". */
  static String successColumn(String label, JsonNode users) {
    return users.isNumber() ? label + " (" + Figures.number(users) + " users)" : label;
  }

  /** A success metric as a reader says it: "job failure rate" reads "Share of their jobs that failed". */
  static String metricLabel(String metric) {
    return capitalised(METRIC_LABELS.getOrDefault(metric, metric));
  }

  static String successDefinition(JsonNode success) {
    String definition = text(success.path("definition"));
    return definition.isEmpty() ? "" : "Successful means: " + definition + ".";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Footnotes and empty parts

  static String privacyNote(JsonNode summary) {
    return "No group of fewer than " + minGroupUsers(summary)
        + " distinct users is named in this report; smaller groups are folded into \"other\".";
  }

  /**
   * The methods behind the numbers shown, for the footnotes: (what, how). The success definition is not among them:
   * its card states it, beside the comparison it defines.
   */
  static List<Figure> methods(JsonNode summary) {
    List<Figure> methods = new ArrayList<>();
    addMethod(methods, "Analyzer", summary.path("analyzer"));
    if (!answeredByTemplates(summary)) {
      addMethod(methods, "Answers in words", summary.path("answers_source"));
    }
    if (emptyDay(summary)) {
      return methods; // nothing below was measured, and no user was chosen for analysis
    }
    String reason = tierReason(summary);
    if (!reason.isEmpty()) {
      methods.add(new Figure(tierName(summary).isEmpty() ? "Tier" : tierName(summary), reason, ""));
    }
    if (!summary.path("themes").path("frictions").isEmpty() || !summary.path("themes").path("use_cases").isEmpty()) {
      addMethod(methods, "Themes", summary.path("themes").path("method"));
    }
    addMethod(methods, "Return model", summary.path("return_model").path("method"));
    JsonNode estimates = summary.path("estimates").path("rates");
    if (!estimates.isEmpty() && !census(estimates)) {
      addMethod(methods, "Estimates", summary.path("estimates").path("method"));
    }
    return methods;
  }

  private static void addMethod(List<Figure> methods, String what, JsonNode how) {
    if (has(how) && how.isValueNode()) {
      methods.add(new Figure(what, text(how), ""));
    }
  }

  /** Empty-part sentences, the same in both renderers. */
  static String noTopToBuild(JsonNode summary) {
    return summary.path("themes").path("frictions").isEmpty()
        ? "No friction theme reached " + minGroupUsers(summary) + " distinct users today, so there is nothing to rank."
        : "No friction theme today is a thing to build: each only shows that users struggled (repeating a request,"
            + " giving up).";
  }

  static String noPersonas(JsonNode summary) {
    return "No segment today reached " + minGroupUsers(summary) + " users with " + minGroupUsers(summary)
        + " of them analysed, so none is described.";
  }

  static final String NO_TRENDS = "No trends yet: they start with the second day that has a summary.";
  static final String NO_FUNNEL = "No funnel in this summary.";
  static final String NO_SUCCESS = "Not measured today: no user met the definition of success, or no user was active.";

  /** When there is no use-case theme either: the top 3 has already said there is no friction theme. */
  static String noThemes(JsonNode summary) {
    return "No use-case theme reached " + minGroupUsers(summary) + " distinct users today either.";
  }

  static String noUseCases(JsonNode summary) {
    return "No use-case theme reached " + minGroupUsers(summary) + " distinct users today.";
  }
}
