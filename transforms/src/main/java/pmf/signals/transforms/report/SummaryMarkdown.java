package pmf.signals.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import pmf.signals.transforms.report.SummaryFacts.Figure;

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
    for (JsonNode note : summary.path("notes")) {
      md.append("> **Note:** ").append(escape(note.asText())).append("\n\n");
    }
    md.append(escape(SummaryFacts.usersLine(summary))).append(".\n");
    String tier = SummaryFacts.tierLine(summary);
    if (!tier.isEmpty()) {
      md.append(escape(tier)).append(".\n");
    }
    md.append('\n');
    topToBuild(md, summary);
    whoWillReturn(md, summary);
    whySuccessfulUsersSucceed(md, summary);
    personas(md, summary);
    keyRates(md, summary);
    themes(md, summary);
    funnel(md, summary);
    md.append("---\n\n").append(escape(SummaryFacts.privacyNote(summary))).append('\n');
    return md.toString();
  }

  private static void topToBuild(StringBuilder md, JsonNode summary) {
    md.append("## Top 3 things to build\n\n");
    answer(md, summary, "top_3_to_build");
    JsonNode top = summary.path("top_to_build");
    if (top.isEmpty()) {
      md.append('_').append(escape(SummaryFacts.noTopToBuild(summary))).append("_\n\n");
      return;
    }
    for (int i = 0; i < Math.min(3, top.size()); i++) {
      JsonNode item = top.get(i);
      String rank = item.path("rank").isNumber() ? Figures.number(item.path("rank")) : String.valueOf(i + 1);
      md.append(rank).append(". **").append(escape(SummaryFacts.capitalised(SummaryFacts.text(item.path("theme")))))
          .append("**");
      String why = SummaryFacts.text(item.path("why"));
      if (!why.isEmpty()) {
        md.append(" — ").append(escape(why));
      }
      List<String> evidence = SummaryFacts.evidence(item.path("evidence"));
      if (!evidence.isEmpty()) {
        md.append("\n   Evidence: ").append(escape(String.join("; ", evidence))).append('.');
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
    String counts = SummaryFacts.successCounts(success);
    if (!counts.isEmpty()) {
      md.append(escape(counts)).append(" today.\n\n");
    }
    md.append("| Metric | Successful | Others |\n|---|---:|---:|\n");
    for (JsonNode difference : differences) {
      String metric = SummaryFacts.text(difference.path("metric"));
      row(md, SummaryFacts.capitalised(metric), Figures.metricValue(metric, difference.path("successful")),
          Figures.metricValue(metric, difference.path("others")));
    }
    String definition = SummaryFacts.text(success.path("definition"));
    if (!definition.isEmpty()) {
      md.append("\nSuccessful means: ").append(escape(definition)).append(".\n");
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
    md.append("| Persona | Users | Share | Drift | Return | Credit limit | Willing to pay |\n")
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
    List<Figure> rates = SummaryFacts.keyRates(summary.path("value"));
    if (rates.isEmpty()) {
      md.append("_No value or pay signals in this summary._\n\n");
      return;
    }
    md.append("| Signal | Value | Based on |\n|---|---:|---|\n");
    for (Figure rate : rates) {
      row(md, rate.label(), rate.value(), rate.detail());
    }
    md.append('\n');
    JsonNode estimates = summary.path("estimates").path("rates");
    if (!estimates.isEmpty()) {
      md.append("Estimated from the sample (95% interval):\n\n| Rate | Estimate | 95% interval | Exact |\n")
          .append("|---|---:|---:|---:|\n");
      for (Iterator<Map.Entry<String, JsonNode>> it = estimates.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> rate = it.next();
        JsonNode estimate = rate.getValue();
        row(md, SummaryFacts.capitalised(SummaryFacts.words(rate.getKey())), Figures.percent(estimate.path("estimate")),
            Figures.percent(estimate.path("ci95").path(0)) + " – " + Figures.percent(estimate.path("ci95").path(1)),
            Figures.percent(estimate.path("census")));
      }
      md.append('\n');
    }
  }

  private static void themes(StringBuilder md, JsonNode summary) {
    md.append("## Themes\n\n");
    JsonNode themes = summary.path("themes");
    themeList(md, "Where users get stuck", themes.path("frictions"), SummaryFacts.noThemes("friction", summary));
    themeList(md, "What users try to do", themes.path("use_cases"), SummaryFacts.noThemes("use-case", summary));
    String other = SummaryFacts.otherThemes(summary);
    if (!other.isEmpty()) {
      md.append(escape(other)).append("\n\n");
    }
  }

  private static void themeList(StringBuilder md, String heading, JsonNode themes, String none) {
    md.append("**").append(heading).append("**\n\n");
    if (themes.isEmpty()) {
      md.append('_').append(escape(none)).append("_\n\n");
      return;
    }
    for (JsonNode theme : themes) {
      String cause = SummaryFacts.cause(theme);
      md.append("- ").append(escape(SummaryFacts.text(theme.path("theme"))))
          .append(cause.isEmpty() ? "" : " (" + escape(cause) + ")").append(": ")
          .append(escape(Figures.number(theme.path("users")))).append(" users (")
          .append(escape(Figures.percent(theme.path("share")))).append(")\n");
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
    String answer = SummaryFacts.text(summary.path("answers").path(question));
    if (!answer.isEmpty()) {
      md.append(escape(answer)).append("\n\n");
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
