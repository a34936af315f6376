package pmf.signals.report;

import static pmf.signals.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import pmf.signals.report.SvgLineChart.Panel;
import pmf.signals.report.SvgLineChart.Series;

/**
 * index.html: every analysed date on one self-contained page — a header saying how many dates and who analysed
 * them, trend charts over the whole range, and a row per date (newest first) linking to that date's report.html.
 * Same rules as the day's report: no network, every string escaped, no group under the day's k named.
 *
 * <pre>{@code
 * Files.writeString(outputDir.resolve("index.html"), IndexHtml.render(days));
 * }</pre>
 */
public final class IndexHtml {
  private IndexHtml() {}

  public static final String TITLE = "pmf-signals — all analysed dates";

  /** The top-level parts of a day's summary this page reads; a caller may hand over only these. */
  public static final List<String> SUMMARY_FIELDS =
      List.of("analysis_date", "analyzer", "warning", "min_group_users", "users", "value", "themes");

  /**
   * One analysed date: its row of {@code daily_summary}, and whether {@code DATE/report.html} sits beside the index
   * (a date is linked only then, so no link points nowhere).
   */
  public record Day(LocalDate date, JsonNode summary, boolean hasReport) {
    public Day {
      if (date == null) {
        throw new IllegalArgumentException("a day needs its date");
      }
      summary = summary == null ? JsonNodeFactory.instance.objectNode() : summary;
    }
  }

  static final String NO_DATES = "No analysed dates yet: the first daily run adds its date here.";
  static final String ONE_DATE_TRENDS = "Trend charts start with the second analysed date.";

  /** Extra rules on top of the report's stylesheet: links, the per-date warning marker, a table that fits its card. */
  private static final String CSS = ReportStyle.CSS + """
      a { color: #1d4ed8; }
      .marker { display: inline-block; margin-left: 6px; padding: 0 8px; border: 1px solid #d97706;
        border-radius: 999px; background: #fef3c7; color: #78350f; font-size: 12px; font-weight: 600; }
      tr:hover td { background: #f9fafb; }
      th.num { white-space: normal; }
      td.theme { min-width: 180px; }
      .scroll { overflow-x: auto; }
      """;

  public static String render(List<Day> days) {
    List<Day> oldestFirst = new ArrayList<>(days);
    oldestFirst.sort(Comparator.comparing(Day::date));
    StringBuilder page = new StringBuilder(32 * 1024 + 1024 * days.size());
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(TITLE)).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
    header(page, oldestFirst);
    warnings(page, oldestFirst);
    if (!oldestFirst.isEmpty()) {
      trends(page, oldestFirst);
      List<Day> newestFirst = new ArrayList<>(oldestFirst);
      Collections.reverse(newestFirst);
      table(page, newestFirst);
    }
    footer(page, oldestFirst);
    return page.append("</main>\n</body>\n</html>\n").toString();
  }

  private static void header(StringBuilder page, List<Day> days) {
    page.append("<header>\n<p class=\"kicker\">pmf-signals · every daily report</p>\n<h1>").append(escape(TITLE))
        .append("</h1>\n<p class=\"meta\">").append(escape(headline(days))).append("</p>\n</header>\n");
  }

  /** "14 analysed dates, 1–23 Nov 2026 (9 days in between not analysed) · analyzer: the offline rules, no LLM". */
  static String headline(List<Day> days) {
    if (days.isEmpty()) {
      return NO_DATES;
    }
    LocalDate first = days.get(0).date();
    LocalDate last = days.get(days.size() - 1).date();
    StringBuilder line = new StringBuilder(plural(days.size(), "analysed date")).append(", ");
    line.append(first.equals(last) ? Figures.date(first.toString()) : range(first, last));
    long skipped = ChronoUnit.DAYS.between(first, last) + 1 - distinctDates(days);
    if (skipped > 0) {
      line.append(" (").append(plural(skipped, "day")).append(" in between not analysed)");
    }
    return line.append(" · ").append(analyzers(days)).toString();
  }

  /** Who analysed the dates, the offline rules said plainly: "analyzers: gemini-3.5-flash-lite (3 dates), ...". */
  static String analyzers(List<Day> days) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Day day : days) {
      counts.merge(analyzerName(day.summary()), 1, Integer::sum);
    }
    if (counts.size() == 1) {
      return "analyzer: " + counts.keySet().iterator().next();
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((name, n) -> parts.add(name + " (" + plural(n, "date") + ")"));
    return "analyzers: " + String.join(", ", parts);
  }

  private static String analyzerName(JsonNode summary) {
    String analyzer = SummaryFacts.text(summary.path("analyzer"));
    if (analyzer.isEmpty()) {
      return "not recorded";
    }
    return analyzer.equals("offline") ? "the offline rules, no LLM" : analyzer;
  }

  /** One banner per distinct warning, saying how many dates carry it; the rows carry a marker. */
  private static void warnings(StringBuilder page, List<Day> days) {
    Map<String, Integer> warnings = new LinkedHashMap<>();
    for (Day day : days) {
      String warning = SummaryFacts.text(day.summary().path("warning"));
      if (!warning.isEmpty()) {
        warnings.merge(warning, 1, Integer::sum);
      }
    }
    warnings.forEach((warning, n) -> page.append("<div class=\"warning\" role=\"alert\"><strong>Warning</strong> ")
        .append(escape(whichDates(n, days.size()) + " (marked “warning” below): " + warning)).append("</div>\n"));
  }

  private static String whichDates(int n, int of) {
    if (of == 1) {
      return "The one analysed date";
    }
    return n == of ? "All " + of + " analysed dates" : n + " of " + of + " analysed dates";
  }

  private static void trends(StringBuilder page, List<Day> days) {
    openSection(page, "trends", "Trends over all analysed dates");
    if (distinctDates(days) < 2) {
      empty(page, ONE_DATE_TRENDS);
    } else {
      List<String> calendar = calendar(days);
      Map<String, JsonNode> byDate = new LinkedHashMap<>();
      days.forEach(day -> byDate.put(day.date().toString(), day.summary()));
      page.append("<p class=\"note\">One point per calendar day from ")
          .append(escape(Figures.date(calendar.get(0)))).append(" to ")
          .append(escape(Figures.date(calendar.get(calendar.size() - 1))))
          .append("; a gap is a day with no summary or nothing to measure.</p>\n");
      chart(page, "active-users", "Active users per day", "active users", Palette.ACTIVE_USERS,
          calendar, byDate, IndexHtml::active, Figures::number);
      chart(page, "return-d7", "Back within 7 days (D7 return)",
          "share of users first seen 7 days earlier who were active again", Palette.RETURN,
          calendar, byDate, s -> number(s.path("value").path("return_d7").path("rate")), Figures::percent);
      chart(page, "credit-exhaustion", "Hit the credit limit", "share of the day's active users",
          Palette.CREDIT_EXHAUSTION, calendar, byDate,
          s -> number(s.path("value").path("credit_exhaustion").path("rate")), Figures::percent);
      chart(page, "job-success", "Jobs that succeeded", "share of the day's finished jobs", Palette.JOB_SUCCESS,
          calendar, byDate, s -> number(s.path("value").path("job_success_rate")), Figures::percent);
    }
    closeSection(page);
  }

  /** One line chart over the calendar: a day without a summary, or without the value, is a gap. */
  private static void chart(StringBuilder page, String name, String heading, String legend, String colour,
      List<String> calendar, Map<String, JsonNode> byDate, Function<JsonNode, Double> value,
      DoubleFunction<String> tickFormat) {
    List<Double> values = new ArrayList<>();
    for (String date : calendar) {
      JsonNode summary = byDate.get(date);
      values.add(summary == null ? null : value.apply(summary));
    }
    String description = heading + " from " + Figures.date(calendar.get(0)) + " to "
        + Figures.date(calendar.get(calendar.size() - 1)) + ", " + legend;
    page.append(SvgLineChart.render(name, description, calendar,
        List.of(new Panel(heading, List.of(new Series(legend, colour, values)), tickFormat)))).append('\n');
  }

  /** Every calendar day from the first analysed date to the last, so the x axis keeps time's proportions. */
  static List<String> calendar(List<Day> days) {
    LocalDate first = days.get(0).date();
    LocalDate last = days.get(days.size() - 1).date();
    return first.datesUntil(last.plusDays(1)).map(LocalDate::toString).toList();
  }

  private static Double active(JsonNode summary) {
    return number(summary.path("users").path("active"));
  }

  /** A finite number, or null (a gap) for anything else: missing, JSON null, text, NaN. */
  static Double number(JsonNode node) {
    return node.isNumber() && Double.isFinite(node.asDouble()) ? node.asDouble() : null;
  }

  private static void table(StringBuilder page, List<Day> newestFirst) {
    openSection(page, "dates", "Every analysed date, newest first");
    page.append("<p class=\"note\">Each date links to its own report. Back within 7 days is of users first seen 7 days")
        .append(" before the date; the credit limit is of the day's active users; jobs are of the day's finished")
        .append(" jobs.</p>\n")
        .append("<div class=\"scroll\"><table><thead><tr><th>Date</th><th class=\"num\">Active users</th>")
        .append("<th class=\"num\">Analysed</th>")
        .append("<th class=\"num\">Back within 7 days</th><th class=\"num\">Hit the credit limit</th>")
        .append("<th class=\"num\">Jobs that succeeded</th><th>Top friction theme</th></tr></thead><tbody>\n");
    for (Day day : newestFirst) {
      row(page, day);
    }
    page.append("</tbody></table></div>\n");
    closeSection(page);
  }

  private static void row(StringBuilder page, Day day) {
    JsonNode summary = day.summary();
    JsonNode users = summary.path("users");
    JsonNode value = summary.path("value");
    page.append("<tr><td class=\"nowrap\">").append(dateCell(day)).append("</td>")
        .append(numberCell(new Cell(Figures.number(users.path("active")),
            users.path("new").isNumber() ? Figures.number(users.path("new")) + " new" : "")))
        .append(numberCell(analysed(users)))
        .append(numberCell(rateOfUsers(value.path("return_d7"))))
        .append(numberCell(rateOfUsers(value.path("credit_exhaustion"))))
        .append(numberCell(jobSuccess(value)))
        .append("<td class=\"theme\">").append(topFrictionCell(summary)).append("</td></tr>\n");
  }

  /** A table figure and, under it, what it is of ("of 648 users"); together they read "31% of 648 users". */
  record Cell(String figure, String base) {}

  /** The date, linked to its report by a relative path (the index sits in the folder holding the dates). */
  private static String dateCell(Day day) {
    String iso = day.date().toString();
    String label = escape(Figures.date(iso));
    StringBuilder cell = new StringBuilder(day.hasReport()
        ? "<a href=\"" + escape(reportHref(day.date())) + "\">" + label + "</a>" : label);
    String warning = SummaryFacts.text(day.summary().path("warning"));
    if (!warning.isEmpty()) {
      cell.append(" <span class=\"marker\" title=\"").append(escape(warning)).append("\">warning</span>");
    }
    cell.append("<div class=\"small\">").append(escape(analyzerName(day.summary())));
    if (!day.hasReport()) {
      cell.append(" · no report.html in this folder");
    }
    return cell.append("</div>").toString();
  }

  /** "2026-11-23/report.html": relative, so the folder can be moved or served anywhere. */
  static String reportHref(LocalDate date) {
    return date + "/report.html";
  }

  /** "405 of 1,151 active". */
  static Cell analysed(JsonNode users) {
    if (!users.path("analysed").isNumber()) {
      return new Cell(Figures.UNKNOWN, "");
    }
    String of = users.path("active").isNumber() ? "of " + Figures.number(users.path("active")) + " active" : "";
    return new Cell(Figures.number(users.path("analysed")), of);
  }

  /** A rate with its base: "31% of 648 users"; with nobody to measure, "n/a (0 users to measure)". */
  static Cell rateOfUsers(JsonNode rate) {
    Double value = number(rate.path("rate"));
    Double of = number(rate.path("of"));
    if (value == null) {
      return new Cell(Figures.UNKNOWN, of != null && of == 0 ? "(0 users to measure)" : "");
    }
    return new Cell(Figures.percent(value), of == null ? "" : "of " + Figures.number(of) + " users");
  }

  /** "71% of finished jobs"; JSON null means no job finished that day. */
  static Cell jobSuccess(JsonNode value) {
    JsonNode rate = value.path("job_success_rate");
    if (number(rate) != null) {
      return new Cell(Figures.percent(rate.asDouble()), "of finished jobs");
    }
    return new Cell(Figures.UNKNOWN, rate.isNull() ? "(no finished jobs)" : "");
  }

  private static String topFrictionCell(JsonNode summary) {
    JsonNode theme = topFriction(summary);
    if (theme == null) {
      return "<span class=\"small\">" + escape(noFriction(summary)) + "</span>";
    }
    // A theme's share is of the users whose conversations may be analysed, not of every active user.
    String share = number(theme.path("share")) != null
        ? " (" + Figures.percent(theme.path("share")) + " of consenting users)" : "";
    return escape(SummaryFacts.text(theme.path("theme"))) + "<div class=\"small\">"
        + escape(Figures.number(theme.path("users")) + " users" + share) + "</div>";
  }

  /**
   * The day's friction theme with the most users among those it may name: at least {@code min_group_users} distinct
   * analysed users (the day report's k rule, checked again here); null when none passes or the day states no k.
   */
  static JsonNode topFriction(JsonNode summary) {
    Double k = number(summary.path("min_group_users"));
    if (k == null) {
      return null; // without the day's k no theme can be shown to pass it
    }
    JsonNode top = null;
    for (JsonNode theme : summary.path("themes").path("frictions")) {
      // analysed_users is what the k rule counts; summaries from before it existed have only users.
      Double distinct = number(theme.has("analysed_users") ? theme.path("analysed_users") : theme.path("users"));
      Double users = number(theme.path("users"));
      boolean named = !SummaryFacts.text(theme.path("theme")).isEmpty();
      if (named && distinct != null && users != null && distinct >= k
          && (top == null || users > top.path("users").asDouble())) {
        top = theme;
      }
    }
    return top;
  }

  private static String noFriction(JsonNode summary) {
    JsonNode k = summary.path("min_group_users");
    return k.isNumber() ? "none reached " + Figures.number(k) + " users" : "not named: the summary states no k";
  }

  private static void footer(StringBuilder page, List<Day> days) {
    page.append("<footer>\n<p>").append(escape(privacyNote(days)))
        .append(" This page is one self-contained file: it loads nothing from the network, and each date links to")
        .append(" the report.html in its own folder.</p>\n</footer>\n");
  }

  /** The day reports' privacy rule, for every k the dates used. */
  static String privacyNote(List<Day> days) {
    TreeSet<Double> ks = new TreeSet<>();
    for (Day day : days) {
      Double k = number(day.summary().path("min_group_users"));
      if (k != null) {
        ks.add(k);
      }
    }
    String k = ks.isEmpty() ? "k" : String.join(" or ", ks.stream().map(Figures::number).toList());
    return "No group of fewer than " + k + " distinct users is named on this page; smaller groups are folded into"
        + " \"other\" in each day's report.";
  }

  private static long distinctDates(List<Day> days) {
    return days.stream().map(Day::date).distinct().count();
  }

  private static String range(LocalDate first, LocalDate last) {
    ObjectNode window = JsonNodeFactory.instance.objectNode();
    window.put("from", first.toString()).put("to", last.toString());
    return Figures.window(window);
  }

  private static String plural(long n, String noun) {
    return Figures.number(n) + " " + noun + (n == 1 ? "" : "s");
  }

  private static void openSection(StringBuilder page, String id, String heading) {
    page.append("<section class=\"card\" id=\"").append(id).append("\">\n<h2>").append(escape(heading))
        .append("</h2>\n");
  }

  private static void closeSection(StringBuilder page) {
    page.append("</section>\n");
  }

  private static void empty(StringBuilder page, String sentence) {
    page.append("<p class=\"empty\">").append(escape(sentence)).append("</p>\n");
  }

  /** The figure, then its base on a line of its own; the space keeps "31% of 648 users" one phrase as text. */
  private static String numberCell(Cell cell) {
    return "<td class=\"num\">" + escape(cell.figure())
        + (cell.base().isEmpty() ? "" : " <div class=\"small\">" + escape(cell.base()) + "</div>") + "</td>";
  }
}
