package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import pmf.signals.report.SummaryFacts.Figure;

/**
 * summary.md: the same answers as report.html in Markdown — the top 3 with their evidence, who will return, why
 * successful users succeed, personas, key rates — for a repository, a wiki or a chat. Strings from the summary are
 * escaped so a theme can never become a link, a table cell break or raw HTML.
 *
 * <pre>{@code
 * Files.writeString(dayDir.resolve("summary.md"), SummaryMarkdown.render(Json.tree(summaryJson)));
 * }</pre>
 */
public final class SummaryMarkdown {
  private SummaryMarkdown() {}

  public static String render(JsonNode summary) {
    StringBuilder md = new StringBuilder(8 * 1024);
    md.append("# ").append(escape(SummaryFacts.title(summary))).append("\n\n");
    String warning = SummaryFacts.text(summary.path("warning"));
    if (!warning.isEmpty()) {
      md.append("> **Warning:** ").append(escape(warning)).append("\n\n");
    }
    for (String note : SummaryFacts.notes(summary)) {
      md.append("> **Note:** ").append(escape(note)).append("\n\n");
    }
    line(md, SummaryFacts.usersLine(summary));
    if (!SummaryFacts.emptyDay(summary)) { // a tier is how the day's users were chosen: there were none
      line(md, SummaryFacts.tierLine(summary));
    }
    md.append('\n');
    String notice = SummaryFacts.dayNotice(summary);
    if (!notice.isEmpty()) { // said once, here; the parts it stands for are left out
      md.append('_').append(escape(notice)).append("_\n\n");
    }
    if (!SummaryFacts.emptyDay(summary)) {
      measuredDay(md, summary, notice.isEmpty());
    }
    md.append("---\n\n").append(escape(SummaryFacts.privacyNote(summary))).append('\n');
    return md.toString();
  }

  /** The sections of a day someone was active on; those that name groups only when it {@code names} any. */
  private static void measuredDay(StringBuilder md, JsonNode summary, boolean names) {
    if (names) {
      topToBuild(md, summary);
    }
    whoWillReturn(md, summary);
    whySuccessfulUsersSucceed(md, summary);
    if (names) {
      personas(md, summary);
    }
    keyRates(md, summary);
    if (names) {
      themes(md, summary);
    }
    funnel(md, summary);
  }

  /** A line of the day's header, ending in a full stop; nothing for an empty part. */
  private static void line(StringBuilder md, String text) {
    if (!text.isEmpty()) {
      md.append(escape(text)).append(".\n");
    }
  }

  private static void topToBuild(StringBuilder md, JsonNode summary) {
    md.append("## Top 3 things to build\n\n");
    JsonNode top = summary.path("top_to_build");
    if (top.isEmpty()) {
      md.append('_').append(escape(SummaryFacts.noTopToBuild(summary))).append("_\n\n");
      return;
    }
    String base = SummaryFacts.themeBase(summary);
    for (int i = 0; i < Math.min(3, top.size()); i++) {
      JsonNode item = top.get(i);
      String rank = item.path("rank").isNumber() ? Figures.number(item.path("rank")) : String.valueOf(i + 1);
      md.append(rank).append(". **").append(escape(SummaryFacts.capitalised(SummaryFacts.text(item.path("theme")))))
          .append("**");
      // The evidence, once: the "why" restates it.
      String evidence = SummaryFacts.evidenceSentence(item.path("evidence"), base);
      if (!evidence.isEmpty()) {
        md.append(" — ").append(escape(evidence));
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static void whoWillReturn(StringBuilder md, JsonNode summary) {
    md.append("## Who will return\n\n");
    answer(md, summary, "who_will_return");
    JsonNode model = summary.path("return_model");
    if (!SummaryFacts.returnModelTrained(model)) {
      md.append('_').append(escape(SummaryFacts.returnModelNotTrained(model))).append("_\n\n");
      bullets(md, SummaryFacts.returnModelDetails(model));
      return;
    }
    for (Figure fact : List.of(SummaryFacts.auc(model), SummaryFacts.likelyToReturn(model),
        SummaryFacts.trainedOn(model))) {
      md.append("- ").append(escape(fact.label())).append(": **").append(escape(fact.value())).append("**");
      md.append(fact.detail().isEmpty() ? "" : " (" + escape(fact.detail()) + ")").append('\n');
    }
    List<String> drivers = SummaryFacts.drivers(model);
    if (!drivers.isEmpty()) {
      md.append("- What moves the odds: ").append(escape(String.join("; ", drivers))).append('\n');
    }
    md.append('\n');
  }

  private static void whySuccessfulUsersSucceed(StringBuilder md, JsonNode summary) {
    md.append("## Why successful users succeed\n\n");
    answer(md, summary, "why_successful_users_succeed");
    JsonNode success = summary.path("success");
    JsonNode differences = success.path("differences");
    if (differences.isEmpty()) {
      md.append('_').append(escape(SummaryFacts.NO_SUCCESS)).append("_\n\n");
      return;
    }
    row(md, "Per user, on average", SummaryFacts.successColumn("Successful", success.path("successful_users")),
        SummaryFacts.successColumn("Others", success.path("other_users")));
    md.append("|---|---:|---:|\n");
    for (JsonNode difference : differences) {
      String metric = SummaryFacts.text(difference.path("metric"));
      row(md, SummaryFacts.metricLabel(metric), Figures.metricValue(metric, difference.path("successful")),
          Figures.metricValue(metric, difference.path("others")));
    }
    String definition = SummaryFacts.successDefinition(success);
    if (!definition.isEmpty()) {
      md.append('\n').append(escape(definition)).append('\n');
    }
    md.append('\n');
  }

  private static void personas(StringBuilder md, JsonNode summary) {
    md.append("## Personas\n\n");
    answer(md, summary, "personas");
    JsonNode personas = summary.path("personas");
    if (personas.isEmpty()) {
      md.append('_').append(escape(SummaryFacts.noPersonas(summary))).append("_\n\n");
      return;
    }
    md.append("| Persona | Users | Share of active users | Drift | Came back, of its users |")
        .append(" Hit the credit limit, of its users | Willing to pay, of its analysed users |\n")
        .append("|---|---:|---:|---|---:|---:|---|\n");
    for (JsonNode persona : personas) {
      row(md, SummaryFacts.text(persona.path("name")), Figures.number(persona.path("users")),
          Figures.percent(persona.path("share")), SummaryFacts.text(persona.path("drift")),
          Figures.percent(persona.path("return_rate")), Figures.percent(persona.path("credit_exhaustion")),
          SummaryFacts.payMix(persona.path("pay_signal")));
    }
    md.append('\n');
  }

  private static void keyRates(StringBuilder md, JsonNode summary) {
    md.append("## Key rates\n\n");
    List<Figure> rates = SummaryFacts.keyRates(summary);
    List<String> unknown = SummaryFacts.unknownRates(summary);
    if (rates.isEmpty() && unknown.isEmpty()) {
      md.append("_No value or pay signals in this summary._\n\n");
      return;
    }
    if (!rates.isEmpty()) {
      md.append("| Signal | Value | Based on |\n|---|---:|---|\n");
      for (Figure rate : rates) {
        row(md, rate.label(), rate.value(), rate.detail());
      }
      md.append('\n');
    }
    for (String sentence : unknown) {
      md.append(escape(sentence)).append("\n\n");
    }
    estimates(md, summary.path("estimates").path("rates"));
  }

  /** Sampled days (tiers C and D) estimate their rates; the interval says how far to trust them. */
  private static void estimates(StringBuilder md, JsonNode rates) {
    if (rates.isEmpty() || SummaryFacts.census(rates)) {
      return;
    }
    md.append("Estimated from the sample:\n\n");
    row(md, SummaryFacts.estimatesBase(rates), "Estimate", "95% interval", "Exact");
    md.append("|---|---:|---:|---:|\n");
    for (Map.Entry<String, JsonNode> rate : SummaryFacts.estimatedRates(rates)) {
      JsonNode estimate = rate.getValue();
      row(md, SummaryFacts.estimateLabel(rate.getKey()), Figures.percent(estimate.path("estimate")),
          Figures.interval(estimate.path("ci95").path(0), estimate.path("ci95").path(1)),
          Figures.percent(estimate.path("census")));
    }
    md.append('\n');
  }

  private static void themes(StringBuilder md, JsonNode summary) {
    md.append("## Themes\n\n");
    JsonNode themes = summary.path("themes");
    String base = SummaryFacts.themeBase(summary);
    // No friction theme is said in the top 3; here only what is left to say.
    if (themes.path("frictions").isEmpty() && themes.path("use_cases").isEmpty()) {
      md.append('_').append(escape(SummaryFacts.noThemes(summary))).append("_\n\n");
    } else {
      themeTable(md, "Where users get stuck", themes.path("frictions"), true, base);
      if (themes.path("use_cases").isEmpty()) {
        md.append("**What users try to do**\n\n_").append(escape(SummaryFacts.noUseCases(summary))).append("_\n\n");
      }
      themeTable(md, "What users try to do", themes.path("use_cases"), false, base);
    }
    String other = SummaryFacts.otherThemes(summary);
    if (!other.isEmpty()) {
      md.append(escape(other)).append("\n\n");
    }
    discovered(md, themes);
  }

  /**
   * The frictions found in what users wrote: offline they are the table above, so only how; beside an LLM's themes, a
   * list of their own, and the LLM themes nothing users wrote today is near.
   */
  private static void discovered(StringBuilder md, JsonNode themes) {
    JsonNode d = themes.path("discovered");
    if (d.isMissingNode()) {
      return;
    }
    boolean beside = !d.path("method").asText().equals(themes.path("method").asText());
    md.append("_Themes ").append(beside ? "found in what users wrote (beside the model's)" : "found in what users wrote")
        .append(": from ").append(Figures.number(d.path("lines"))).append(" lines of ")
        .append(Figures.number(d.path("users"))).append(" users._\n\n");
    if (beside) {
      for (JsonNode f : d.path("frictions")) {
        md.append("- ").append(escape(SummaryFacts.text(f.path("theme")))).append(": ")
            .append(Figures.number(f.path("users"))).append(" users, ")
            .append(Figures.percent(f.path("after_trouble"))).append(" of their lines right after trouble (day ")
            .append(Figures.percent(f.path("after_trouble_baseline"))).append(")\n");
      }
      List<String> unsupported = new java.util.ArrayList<>();
      for (String kind : List.of("frictions", "use_cases")) {
        for (JsonNode t : themes.path(kind)) {
          if (t.has("written_support") && t.get("written_support").isNull()) {
            unsupported.add(SummaryFacts.text(t.path("theme")));
          }
        }
      }
      if (!unsupported.isEmpty()) {
        md.append("\nNothing users wrote today is near these model themes: ")
            .append(escape(String.join("; ", unsupported))).append(".\n");
      }
      md.append('\n');
    }
  }

  /** Themes as a table whose header names the share's base once, rather than a list repeating it on every line. */
  private static void themeTable(StringBuilder md, String heading, JsonNode themes, boolean frictions, String base) {
    if (themes.isEmpty()) {
      return;
    }
    md.append("**").append(heading).append("**\n\n");
    boolean causes = frictions && SummaryFacts.anyCause(themes);
    if (causes) {
      row(md, "Theme", "Cause", "Users", "Share of " + base);
      md.append("|---|---|---:|---:|\n");
    } else {
      row(md, "Theme", "Users", "Share of " + base);
      md.append("|---|---:|---:|\n");
    }
    for (JsonNode theme : themes) {
      String name = SummaryFacts.text(theme.path("theme"));
      String users = Figures.number(theme.path("users"));
      String share = Figures.percent(theme.path("share"));
      if (causes) {
        row(md, name, SummaryFacts.cause(theme), users, share);
      } else {
        row(md, name, users, share);
      }
    }
    md.append('\n');
  }

  private static void funnel(StringBuilder md, JsonNode summary) {
    List<SummaryFacts.FunnelStep> steps = SummaryFacts.funnel(summary.path("funnel"));
    md.append("## Funnel\n\n");
    if (steps.isEmpty()) {
      md.append('_').append(escape(SummaryFacts.NO_FUNNEL)).append("_\n\n");
      return;
    }
    md.append("| Step | Users | Of active users |\n|---|---:|---:|\n");
    for (SummaryFacts.FunnelStep step : steps) {
      row(md, SummaryFacts.capitalised(step.step()), Figures.number(step.users()), Figures.percent(step.ofFirst()));
    }
    md.append('\n');
  }

  private static void answer(StringBuilder md, JsonNode summary, String question) {
    if (SummaryFacts.leadsWithAnswer(summary, question)) {
      md.append(escape(SummaryFacts.text(summary.path("answers").path(question)))).append("\n\n");
    }
  }

  private static void bullets(StringBuilder md, List<String> items) {
    for (String item : items) {
      md.append("- ").append(escape(item)).append('\n');
    }
    if (!items.isEmpty()) {
      md.append('\n');
    }
  }

  private static void row(StringBuilder md, String... cells) {
    md.append('|');
    for (String cell : cells) {
      md.append(' ').append(escape(cell)).append(" |");
    }
    md.append('\n');
  }

  /**
   * Backslash-escapes what Markdown would read as markup (CommonMark allows it before any ASCII punctuation): emphasis,
   * code, links and cell bars always, {@code <} where it could open a tag, {@code #} and {@code >} where they could
   * open a heading or a quote. So {@code <script>} stays text and {@code |} stays inside its cell; lines are joined.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
      if (c == '\n' || c == '\r') {
        out.append(' ');
      } else if ("\\`*_[]|~".indexOf(c) >= 0
          || (c == '<' && (Character.isLetter(next) || "/!?".indexOf(next) >= 0))
          || (i == 0 && (c == '#' || c == '>'))) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
