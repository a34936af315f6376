package pmf.signals.report;

import static pmf.signals.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pmf.signals.report.SummaryFacts.Figure;

/**
 * report.html: the day's summary as one self-contained page a product team reads — no network at all (inline CSS,
 * charts as inline SVG), every string from the summary escaped, every missing part said in words, and each fact once
 * with what it counts and of what base (the wording rules in {@link SummaryFacts}).
 *
 * <pre>{@code
 * Files.writeString(dayDir.resolve("report.html"), ReportHtml.render(Json.tree(summaryJson)));
 * }</pre>
 */
public final class ReportHtml {
  private ReportHtml() {}

  public static String render(JsonNode summary) {
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(SummaryFacts.title(summary))).append("</title>\n")
        .append("<style>").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
    header(page, summary);
    warning(page, summary);
    dayNotice(page, summary);
    if (!SummaryFacts.emptyDay(summary)) {
      measuredDay(page, summary);
    } else if (!summary.path("trends").isEmpty()) {
      trends(page, summary); // the days before still have their lines
    }
    footer(page, summary);
    return page.append("</main>\n</body>\n</html>\n").toString();
  }

  /** Every card of a day someone was active on; the parts that name groups only when it names any. */
  private static void measuredDay(StringBuilder page, JsonNode summary) {
    boolean named = SummaryFacts.dayNotice(summary).isEmpty();
    keyFigures(page, summary);
    if (named) {
      topToBuild(page, summary);
    }
    page.append("<div class=\"pair\">\n");
    whoWillReturn(page, summary);
    whySuccessfulUsersSucceed(page, summary);
    page.append("</div>\n");
    if (named) {
      personas(page, summary);
    }
    trends(page, summary);
    // Top-aligned: the funnel is shorter than the rates beside it and should not stretch into an empty card.
    page.append("<div class=\"pair top-aligned\">\n");
    funnel(page, summary);
    keyRates(page, summary);
    page.append("</div>\n");
    if (named) {
      themes(page, summary);
    }
  }

  private static void header(StringBuilder page, JsonNode summary) {
    page.append("<header>\n<p class=\"kicker\">pmf-signals · daily report</p>\n<h1>")
        .append(escape(SummaryFacts.title(summary))).append("</h1>\n");
    // The tier's long reason is in the footer; the header only names it.
    String tier = SummaryFacts.emptyDay(summary) ? "" : SummaryFacts.tierName(summary);
    String meta = String.join(" · ", nonEmpty(SummaryFacts.usersLine(summary), tier));
    page.append("<p class=\"meta\">").append(escape(meta)).append("</p>\n</header>\n");
  }

  /** The offline-analyzer warning sits above everything: insights from rules must never pass for an LLM's reading. */
  private static void warning(StringBuilder page, JsonNode summary) {
    String warning = SummaryFacts.text(summary.path("warning"));
    if (!warning.isEmpty()) {
      page.append("<div class=\"warning\" role=\"alert\"><strong>Warning</strong> ")
          .append(escape(warning)).append("</div>\n");
    }
    for (String note : SummaryFacts.notes(summary)) {
      page.append("<div class=\"warning notice\"><strong>Note</strong> ").append(escape(note)).append("</div>\n");
    }
  }

  /** A day too small to describe says so once, here, and leaves out the parts it has nothing for. */
  private static void dayNotice(StringBuilder page, JsonNode summary) {
    String notice = SummaryFacts.dayNotice(summary);
    if (!notice.isEmpty()) {
      page.append("<p class=\"empty day-notice\">").append(escape(notice)).append("</p>\n");
    }
  }

  private static void keyFigures(StringBuilder page, JsonNode summary) {
    JsonNode users = summary.path("users");
    JsonNode value = summary.path("value");
    page.append("<div class=\"kpis\">\n");
    kpi(page, "Active users", Figures.number(users.path("active")),
        users.path("new").isNumber() ? Figures.number(users.path("new")) + " new" : "");
    kpi(page, "Back within 7 days", Figures.percent(value.path("return_d7").path("rate")),
        ofUsers(value.path("return_d7")));
    kpi(page, "Hit the credit limit", Figures.percent(value.path("credit_exhaustion").path("rate")),
        ofUsers(value.path("credit_exhaustion")));
    kpi(page, "Jobs that succeeded", Figures.percent(value.path("job_success_rate")), SummaryFacts.jobsBase(value));
    JsonNode returnModel = summary.path("return_model");
    if (SummaryFacts.returnModelTrained(returnModel)) {
      kpi(page, "Likely back within 7 days", Figures.number(returnModel.path("likely_to_return").path("users")),
          SummaryFacts.likelyShare(returnModel));
    }
    String shares = value.path("shares_per_active_user").isNumber()
        ? Figures.number(value.path("shares_per_active_user")) + " shares per active user" : "";
    kpi(page, "Downloads per active user", Figures.number(value.path("downloads_per_active_user")), shares);
    page.append("</div>\n");
  }

  /** "201 of 648 users": what a tile's rate counts, and of how many. */
  private static String ofUsers(JsonNode rate) {
    return rate.path("users").isNumber() && rate.path("of").isNumber()
        ? Figures.number(rate.path("users")) + " of " + Figures.number(rate.path("of")) + " users" : "";
  }

  /** A tile per headline figure; a figure the summary lacks gets no tile (its section says why). */
  private static void kpi(StringBuilder page, String label, String value, String detail) {
    if (value.equals(Figures.UNKNOWN)) {
      return;
    }
    page.append("<div class=\"kpi\"><div class=\"kpi-label\">").append(escape(label))
        .append("</div><div class=\"kpi-value\">").append(escape(value)).append("</div>");
    if (!detail.isEmpty()) {
      page.append("<div class=\"kpi-detail\">").append(escape(detail)).append("</div>");
    }
    page.append("</div>\n");
  }

  private static void topToBuild(StringBuilder page, JsonNode summary) {
    openSection(page, "top-to-build", "Top 3 things to build");
    JsonNode top = summary.path("top_to_build");
    if (top.isEmpty()) {
      empty(page, SummaryFacts.noTopToBuild(summary));
    } else {
      page.append("<ol class=\"build\">\n");
      String base = SummaryFacts.themeBase(summary);
      for (int i = 0; i < Math.min(3, top.size()); i++) {
        buildItem(page, top.get(i), i + 1, base);
      }
      page.append("</ol>\n");
    }
    closeSection(page);
  }

  /** A thing to build: its theme and its evidence in one sentence (the "why" restates the same evidence). */
  private static void buildItem(StringBuilder page, JsonNode item, int position, String themeBase) {
    String rank = item.path("rank").isNumber() ? Figures.number(item.path("rank")) : String.valueOf(position);
    page.append("<li><div class=\"rank\">").append(escape(rank)).append("</div><div>")
        .append("<h3>").append(escape(SummaryFacts.capitalised(SummaryFacts.text(item.path("theme"))))).append("</h3>");
    String evidence = SummaryFacts.evidenceSentence(item.path("evidence"), themeBase);
    if (!evidence.isEmpty()) {
      page.append("<p>").append(escape(evidence)).append("</p>");
    }
    if (item.path("score").isNumber()) {
      page.append("<ul class=\"chips\"><li class=\"chip muted\">evidence score ")
          .append(escape(Figures.score(item.path("score")))).append("</li></ul>");
    }
    page.append("</div></li>\n");
  }

  private static void whoWillReturn(StringBuilder page, JsonNode summary) {
    openSection(page, "who-will-return", "Who will return");
    answer(page, summary, "who_will_return");
    JsonNode model = summary.path("return_model");
    if (!SummaryFacts.returnModelTrained(model)) {
      empty(page, SummaryFacts.returnModelNotTrained(model));
      list(page, SummaryFacts.returnModelDetails(model), "details");
    } else {
      page.append("<dl class=\"facts\">\n");
      fact(page, SummaryFacts.auc(model));
      fact(page, SummaryFacts.likelyToReturn(model));
      page.append("</dl>\n");
      Figure trained = SummaryFacts.trainedOn(model);
      page.append("<p class=\"small\">").append(escape(trained.label() + " " + trained.value()
          + (trained.detail().isEmpty() ? "" : " (" + trained.detail() + ")"))).append(".</p>\n");
      List<String> drivers = SummaryFacts.drivers(model);
      if (!drivers.isEmpty()) {
        page.append("<h3>What moves the odds</h3>\n");
        list(page, drivers, "drivers");
      }
    }
    closeSection(page); // the method is among the footnotes
  }

  private static void fact(StringBuilder page, Figure figure) {
    page.append("<div><dt>").append(escape(figure.label())).append("</dt><dd><span class=\"fact-value\">")
        .append(escape(figure.value())).append("</span>");
    if (!figure.detail().isEmpty()) {
      page.append(" <span class=\"fact-detail\">").append(escape(figure.detail())).append("</span>");
    }
    page.append("</dd></div>\n");
  }

  private static void whySuccessfulUsersSucceed(StringBuilder page, JsonNode summary) {
    openSection(page, "why-success", "Why successful users succeed");
    answer(page, summary, "why_successful_users_succeed");
    JsonNode success = summary.path("success");
    JsonNode differences = success.path("differences");
    if (differences.isEmpty()) {
      empty(page, SummaryFacts.NO_SUCCESS);
    } else {
      // The group sizes head the columns, so no sentence restates them.
      page.append("<table><thead><tr><th>Per user, on average</th><th class=\"num\">")
          .append(escape(SummaryFacts.successColumn("Successful", success.path("successful_users"))))
          .append("</th><th class=\"num\">")
          .append(escape(SummaryFacts.successColumn("Others", success.path("other_users"))))
          .append("</th></tr></thead><tbody>\n");
      for (JsonNode difference : differences) {
        String metric = SummaryFacts.text(difference.path("metric"));
        page.append("<tr><td>").append(escape(SummaryFacts.metricLabel(metric))).append("</td>")
            .append(numberCell(Figures.metricValue(metric, difference.path("successful"))))
            .append(numberCell(Figures.metricValue(metric, difference.path("others")))).append("</tr>\n");
      }
      page.append("</tbody></table>\n");
    }
    note(page, SummaryFacts.successDefinition(success));
    closeSection(page);
  }

  private static void personas(StringBuilder page, JsonNode summary) {
    openSection(page, "personas", "Personas");
    answer(page, summary, "personas");
    JsonNode personas = summary.path("personas");
    String chart = ReportCharts.personas(personas);
    if (chart.isEmpty()) {
      empty(page, SummaryFacts.noPersonas(summary));
    } else {
      page.append(chart).append('\n');
      personaTable(page, personas);
    }
    closeSection(page);
  }

  private static void personaTable(StringBuilder page, JsonNode personas) {
    page.append("<table><thead><tr><th>Persona</th><th class=\"num\">Users</th>")
        .append("<th class=\"num\">Share of active users</th><th>Drift</th>")
        .append("<th class=\"num\">Came back, of its users</th>")
        .append("<th class=\"num\">Hit the credit limit, of its users</th>")
        .append("<th>Willing to pay, of its analysed users</th></tr></thead><tbody>\n");
    for (JsonNode persona : personas) {
      page.append("<tr><td><strong>").append(escape(SummaryFacts.text(persona.path("name")))).append("</strong>");
      String description = SummaryFacts.personaDescription(persona);
      if (!description.isEmpty()) {
        page.append("<div class=\"small\">").append(escape(description)).append("</div>");
      }
      page.append("</td>")
          .append(numberCell(Figures.number(persona.path("users"))))
          .append(numberCell(Figures.percent(persona.path("share"))))
          .append("<td>").append(escape(SummaryFacts.text(persona.path("drift")))).append("</td>")
          .append(numberCell(Figures.percent(persona.path("return_rate"))))
          .append(numberCell(Figures.percent(persona.path("credit_exhaustion"))))
          .append("<td class=\"small\">").append(escape(SummaryFacts.payMix(persona.path("pay_signal"))))
          .append("</td></tr>\n");
    }
    page.append("</tbody></table>\n");
  }

  private static void trends(StringBuilder page, JsonNode summary) {
    openSection(page, "trends", "Trends");
    JsonNode trends = summary.path("trends");
    String chart = ReportCharts.trends(trends);
    if (chart.isEmpty()) {
      empty(page, SummaryFacts.NO_TRENDS);
    } else {
      page.append(chart).append('\n');
      if (trends.size() == 1) {
        note(page, "One day so far: the lines start with the second day.");
      }
    }
    closeSection(page);
  }

  private static void funnel(StringBuilder page, JsonNode summary) {
    openSection(page, "funnel", "Funnel");
    String chart = ReportCharts.funnel(summary.path("funnel"));
    if (chart.isEmpty()) {
      empty(page, SummaryFacts.NO_FUNNEL);
    } else {
      page.append("<p class=\"note\">Users at each step; percentages are of the day's active users.</p>\n")
          .append(chart).append('\n');
    }
    closeSection(page);
  }

  private static void themes(StringBuilder page, JsonNode summary) {
    openSection(page, "themes", "Themes: what users try to do, and where they get stuck");
    JsonNode themes = summary.path("themes");
    String chart = ReportCharts.themes(themes);
    if (chart.isEmpty()) {
      empty(page, SummaryFacts.noThemes(summary));
    } else {
      page.append("<p class=\"note\">Distinct users per theme; similar phrases from many users grouped by meaning.")
          .append("</p>\n")
          .append(chart).append('\n');
      String base = SummaryFacts.themeBase(summary);
      themeTable(page, "Friction themes in detail", themes.path("frictions"), true, base);
      themeTable(page, "Use-case themes in detail", themes.path("use_cases"), false, base);
    }
    discovered(page, themes);
    note(page, SummaryFacts.otherThemes(summary));
    closeSection(page);
  }

  private static void themeTable(StringBuilder page, String caption, JsonNode themes, boolean frictions,
      String base) {
    if (themes.isEmpty()) {
      return;
    }
    page.append("<h3>").append(escape(caption)).append("</h3>\n<table><thead><tr><th>Theme</th>")
        .append("<th class=\"num\">Users</th><th class=\"num\">Share of ").append(escape(base)).append("</th>");
    boolean causes = frictions && SummaryFacts.anyCause(themes);
    if (causes) {
      page.append("<th>Cause</th>");
    }
    if (frictions) {
      page.append("<th class=\"num\">Held back</th><th class=\"num\">Credits burnt</th>")
          .append("<th class=\"num\">Frustration (1–5)</th><th class=\"num\">Gave up after</th>");
    }
    page.append("<th>Share of consenting users, recent days</th></tr></thead><tbody>\n");
    for (JsonNode theme : themes) {
      page.append("<tr><td>").append(escape(SummaryFacts.text(theme.path("theme"))));
      String labels = otherLabels(theme);
      if (!labels.isEmpty()) {
        page.append("<div class=\"small\">from: ").append(escape(labels)).append("</div>");
      }
      String written = writtenNote(theme);
      if (!written.isEmpty()) {
        page.append("<div class=\"small\">").append(escape(written)).append("</div>");
      }
      page.append("</td>").append(numberCell(Figures.number(theme.path("users"))))
          .append(numberCell(Figures.percent(theme.path("share"))));
      if (causes) {
        page.append("<td>").append(escape(SummaryFacts.cause(theme))).append("</td>");
      }
      if (frictions) {
        page.append(numberCell(Figures.number(theme.path("held_back"))))
            .append(numberCell(Figures.number(theme.path("credits_burnt"))))
            .append(numberCell(Figures.number(theme.path("mean_frustration"))))
            .append(numberCell(Figures.number(theme.path("abandoned_after"))));
      }
      page.append("<td class=\"small nowrap\">").append(escape(shareTrend(theme.path("trend")))).append("</td></tr>\n");
    }
    page.append("</tbody></table>\n");
  }

  /** An LLM theme's check against what users wrote: said only when nothing they wrote today supports it. */
  private static String writtenNote(JsonNode theme) {
    return theme.has("written_support") && theme.get("written_support").isNull()
        ? "nothing users wrote today is near this theme (checked against the themes found in their words)" : "";
  }

  /**
   * The themes found in what users wrote. Offline they are the tables above, so only how they were found and the
   * rules' hints are added; beside an LLM's themes they get their own table.
   */
  private static void discovered(StringBuilder page, JsonNode themes) {
    JsonNode d = themes.path("discovered");
    if (d.isMissingNode()) {
      return;
    }
    boolean beside = !d.path("method").asText().equals(themes.path("method").asText());
    page.append("<h3>").append(escape(beside ? "Found in what users wrote, beside the model's themes"
        : "How these themes were found")).append("</h3>\n");
    note(page, String.format(Locale.ROOT, "From %s lines of %s users: %s.", Figures.number(d.path("lines")),
        Figures.number(d.path("users")), SummaryFacts.text(d.path("method"))));
    JsonNode frictions = d.path("frictions");
    if (frictions.isEmpty()) {
      return;
    }
    page.append("<table><thead><tr><th>Friction found in users' words</th><th class=\"num\">Users</th>")
        .append("<th class=\"num\">Lines right after trouble</th><th class=\"num\">Lines that ended a conversation</th>")
        .append("<th class=\"num\">Users who came back</th><th>Rules' hint</th></tr></thead><tbody>\n");
    for (JsonNode f : frictions) {
      page.append("<tr><td>").append(escape(SummaryFacts.text(f.path("theme")))).append("</td>")
          .append(numberCell(Figures.number(f.path("users"))))
          .append(numberCell(Figures.percent(f.path("after_trouble")) + " (day " + Figures.percent(f.path("after_trouble_baseline")) + ")"))
          .append(numberCell(Figures.percent(f.path("left")) + " (day " + Figures.percent(f.path("left_baseline")) + ")"))
          .append(numberCell(Figures.percent(f.path("returned")) + " (day " + Figures.percent(f.path("returned_baseline")) + ")"))
          .append("<td>").append(escape(SummaryFacts.text(f.path("rule_hint")))).append("</td></tr>\n");
    }
    page.append("</tbody></table>\n");
  }

  /** The phrases grouped into a theme, less the one that names it. */
  private static String otherLabels(JsonNode theme) {
    String name = SummaryFacts.text(theme.path("theme"));
    StringBuilder joined = new StringBuilder();
    for (JsonNode label : theme.path("labels")) {
      String text = SummaryFacts.text(label);
      if (!text.isEmpty() && !text.equalsIgnoreCase(name)) {
        joined.append(joined.length() == 0 ? "" : "; ").append(text);
      }
    }
    return joined.toString();
  }

  /** "12% → 14%" over the theme's recent days, or a dash before it has any. */
  static String shareTrend(JsonNode trend) {
    StringBuilder text = new StringBuilder();
    for (JsonNode day : trend) {
      text.append(text.length() == 0 ? "" : " → ").append(Figures.percent(day.path("share")));
    }
    return text.length() == 0 ? "no history yet" : text.toString();
  }

  private static void keyRates(StringBuilder page, JsonNode summary) {
    openSection(page, "key-rates", "Key rates");
    List<Figure> rates = SummaryFacts.keyRates(summary);
    if (rates.isEmpty() && SummaryFacts.unknownRates(summary).isEmpty()) {
      empty(page, "No value or pay signals in this summary.");
    } else if (!rates.isEmpty()) {
      page.append("<table><thead><tr><th>Signal</th><th class=\"num\">Value</th></tr></thead><tbody>\n");
      for (Figure rate : rates) {
        page.append("<tr><td>").append(escape(rate.label()));
        if (!rate.detail().isEmpty()) {
          page.append("<div class=\"small\">").append(escape(rate.detail())).append("</div>");
        }
        page.append("</td>").append(numberCell(rate.value())).append("</tr>\n");
      }
      page.append("</tbody></table>\n");
    }
    SummaryFacts.unknownRates(summary).forEach(sentence -> note(page, sentence));
    estimates(page, summary.path("estimates"));
    closeSection(page);
  }

  /** Sampled days (tiers C and D) estimate their rates; the interval says how far to trust them. */
  private static void estimates(StringBuilder page, JsonNode estimates) {
    JsonNode rates = estimates.path("rates");
    if (rates.isEmpty() || SummaryFacts.census(rates)) {
      return;
    }
    page.append("<h3>Estimated from the sample</h3>\n<table><thead><tr><th>")
        .append(escape(SummaryFacts.estimatesBase(rates))).append("</th><th class=\"num\">Estimate</th>")
        .append("<th class=\"num\">95% interval</th><th class=\"num\">Sampled users</th><th class=\"num\">Exact</th>")
        .append("</tr></thead><tbody>\n");
    for (Map.Entry<String, JsonNode> rate : SummaryFacts.estimatedRates(rates)) {
      JsonNode estimate = rate.getValue();
      page.append("<tr><td>").append(escape(SummaryFacts.estimateLabel(rate.getKey()))).append("</td>")
          .append(numberCell(Figures.percent(estimate.path("estimate"))))
          .append(numberCell(Figures.interval(estimate.path("ci95").path(0), estimate.path("ci95").path(1))))
          .append(numberCell(Figures.number(estimate.path("sampled"))))
          .append(numberCell(Figures.percent(estimate.path("census")))).append("</tr>\n");
    }
    page.append("</tbody></table>\n");
  }

  private static void footer(StringBuilder page, JsonNode summary) {
    page.append("<footer>\n<h2>How these numbers were made</h2>\n<dl class=\"methods\">\n");
    for (Figure method : SummaryFacts.methods(summary)) {
      page.append("<dt>").append(escape(method.label())).append("</dt><dd>").append(escape(method.value()))
          .append("</dd>\n");
    }
    page.append("</dl>\n<p>").append(escape(SummaryFacts.privacyNote(summary)))
        .append(" This page is one self-contained file: it loads nothing from the network.</p>\n</footer>\n");
  }

  private static void openSection(StringBuilder page, String id, String heading) {
    page.append("<section class=\"card\" id=\"").append(id).append("\">\n<h2>").append(escape(heading))
        .append("</h2>\n");
  }

  private static void closeSection(StringBuilder page) {
    page.append("</section>\n");
  }

  /** The summary's own answer to one of the seed's questions, in plain words, above the numbers behind it. */
  private static void answer(StringBuilder page, JsonNode summary, String question) {
    if (SummaryFacts.leadsWithAnswer(summary, question)) {
      page.append("<p class=\"answer\">").append(escape(SummaryFacts.text(summary.path("answers").path(question))))
          .append("</p>\n");
    }
  }

  private static List<String> nonEmpty(String... parts) {
    return java.util.Arrays.stream(parts).filter(part -> !part.isEmpty()).toList();
  }

  private static void empty(StringBuilder page, String sentence) {
    page.append("<p class=\"empty\">").append(escape(sentence)).append("</p>\n");
  }

  private static void note(StringBuilder page, String text) {
    if (!text.isEmpty()) {
      page.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    }
  }

  private static void list(StringBuilder page, List<String> items, String cssClass) {
    if (items.isEmpty()) {
      return;
    }
    page.append("<ul class=\"").append(cssClass).append("\">");
    for (String item : items) {
      page.append("<li>").append(escape(item)).append("</li>");
    }
    page.append("</ul>\n");
  }

  private static String numberCell(String figure) {
    return "<td class=\"num\">" + escape(figure) + "</td>";
  }
}
