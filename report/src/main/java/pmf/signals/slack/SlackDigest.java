package pmf.signals.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The day's summary ({@code daily_summary.summary}, shaped as {@code docs/daily-summary.example.json}) as a Slack
 * incoming-webhook payload {@code {"text": fallback, "blocks": [...]}} in Block Kit: the date, the offline warning,
 * the key numbers, the top 3 things to build with their evidence, the largest personas, the answers no other block
 * gives, and the tier and analyzer. The report's wording rules hold: every share says what it is of ("16.3% of 1,151
 * active users"), a count of zero is left out, each note is posted once, and a day too small to name any group says
 * so in one line (an empty day in nothing else).
 *
 * <p>Only aggregates are copied: counts, rates, theme and persona labels and the {@code answers} strings. Free text
 * such as descriptions, reasons and method notes is left out, and every copied string is scrubbed of personal data
 * and escaped, so a label can neither leak a value nor open a mention or link. Texts are cut with "…" to Slack's
 * limits instead of failing; a missing part of the summary shows as "n/a" or is left out.
 *
 * <pre>{@code
 * ObjectNode payload = SlackDigest.payload(summary, "https://reports.example/2026-11-23/report.html");
 * SlackDelivery delivery = new SlackWebhook(settings).send(payload);
 * }</pre>
 */
public final class SlackDigest {

  static final int TOP_TO_BUILD = 3;
  static final int MAX_PERSONAS = 5;
  static final int MAX_LABEL_CHARS = 150;
  static final int MAX_ANSWER_CHARS = 700;
  static final int MAX_FALLBACK_CHARS = 400;
  static final int MAX_LINK_CHARS = 1000;
  static final String NOT_AVAILABLE = "n/a";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern WEB_LINK = Pattern.compile("https?://[^\\s<>|]+");

  private SlackDigest() {}

  /**
   * The webhook payload for one day's summary.
   *
   * @param summary the day's summary JSON; null or partial summaries give a valid, sparser digest
   * @param reportLink where the full report is (an http(s) link becomes a link, anything else plain text); may be
   *     null
   */
  public static ObjectNode payload(JsonNode summary, String reportLink) {
    JsonNode day = summary == null ? MissingNode.getInstance() : summary;
    // At most 13 blocks by construction: well within Slack's 50.
    ArrayNode blocks = NODES.arrayNode();
    blocks.add(BlockKit.header(title(day)));
    warning(day).ifPresent(w -> blocks.add(BlockKit.context(w)));
    notes(day).ifPresent(n -> blocks.add(BlockKit.context(n)));
    Optional<String> notice = dayNotice(day);
    if (!emptyDay(day)) {
      blocks.add(keyNumbers(day));
      blocks.add(BlockKit.divider());
    }
    if (notice.isPresent()) { // said once, instead of "none today" under each heading
      blocks.add(BlockKit.section("_" + notice.get() + "_"));
    } else {
      blocks.addAll(topToBuild(day));
      blocks.add(BlockKit.divider());
      blocks.add(personas(day));
    }
    if (!emptyDay(day)) {
      answers(day).ifPresent(blocks::add);
    }
    report(reportLink).ifPresent(blocks::add);
    blocks.add(BlockKit.context(tierAndMethod(day)));

    ObjectNode payload = NODES.objectNode();
    payload.put("text", fallback(day));
    payload.set("blocks", blocks);
    return payload;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocks

  /** Only a parsed date reaches the header, so it needs no escaping. */
  static String title(JsonNode day) {
    return "PMF signals · " + date(day).map(LocalDate::toString).orElse("date unknown");
  }

  /** The day's notes (consent policy, what is not tracked yet) in one context block, each once, none the warning. */
  private static Optional<String> notes(JsonNode day) {
    String warning = day.path("warning").asText("").strip().toLowerCase(Locale.ROOT);
    Set<String> notes = new LinkedHashSet<>();
    for (JsonNode note : day.path("notes")) {
      String text = note.asText("").strip();
      if (!text.isEmpty() && !warning.contains(text.toLowerCase(Locale.ROOT).replaceAll("[.\\s]+$", ""))) {
        notes.add(SlackText.data(text, MAX_LABEL_CHARS * 2));
      }
    }
    return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", notes));
  }

  /** Whether nobody was active: the digest then has no numbers to give. */
  private static boolean emptyDay(JsonNode day) {
    JsonNode active = day.path("users").path("active");
    return active.isNumber() && active.asLong() == 0;
  }

  /** The one line a day too small to name any group says, as the report does (SummaryFacts.dayNotice). */
  static Optional<String> dayNotice(JsonNode day) {
    if (!day.path("users").path("active").isNumber()) {
      return Optional.empty();
    }
    if (emptyDay(day)) {
      return Optional.of("No user was active on this date: there is nothing to count, rank or describe.");
    }
    boolean named = !day.path("top_to_build").isEmpty() || !day.path("personas").isEmpty()
        || !day.path("themes").path("frictions").isEmpty() || !day.path("themes").path("use_cases").isEmpty();
    if (named) {
      return Optional.empty();
    }
    JsonNode k = day.path("min_group_users");
    return Optional.of("No theme, persona or thing to build reached " + (k.isNumber() ? count(k) : "k")
        + " distinct users today, so none is named.");
  }

  private static Optional<String> warning(JsonNode day) {
    String warning = day.path("warning").asText("");
    if (warning.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(":warning: *" + SlackText.data(warning, MAX_LABEL_CHARS * 2) + "*");
  }

  private static ObjectNode keyNumbers(JsonNode day) {
    JsonNode value = day.path("value");
    JsonNode likely = day.path("return_model").path("likely_to_return");
    List<String> fields = new ArrayList<>();
    fields.add("*Active users*\n" + count(day.path("users").path("active")));
    fields.add("*Back within 7 days*\n" + rateOf(value.path("return_d7"), "users", day));
    fields.add("*Hit the credit limit*\n" + rateOf(value.path("credit_exhaustion"), "users", day));
    if (likely.path("users").isNumber()) { // an untrained model's answer below says why there is no figure
      fields.add("*Likely back within 7 days*\n" + count(likely.path("users"))
          + share(likely.path("share"), usersScored(day.path("return_model").path("users_scored"))));
    }
    return BlockKit.section("*Key numbers*", fields);
  }

  /** By rank when given; items without one keep their order after the ranked ones. */
  private static List<JsonNode> rankedToBuild(JsonNode day) {
    List<JsonNode> ranked = new ArrayList<>();
    day.path("top_to_build").forEach(ranked::add);
    ranked.sort(Comparator.comparingInt(item -> item.path("rank").asInt(Integer.MAX_VALUE)));
    return ranked;
  }

  private static List<ObjectNode> topToBuild(JsonNode day) {
    List<JsonNode> ranked = rankedToBuild(day);
    List<ObjectNode> blocks = new ArrayList<>();
    if (ranked.isEmpty()) {
      blocks.add(BlockKit.section("*Top things to build*\n_No friction reached the reporting threshold today._"));
      return blocks;
    }
    int shown = Math.min(TOP_TO_BUILD, ranked.size());
    blocks.add(BlockKit.section(shown == 1 ? "*The top thing to build*" : "*Top " + shown + " things to build*"));
    for (int i = 0; i < shown; i++) {
      blocks.add(BlockKit.section(thingToBuild(i + 1, ranked.get(i), themeBase(day))));
    }
    return blocks;
  }

  private static String thingToBuild(int position, JsonNode item, String themeBase) {
    JsonNode evidence = item.path("evidence");
    List<String> facts = new ArrayList<>();
    if (evidence.path("users").isNumber()) {
      facts.add(count(evidence.path("users")) + " users" + share(evidence.path("share"), themeBase));
    }
    if (evidence.path("credits_burnt").asLong(0) > 0) {
      facts.add(count(evidence.path("credits_burnt")) + " credits went on their failed jobs");
    }
    if (evidence.path("abandoned_after").asLong(0) > 0) {
      facts.add(count(evidence.path("abandoned_after")) + " of them gave up right after it");
    }
    if (evidence.path("mean_frustration").isNumber()) {
      facts.add("mean frustration " + decimal(evidence.path("mean_frustration").asDouble()) + " of 5");
    }
    String theme = label(item.path("theme"));
    String line = "*" + position + ". " + theme + "*\n" + (facts.isEmpty() ? NOT_AVAILABLE : String.join(" · ", facts));
    return SlackText.fit(line, BlockKit.MAX_SECTION_TEXT_CHARS);
  }

  private static ObjectNode personas(JsonNode day) {
    List<JsonNode> personas = new ArrayList<>();
    day.path("personas").forEach(personas::add);
    if (personas.isEmpty()) {
      return BlockKit.section("*Personas*\n_None today._");
    }
    personas.sort(Comparator.comparingLong((JsonNode p) -> p.path("users").asLong(0)).reversed());
    StringBuilder text = new StringBuilder("*Personas*");
    for (JsonNode persona : personas.subList(0, Math.min(MAX_PERSONAS, personas.size()))) {
      text.append("\n• ").append(label(persona.path("name"))).append(" — ")
          .append(count(persona.path("users"))).append(" users").append(share(persona.path("share"), "active users"));
    }
    if (personas.size() > MAX_PERSONAS) {
      text.append("\n_and ").append(personas.size() - MAX_PERSONAS).append(" more_");
    }
    return BlockKit.section(SlackText.fit(text.toString(), BlockKit.MAX_SECTION_TEXT_CHARS));
  }

  /**
   * The answers the other blocks don't already show: why successful users succeed, and who will return only while the
   * model is untrained (its answer says why there is no figure; a trained one's restates the key number).
   */
  private static Optional<ObjectNode> answers(JsonNode day) {
    JsonNode answers = day.path("answers");
    List<String> parts = new ArrayList<>();
    answer(answers.path("why_successful_users_succeed"), "Why successful users succeed").ifPresent(parts::add);
    if (!day.path("return_model").path("likely_to_return").path("users").isNumber()) {
      answer(answers.path("who_will_return"), "Who will return").ifPresent(parts::add);
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(BlockKit.section(SlackText.fit(String.join("\n", parts), BlockKit.MAX_SECTION_TEXT_CHARS)));
  }

  private static Optional<String> answer(JsonNode answer, String question) {
    String text = SlackText.data(answer.asText(""), MAX_ANSWER_CHARS);
    return text.isEmpty() ? Optional.empty() : Optional.of("*" + question + "*\n" + text);
  }

  private static Optional<ObjectNode> report(String reportLink) {
    if (reportLink == null || reportLink.isBlank()) {
      return Optional.empty();
    }
    String link = reportLink.strip();
    if (link.length() <= MAX_LINK_CHARS && WEB_LINK.matcher(link).matches()) {
      return Optional.of(BlockKit.section("<" + SlackText.escape(link) + "|Open the full report>"));
    }
    return Optional.of(BlockKit.section("Full report: " + SlackText.fit(SlackText.escape(link), MAX_LINK_CHARS)));
  }

  private static String tierAndMethod(JsonNode day) {
    List<String> parts = new ArrayList<>();
    String tier = SlackText.data(day.path("tier").path("name").asText(""), 10);
    parts.add("Tier " + (tier.isEmpty() ? NOT_AVAILABLE : tier));
    String analyzer = SlackText.data(day.path("analyzer").asText(""), 40);
    parts.add("analyzer: " + (analyzer.isEmpty() ? NOT_AVAILABLE : analyzer));
    JsonNode auc = day.path("return_model").path("holdout").path("auc");
    if (auc.isNumber()) {
      parts.add("return model AUC " + decimal(auc.asDouble()) + " on a held-out week");
    }
    if (day.path("min_group_users").isNumber()) {
      parts.add("groups of fewer than " + day.path("min_group_users").asInt() + " users are never named");
    }
    return String.join(" · ", parts);
  }

  /** What a notification or a client without blocks shows. */
  static String fallback(JsonNode day) {
    StringBuilder text = new StringBuilder();
    if (!day.path("warning").asText("").isBlank()) {
      text.append("[offline analyzer] ");
    }
    text.append(title(day)).append(": ").append(count(day.path("users").path("active"))).append(" active users");
    JsonNode value = day.path("value");
    if (value.path("return_d7").path("rate").isNumber()) {
      text.append(", ").append(rateOfBase(value.path("return_d7"), "users", day)).append(" back within 7 days");
    }
    if (value.path("credit_exhaustion").path("rate").isNumber()) {
      text.append(", ").append(rateOfBase(value.path("credit_exhaustion"), "users", day))
          .append(" hit the credit limit");
    }
    List<JsonNode> ranked = rankedToBuild(day);
    if (!ranked.isEmpty()) {
      text.append(", top to build: ").append(label(ranked.get(0).path("theme")));
    }
    return SlackText.fit(text.toString(), MAX_FALLBACK_CHARS);
  }

  // ---------------------------------------------------------------------------------------------
  // Numbers and labels

  private static Optional<LocalDate> date(JsonNode day) {
    try {
      return Optional.of(LocalDate.parse(day.path("analysis_date").asText("")));
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static String label(JsonNode label) {
    String text = SlackText.data(label.asText(""), MAX_LABEL_CHARS);
    return text.isEmpty() ? "(unnamed)" : text;
  }

  /** "31% of 648 users (201)": the rate, of how many, and how many; the rate alone when the counts are missing. */
  private static String rateOf(JsonNode measure, String unit, JsonNode day) {
    String users = measure.path("rate").isNumber() && measure.path("users").isNumber()
        ? " (" + count(measure.path("users")) + ")" : "";
    return rateOfBase(measure, unit, day) + users;
  }

  /** "31% of 648 users", "16.3% of 1,151 active users" (when it is of all the day's active users). */
  private static String rateOfBase(JsonNode measure, String unit, JsonNode day) {
    String rate = rate(measure.path("rate"));
    if (!measure.path("rate").isNumber() || !measure.path("of").isNumber()) {
      return rate;
    }
    JsonNode active = day.path("users").path("active");
    String of = active.isNumber() && measure.path("of").asLong() == active.asLong() ? "active " + unit : unit;
    return rate + " of " + count(measure.path("of")) + " " + of;
  }

  /** " (14.1% of 990 consenting users)", or nothing when there is no share. */
  private static String share(JsonNode share, String base) {
    return share.isNumber() ? " (" + percent(share.asDouble()) + " of " + base + ")" : "";
  }

  /** What a theme's share is of: the users who consented to analysis. */
  private static String themeBase(JsonNode day) {
    JsonNode consenting = day.path("users").path("consenting");
    return consenting.isNumber() ? count(consenting) + " consenting users" : "consenting users";
  }

  private static String usersScored(JsonNode scored) {
    return scored.isNumber() ? count(scored) + " users scored" : "users scored";
  }

  private static String count(JsonNode n) {
    return n.isNumber() ? NumberFormat.getIntegerInstance(Locale.US).format(n.asLong()) : NOT_AVAILABLE;
  }

  private static String rate(JsonNode n) {
    return n.isNumber() ? percent(n.asDouble()) : NOT_AVAILABLE;
  }

  /** 0.31 → "31%", 0.163 → "16.3%". */
  static String percent(double rate) {
    return decimal(rate * 100) + "%";
  }

  /** One decimal (3.4), two below 1 (an AUC of 0.84), none for whole numbers (54). */
  static String decimal(double value) {
    double rounded = Math.abs(value) < 1 ? Math.round(value * 100) / 100.0 : Math.round(value * 10) / 10.0;
    if (rounded == Math.rint(rounded)) {
      return Long.toString((long) rounded);
    }
    return Double.toString(rounded);
  }
}
