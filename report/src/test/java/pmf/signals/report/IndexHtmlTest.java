package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import pmf.signals.report.IndexHtml.Day;

public class IndexHtmlTest {
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final LocalDate NOV_21 = LocalDate.parse("2026-11-21");
  private static final LocalDate NOV_22 = LocalDate.parse("2026-11-22");
  private static final LocalDate NOV_23 = LocalDate.parse("2026-11-23");

  /** The documented example, as the summary of {@code date}. */
  private static ObjectNode summaryOf(LocalDate date) {
    ObjectNode summary = Summaries.documentedExample();
    summary.put("analysis_date", date.toString());
    return summary;
  }

  private static Day day(ObjectNode summary) {
    return new Day(LocalDate.parse(summary.path("analysis_date").asText()), summary, true);
  }

  private static ObjectNode friction(ObjectNode summary) {
    return (ObjectNode) summary.path("themes").path("frictions").get(0);
  }

  @Test
  public void theHeaderSaysHowManyDatesOverWhichRangeAndWhoAnalysedThem() {
    ObjectNode gemini = summaryOf(NOV_23).put("analyzer", "gemini-2.5-flash");
    gemini.remove("warning");
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_21)), day(gemini)));

    assertThat(html, containsString("<title>pmf-signals — all analysed dates</title>"));
    assertThat(html, containsString("2 analysed dates, 21–23 Nov 2026 (1 day in between not analysed)"));
    assertThat(html, containsString("analyzers: gemini-2.5-flash (1 date), the offline rules, no LLM (1 date)"));
    assertThat("one banner for the one warning", count(html, "<div class=\"warning\""), equalTo(1));
    assertThat(html, containsString("1 of 2 analysed dates (marked “warning” below): OFFLINE ANALYZER: no LLM"));
    assertThat("a marker on the offline date only", count(html, "<span class=\"marker\""), equalTo(1));
  }

  @Test
  public void rowsAreNewestFirstAndEachDateLinksRelativelyToItsReport() {
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_21)), day(summaryOf(NOV_23)), day(summaryOf(NOV_22))));

    assertThat(hrefs(html), equalTo(List.of("2026-11-23/report.html", "2026-11-22/report.html",
        "2026-11-21/report.html")));
    assertThat(html, containsString("<a href=\"2026-11-23/report.html\">23 Nov 2026</a>"));
  }

  @Test
  public void aDateWithoutItsReportFileIsListedButNotLinked() {
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_22)), new Day(NOV_23, summaryOf(NOV_23), false)));

    assertThat(hrefs(html), equalTo(List.of("2026-11-22/report.html")));
    assertThat(html, containsString("23 Nov 2026 <span class=\"marker\""));
    assertThat(html, containsString("no report.html in this folder"));
  }

  @Test
  public void everyNumberSaysWhatItCountsAndOfWhatBase() {
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_23))));

    assertThat(cells(html), equalTo(List.of("23 Nov 2026 warning the offline rules, no LLM", "1,151 131 new",
        "405 of 1,151 active", "31% of 648 users", "16% of 1,151 users", "71% of finished jobs",
        "video generation jobs time out 140 users (14% of consenting users)")));
  }

  @Test
  public void trendChartsCoverTheWholeRangeNotJustFourteenDays() {
    List<Day> days = new ArrayList<>();
    for (LocalDate date = LocalDate.parse("2026-09-01"); !date.isAfter(NOV_23); date = date.plusDays(1)) {
      days.add(day(summaryOf(date)));
    }
    String html = IndexHtml.render(days);

    assertThat(ChartMarks.charts(html), equalTo(4));
    for (String chart : List.of("active-users", "return-d7", "credit-exhaustion", "job-success")) {
      assertThat(chart + ": a dot per day", ChartMarks.marks(html, chart, "circle"), equalTo(days.size()));
      assertThat(chart + ": one unbroken line", ChartMarks.marks(html, chart, "polyline"), equalTo(1));
    }
    assertThat(html, containsString("84 analysed dates, 1 Sep – 23 Nov 2026"));
  }

  @Test
  public void aNullOrMissingRateIsAGapAndNAInTheTableNeverNaNOrNull() {
    ObjectNode unknown = summaryOf(NOV_22);
    ((ObjectNode) unknown.path("value").path("return_d7")).putNull("rate").put("users", 0).put("of", 0);
    ((ObjectNode) unknown.path("value")).putNull("job_success_rate");
    ((ObjectNode) unknown.path("value")).remove("credit_exhaustion");
    ((ObjectNode) unknown.path("users")).putNull("active");
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_21)), day(unknown), day(summaryOf(NOV_23))));

    for (String chart : List.of("active-users", "return-d7", "credit-exhaustion", "job-success")) {
      assertThat(chart + ": no dot on the unknown day", ChartMarks.marks(html, chart, "circle"), equalTo(2));
      assertThat(chart + ": the line breaks there", ChartMarks.marks(html, chart, "polyline"), equalTo(2));
    }
    List<String> cells = cells(html);
    assertThat("the unknown day's row", cells.subList(7, 14).toString(), containsString("[22 Nov 2026 warning the"
        + " offline rules, no LLM, n/a 131 new, 405, n/a (0 users to measure), n/a, n/a (no finished jobs), video"));
    assertThat(html, not(containsString("NaN")));
    assertThat(html.toLowerCase(), not(containsString("null")));
    assertThat(html, not(containsString("Infinity")));
  }

  @Test
  public void aCalendarDayWithoutASummaryIsAGapInEveryChart() {
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_21)), day(summaryOf(NOV_23))));

    assertThat(ChartMarks.marks(html, "active-users", "circle"), equalTo(2));
    assertThat(ChartMarks.marks(html, "active-users", "polyline"), equalTo(2));
  }

  @Test
  public void aFrictionThemeUnderTheDaysKIsNeverNamed() {
    ObjectNode fewAnalysed = summaryOf(NOV_21);
    // Many users by estimate, but fewer than k of them analysed: the k rule counts the analysed.
    friction(fewAnalysed).put("theme", "secret club of four").put("users", 400).put("analysed_users", 4);
    ObjectNode small = summaryOf(NOV_22);
    friction(small).put("theme", "tiny group").put("users", 3);
    ObjectNode noK = summaryOf(NOV_23);
    noK.remove("min_group_users");
    friction(noK).put("theme", "unknown threshold");

    String html = IndexHtml.render(List.of(day(fewAnalysed), day(small), day(noK)));

    assertThat(html, not(containsString("secret club")));
    assertThat(html, not(containsString("tiny group")));
    assertThat(html, not(containsString("unknown threshold")));
    assertThat(count(html, "none reached 5 users"), equalTo(2));
    assertThat(html, containsString("not named: the summary states no k"));
  }

  @Test
  public void theLargestFrictionThemeThatPassesKIsTheTopOne() {
    ObjectNode summary = summaryOf(NOV_23);
    ArrayNode frictions = (ArrayNode) summary.path("themes").path("frictions");
    frictions.addObject().put("theme", "credits run out too fast").put("users", 300).put("analysed_users", 60)
        .put("share", 0.26);
    frictions.addObject().put("theme", "below k but biggest").put("users", 900).put("analysed_users", 2);

    String html = IndexHtml.render(List.of(day(summary)));

    assertThat(cells(html).get(6), equalTo("credits run out too fast 300 users (26% of consenting users)"));
    assertThat(html, not(containsString("below k but biggest")));
    assertThat(html, not(containsString("video generation jobs time out")));
  }

  @Test
  public void everyStringFromTheSummariesIsEscaped() {
    ObjectNode hostile = summaryOf(NOV_23);
    hostile.put("warning", SCRIPT + " \"&");
    hostile.put("analyzer", "\" onmouseover=\"alert(1)");
    friction(hostile).put("theme", SCRIPT + " \"&");
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_22)), day(hostile)));

    assertThat(html, not(containsString("<script")));
    assertThat(html, not(containsString("\" onmouseover=")));
    assertThat(html, not(containsString(" \"&")));
    assertThat(html, containsString("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;"));
    assertThat("the warning in the marker's title attribute",
        html, containsString("title=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;\""));
    assertThat(html, containsString("&quot; onmouseover=&quot;alert(1)"));
  }

  @Test
  public void noDatesRendersAPageThatSaysSoOnce() {
    String html = IndexHtml.render(List.of());

    assertThat(count(html, IndexHtml.NO_DATES), equalTo(1));
    assertThat(ChartMarks.charts(html), equalTo(0));
    assertThat(html, not(containsString("<table")));
    assertThat(html, not(containsString("class=\"warning\"")));
    assertThat(html, containsString("</html>"));
  }

  @Test
  public void oneDateRendersItsRowAndSaysOnceThatTrendsNeedASecond() {
    String html = IndexHtml.render(List.of(day(summaryOf(NOV_23))));

    assertThat(count(html, "1 analysed date,"), equalTo(1));
    assertThat(html, containsString("1 analysed date, 23 Nov 2026 · analyzer: the offline rules, no LLM"));
    assertThat(count(html, IndexHtml.ONE_DATE_TRENDS), equalTo(1));
    assertThat(ChartMarks.charts(html), equalTo(0));
    assertThat(hrefs(html), equalTo(List.of("2026-11-23/report.html")));
    assertThat(html, containsString("The one analysed date (marked “warning” below)"));
  }

  @Test
  public void anEmptyOrForeignSummaryStillGetsARow() {
    List<Day> days = new ArrayList<>();
    LocalDate date = NOV_21;
    for (String json : List.of("{}", "{\"users\": 3, \"value\": [], \"themes\": \"none\", \"min_group_users\": \"5\"}",
        "{\"value\": {\"return_d7\": 0.3, \"credit_exhaustion\": {\"rate\": \"high\"}}, \"themes\": {\"frictions\":"
            + " [{}, {\"theme\": 7}]}, \"min_group_users\": 5}")) {
      days.add(new Day(date, Summaries.tree(json), true));
      date = date.plusDays(1);
    }
    days.add(new Day(date, null, true));

    String html = IndexHtml.render(days);

    assertThat(hrefs(html).size(), equalTo(4));
    assertThat(html, containsString("analyzer: not recorded"));
    assertThat(html, containsString("</html>"));
  }

  @Test
  public void loadsNothingFromTheNetworkAndLinksOnlyToReportsBesideIt() {
    List<Day> days = List.of(day(summaryOf(NOV_21)), day(summaryOf(NOV_22)), day(summaryOf(NOV_23)));
    friction((ObjectNode) days.get(0).summary()).put("theme", "see https://tracker.example/pixel.png");

    String html = IndexHtml.render(days);

    assertThat("nothing fetches", Pattern.compile("(?i)\\b(src|srcset|action|data)\\s*=").matcher(html).find(),
        equalTo(false));
    assertThat(count(html, "href="), equalTo(3));
    for (String href : hrefs(html)) {
      assertThat(href, Pattern.matches("\\d{4}-\\d{2}-\\d{2}/report\\.html", href), equalTo(true));
    }
    for (String tag : List.of("<script", "<link", "<img", "<iframe", "@import", "url(")) {
      assertThat(html, not(containsString(tag)));
    }
    assertThat(html.replace("see https://tracker.example/pixel.png", ""), not(containsString("://")));
    assertThat(html.indexOf("id=\"trends\""), lessThan(html.indexOf("id=\"dates\"")));
    assertThat(html.indexOf("id=\"trends\""), greaterThan(0));
  }

  private static List<String> hrefs(String html) {
    List<String> hrefs = new ArrayList<>();
    Matcher href = Pattern.compile("<a href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      hrefs.add(href.group(1));
    }
    return hrefs;
  }

  /** The table's cells as a person reads them: tags dropped, entities decoded, spaces collapsed. */
  private static List<String> cells(String html) {
    List<String> cells = new ArrayList<>();
    Matcher cell = Pattern.compile("<td\\b[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(html);
    while (cell.find()) {
      cells.add(cell.group(1).replaceAll("<div", " <div").replaceAll("<[^>]+>", "").replace("&amp;", "&")
          .replaceAll("\\s+", " ").strip());
    }
    return cells;
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
