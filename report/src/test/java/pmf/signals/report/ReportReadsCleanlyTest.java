package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;
import pmf.signals.report.Reading;
import pmf.signals.report.Reading.Block;
import pmf.signals.transforms.summary.DailySummary;
import pmf.signals.transforms.summary.DayTally;

/**
 * Every output reads cleanly (issue 17, part 5): in report.html and summary.md of a month's day, the pipeline's own
 * first run, a tiny first day and an empty day, no sentence is said twice, and every percentage says what it counts and
 * of what base — in its sentence, or in the header or row of the table it sits in.
 */
public class ReportReadsCleanlyTest {

  /** The days a team meets: a busy one with history, the pipeline's real first run, a tiny first day, an empty day. */
  private static Map<String, JsonNode> days() {
    Map<String, JsonNode> days = new LinkedHashMap<>();
    days.put("month", Summaries.month());
    days.put("documented example", Summaries.documentedExample());
    days.put("first run", Summaries.firstRun());
    days.put("tiny first day", Summaries.firstDay());
    days.put("empty day", emptyDay());
    return days;
  }

  /** What the pipeline stores for a date nobody was active on (DailyOutputs.storeEmpty, then its tier). */
  static JsonNode emptyDay() {
    DailySummary.Inputs inputs = new DailySummary.Inputs(LocalDate.parse("2026-11-24"), "offline",
        "OFFLINE ANALYZER: no LLM was called; insights come from keyword and behaviour rules", 5, null,
        "all-MiniLM-L6-v2 sentence embeddings", List.of());
    ObjectNode day = DailySummary.build(inputs, new DayTally(), List.of(), List.of(), List.of());
    day.putObject("tier").put("name", "A").put("reason", "0 active users");
    return day;
  }

  private static List<String> everyOutput(Function<List<Block>, List<String>> check) {
    List<String> found = new ArrayList<>();
    days().forEach((day, summary) -> {
      check.apply(Reading.html(ReportHtml.render(summary))).forEach(f -> found.add(day + ", report.html: " + f));
      check.apply(Reading.markdown(SummaryMarkdown.render(summary)))
          .forEach(f -> found.add(day + ", summary.md: " + f));
    });
    return found;
  }

  @Test
  public void noSentenceIsSaidTwiceInAnyReportOrSummary() {
    List<String> repeats = everyOutput(Reading::repeatedSentences);

    assertThat(String.join("\n", repeats), repeats, empty());
  }

  @Test
  public void everyPercentageSaysWhatItCountsAndOfWhatBase() {
    List<String> bare = everyOutput(Reading::percentagesWithoutBase);

    assertThat(String.join("\n", bare), bare, empty());
  }

  @Test
  public void theTopThreeIsListedOnceAndNotAgainAsALine() {
    for (JsonNode day : List.of(Summaries.firstRun(), Summaries.month())) {
      String line = Reading.normalised(day.path("answers").path("top_3_to_build").asText());
      for (String output : List.of(ReportHtml.render(day), SummaryMarkdown.render(day))) {
        assertThat(Reading.normalised(output), not(containsString(line)));
      }
    }
    String md = SummaryMarkdown.render(Summaries.firstRun());
    assertThat(times(md, "39 users (19% of 209 consenting users) hit it"), equalTo(1));
  }

  @Test
  public void anUntrainedReturnModelIsExplainedOnceAndItsMethodIsAFootnote() {
    JsonNode day = Summaries.firstRun();
    String html = ReportHtml.render(day);
    String md = SummaryMarkdown.render(day);

    assertThat(times(html, "The return model is not trained yet"), equalTo(1));
    assertThat(times(md, "The return model is not trained yet"), equalTo(1));
    assertThat(times(html, day.path("return_model").path("method").asText()), equalTo(1));
    assertThat(html, containsString("<dt>Return model</dt>"));
  }

  @Test
  public void theTierIsNamedOnceEvenWhenAnOlderSummaryRepeatsItInTheReason() {
    ObjectNode day = Summaries.firstRun();
    ((ObjectNode) day.get("tier")).put("reason", "B (231 active users <= 1000; every consenting user (209))");

    assertThat(SummaryMarkdown.render(day), containsString("\nTier B: 231 active users <= 1000; every consenting user"
        + " (209).\n"));
    assertThat(ReportHtml.render(day), containsString("<dt>Tier B</dt><dd>231 active users &lt;= 1000;"));
    assertThat(SummaryMarkdown.render(day), not(containsString("Tier B: B")));
  }

  @Test
  public void aShareOfUsersAndAShareOfJobsEachSayWhichItIs() {
    String md = SummaryMarkdown.render(Summaries.month());
    String html = ReportHtml.render(Summaries.month());

    assertThat(md, containsString("| Jobs that succeeded | 71% | 2,556 of 3,600 finished jobs |"));
    assertThat(md, containsString("| Had a job fail | 29% | 262 of 903 users who ran a job |"));
    assertThat(md, containsString("| Share of 990 consenting users who | Estimate | 95% interval | Exact |\n|---|---:|"
        + "---:|---:|\n| came back after the first day | 89% | 87%–91% | 90% |"));
    assertThat(html, containsString("<div class=\"kpi-detail\">2,556 of 3,600 finished jobs</div>"));
    assertThat(html, containsString("<tr><td>had a job fail</td><td class=\"num\">30%</td>"));
  }

  @Test
  public void aCountOfZeroIsLeftUnsaid() {
    for (JsonNode day : List.of(Summaries.month(), Summaries.firstRun())) {
      for (String output : List.of(ReportHtml.render(day), SummaryMarkdown.render(day))) {
        assertThat(output, not(containsString(" 0 credits")));
        assertThat(output, not(containsString("held back 0")));
        assertThat(output, not(containsString(" 0 given their segment")));
        assertThat(output, not(containsString("0 of 0 users")));
      }
    }
  }

  @Test
  public void anIntervalWhoseBoundsRoundAlikeIsOneValue() {
    ObjectNode day = Summaries.month();
    ((ObjectNode) day.at("/estimates/rates/return")).putArray("ci95").add(0.951).add(0.951);

    for (String output : List.of(ReportHtml.render(day), SummaryMarkdown.render(day))) {
      assertThat(output, not(containsString("95%–95%")));
      assertThat(output, not(containsString("95% – 95%")));
      assertThat(output, containsString("95.1%"));
    }
  }

  @Test
  public void theWarningAndEachNoteAppearOnce() {
    ObjectNode day = Summaries.month();
    String warning = day.path("warning").asText();
    day.putArray("notes").add("--consent=all: the operator stated that their terms cover analysis")
        .add("--consent=all: the operator stated that their terms cover analysis").add(warning);

    for (String output : List.of(ReportHtml.render(day), SummaryMarkdown.render(day))) {
      assertThat(times(output, "--consent=all: the operator"), equalTo(1));
      assertThat(times(output, warning), equalTo(1));
    }
  }

  @Test
  public void anEmptyDaySaysSoOnceAndShowsNoEmptyParts() {
    JsonNode day = emptyDay();
    String html = ReportHtml.render(day);
    String md = SummaryMarkdown.render(day);

    assertThat(times(html, "No user was active on this date"), equalTo(1));
    assertThat(times(md, "No user was active on this date"), equalTo(1));
    for (String part : List.of("Top 3", "Who will return", "Personas", "Key rates", "Funnel", "Themes", "Trends",
        "0 active", "Tier A")) {
      assertThat(html, not(containsString(part)));
      assertThat(md, not(containsString(part)));
    }
  }

  @Test
  public void aTinyDaySaysOnceThatNoGroupIsNamed() {
    String notice = "No theme, persona or thing to build reached 5 distinct users today, so none is named.";
    assertThat(times(ReportHtml.render(Summaries.firstDay()), notice), equalTo(1));
    assertThat(times(SummaryMarkdown.render(Summaries.firstDay()), notice), equalTo(1));
  }

  private static int times(String text, String phrase) {
    return text.split(java.util.regex.Pattern.quote(phrase), -1).length - 1;
  }

  @Test
  public void theChecksCatchARepeatedSentenceAndABarePercentage() {
    String said = "The return model is not trained yet: not enough history.";
    assertThat(Reading.repeatedSentences(Reading.markdown(said + "\n\n_" + said + "_\n")), hasSize(1));
    assertThat("a sentence said again inside a longer one",
        Reading.repeatedSentences(Reading.html("<p>" + said + "</p><ul><li>1. " + said.replace('.', ' ')
            + "and more.</li></ul>")), not(empty()));
    assertThat(Reading.percentagesWithoutBase(Reading.html("<div class=\"kpi\"><div>Job failure</div><div>77%</div>"
        + "</div><p>Jobs that succeeded: 94%.</p>")), hasSize(2));
    assertThat(Reading.percentagesWithoutBase(
        Reading.markdown("| Rate | Value |\n|---|---:|\n| Job failure | 77% |\n")), hasSize(1));
    assertThat(Reading.percentagesWithoutBase(Reading.html("<div class=\"kpi\"><div>Had a job fail</div><div>77%</div>"
        + "<div>of 212 users</div></div><p>94% of 1,480 finished jobs succeeded.</p>")), empty());
    assertThat(Reading.percentagesWithoutBase(Reading.markdown(
        "| Persona | Share of active users |\n|---|---:|\n| Chat first | 26% |\n")), empty());
  }
}
