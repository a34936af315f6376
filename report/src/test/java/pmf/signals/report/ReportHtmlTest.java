package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;

public class ReportHtmlTest {
  private static final String SCRIPT = "<script>alert(1)</script>";

  @Test
  public void documentedExample_answersTheSeedsQuestionsInOrderNearTheTop() {
    String html = ReportHtml.render(Summaries.documentedExample());

    int top = html.indexOf(">Top 3 things to build<");
    int returning = html.indexOf(">Who will return<");
    int success = html.indexOf(">Why successful users succeed<");
    int personas = html.indexOf(">Personas<");
    int trends = html.indexOf(">Trends<");
    assertThat(top, greaterThan(0));
    assertThat(top, lessThan(returning));
    assertThat(returning, lessThan(success));
    assertThat(success, lessThan(personas));
    assertThat(personas, lessThan(trends));
    assertThat(html, containsString("<p>140 users (14% of 990 consenting users) hit it; it held back 121 of them;"
        + " 5,230 credits went on their failed jobs; 37 of them gave up right after it;"
        + " mean frustration 3.4 of 5.</p>"));
    assertThat("the templates' answers only restate the cards", html, not(containsString("succeeded today")));
    // the friction theme's cause and how many it held back
    assertThat(html, containsString("<td>slow or timeout</td><td class=\"num\">121</td>"));
  }

  @Test
  public void documentedExample_formatsNumbersForPeople() {
    String html = ReportHtml.render(Summaries.documentedExample());

    assertThat(html, containsString("Product signals for 23 Nov 2026"));
    assertThat(html, containsString("1,151 active users (131 new)"));
    assertThat(html, containsString(">0.84<"));
    assertThat(html, containsString("on 10–16 Nov 2026 (1,900 users)"));
    assertThat(html, containsString("Trained on 25 Oct – 9 Nov 2026 (5,400 users)."));
    assertThat(html, containsString(">31%<"));
    assertThat(html, containsString("<td>Share of their jobs that failed</td><td class=\"num\">12%</td>"
        + "<td class=\"num\">41%</td>"));
  }

  @Test
  public void documentedExample_showsTheOfflineWarningAboveEverything() {
    String html = ReportHtml.render(Summaries.documentedExample());

    int warning = html.indexOf("<div class=\"warning\" role=\"alert\">");
    assertThat(warning, greaterThan(0));
    assertThat(warning, lessThan(html.indexOf("class=\"kpis\"")));
    assertThat(html, containsString("OFFLINE ANALYZER: no LLM was called"));
  }

  @Test
  public void documentedExample_drawsFourChartsWithAMarkPerDatum() {
    String html = ReportHtml.render(Summaries.documentedExample());

    assertThat(ChartMarks.charts(html), equalTo(4));
    assertThat("a dot per day per series", ChartMarks.marks(html, "trends", "circle"), equalTo(2 * 4));
    assertThat("a line per series", ChartMarks.marks(html, "trends", "polyline"), equalTo(4));
    assertThat("a bar per step", ChartMarks.marks(html, "funnel", "rect"), equalTo(6));
    assertThat("share and return per persona", ChartMarks.marks(html, "personas", "rect"), equalTo(2));
    assertThat("a bar per theme", ChartMarks.marks(html, "themes", "rect"), equalTo(3));
  }

  @Test
  public void aMonthOfHistory_drawsEveryDayAndBreaksALineWhereADayIsUnknown() {
    String html = ReportHtml.render(Summaries.month());

    assertThat(ChartMarks.marks(html, "trends", "circle"), equalTo(21 * 4 - 1));
    assertThat("return_d7 is unknown on one day: its line is two pieces",
        ChartMarks.marks(html, "trends", "polyline"), equalTo(5));
    assertThat(ChartMarks.marks(html, "personas", "rect"), equalTo(5 * 2));
    assertThat(ChartMarks.marks(html, "themes", "rect"), equalTo(5 + 6));
    assertThat("only the top 3 are listed", count(html, "<div class=\"rank\">"), equalTo(3));
  }

  @Test
  public void firstDay_saysWhatIsMissingInsteadOfDrawingEmptyCharts() {
    String html = ReportHtml.render(Summaries.firstDay());

    assertThat(ChartMarks.charts(html), equalTo(0));
    assertThat(html, containsString(SummaryFacts.NO_TRENDS));
    assertThat(html, containsString(SummaryFacts.NO_FUNNEL));
    assertThat(html, containsString("The return model is not trained yet — not enough history."));
    assertThat(html, containsString("days needed: 14"));
    assertThat(html, not(containsString("class=\"warning\"")));
  }

  @Test
  public void firstDay_saysOnceThatNoGroupIsNamedAndLeavesOutThePartsThatWouldEachSayIt() {
    String html = ReportHtml.render(Summaries.firstDay());

    assertThat(html, containsString("<p class=\"empty day-notice\">No theme, persona or thing to build reached 5"
        + " distinct users today, so none is named.</p>"));
    assertThat(count(html, "5 distinct users today"), equalTo(1));
    for (String part : List.of(">Top 3 things to build<", ">Personas<", ">Themes: ")) {
      assertThat(html, not(containsString(part)));
    }
  }

  @Test
  public void anEmptyOrForeignSummary_stillRendersAPage() {
    for (String json : List.of("{}", "{\"users\": 3, \"trends\": {\"x\": 1}, \"personas\": \"none\", \"value\": []}",
        "{\"top_to_build\": [{}], \"funnel\": [{\"step\": null}], \"personas\": [{}], \"trends\": [{}]}")) {
      String html = ReportHtml.render(Summaries.tree(json));

      assertThat(json, html, containsString("<h2>Top 3 things to build</h2>"));
      assertThat(json, html, containsString("</html>"));
    }
  }

  @Test
  public void everyStringFromTheSummaryIsEscaped() {
    ObjectNode summary = Summaries.documentedExample();
    summary.put("warning", SCRIPT);
    summary.put("analysis_date", SCRIPT);
    ((ObjectNode) summary.path("themes").path("frictions").get(0)).put("theme", SCRIPT);
    ((ObjectNode) summary.path("themes").path("use_cases").get(0)).put("theme", SCRIPT);
    ((ArrayNode) summary.path("themes").path("use_cases").get(0).path("labels")).add(SCRIPT);
    ((ObjectNode) summary.path("top_to_build").get(0)).put("theme", SCRIPT).put("why", SCRIPT);
    ((ObjectNode) summary.path("personas").get(0)).put("name", "\" onmouseover=\"alert(1)").put("drift", SCRIPT);
    ((ObjectNode) summary.path("answers")).put("personas", SCRIPT);
    summary.put("answers_source", "gemini:a model"); // an LLM's answers lead their cards; the templates' do not
    ((ObjectNode) summary.path("funnel").get(0)).put("step", SCRIPT);
    ((ObjectNode) summary.path("trends").get(0)).put("date", SCRIPT);
    ((ObjectNode) summary.path("success").path("differences").get(0)).put("metric", SCRIPT);

    String html = ReportHtml.render(summary);

    assertThat(html, not(containsString("<script")));
    assertThat(html, not(containsString("\" onmouseover=")));
    assertThat(html, containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertThat(html, containsString("&quot; onmouseover=&quot;alert(1)"));
  }

  @Test
  public void loadsNothingFromTheNetwork() {
    ObjectNode summary = Summaries.month();
    ((ObjectNode) summary.path("answers")).put("personas", "see https://tracker.example/pixel.png");

    for (String html : List.of(ReportHtml.render(summary), ReportHtml.render(Summaries.documentedExample()))) {
      assertThat("no element fetches anything", Pattern.compile("(?i)\\b(src|href|srcset|action|data)\\s*=")
          .matcher(html).find(), equalTo(false));
      assertThat(html, not(containsString("<script")));
      assertThat(html, not(containsString("<link")));
      assertThat(html, not(containsString("<img")));
      assertThat(html, not(containsString("<iframe")));
      assertThat(html, not(containsString("@import")));
      assertThat(html, not(containsString("url(")));
      assertThat("the only URL is data shown as text", html.replace("see https://tracker.example/pixel.png", ""),
          not(containsString("://")));
    }
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
