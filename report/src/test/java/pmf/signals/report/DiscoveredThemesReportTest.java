package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

/** The themes found in what users wrote, in report.html and summary.md, beside an LLM's themes and offline. */
public class DiscoveredThemesReportTest {
  /** The documented example read by an LLM, with what discovery found beside it and one LLM theme it does not back. */
  private static ObjectNode besideAnLlm() {
    ObjectNode s = Summaries.documentedExample();
    ObjectNode themes = (ObjectNode) s.get("themes");
    ObjectNode d = themes.putObject("discovered");
    d.put("method", "discovered from what users wrote: clusters of their lines");
    d.put("lines", 4210).put("users", 612).put("fitted_lines", 3000);
    ObjectNode f = d.putArray("frictions").addObject();
    f.put("theme", "mesh, slicer, watertight, hole").put("users", 131).put("distinct_users", 131).put("lines", 160)
        .put("after_trouble", 0.94).put("after_trouble_baseline", 0.26).put("left", 0.24).put("left_baseline", 0.08)
        .put("returned", 0.66).put("returned_baseline", 0.74).put("rule_hint", "gave up on a conversation after a problem");
    d.putArray("use_cases");
    d.putArray("follow_ups");
    ((ObjectNode) themes.get("frictions").get(0)).putNull("written_support");
    return s;
  }

  @Test
  public void besideAnLlmTheFrictionsFoundInUsersWordsHaveTheirOwnTableWithTheDaysBaseline() {
    ObjectNode s = besideAnLlm();
    String html = ReportHtml.render(s);

    assertThat(html, containsString("Found in what users wrote, beside the model"));
    assertThat(html, containsString("mesh, slicer, watertight, hole"));
    assertThat(html, containsString("94% (day 26%)"));
    assertThat(html, containsString("From 4,210 lines of 612 users"));
    assertThat(html, containsString("nothing users wrote today is near this theme"));
  }

  @Test
  public void summaryMarkdownListsThemAndTheModelThemesNothingWrittenSupports() {
    ObjectNode s = besideAnLlm();
    String md = SummaryMarkdown.render(s);
    String unsupported = s.get("themes").get("frictions").get(0).get("theme").asText();

    assertThat(md, containsString("mesh, slicer, watertight, hole: 131 users, 94% of their lines right after trouble"));
    assertThat(md, containsString("Nothing users wrote today is near these model themes: " + unsupported));
  }

  @Test
  public void offlineTheyAreTheThemesSoOnlyHowTheyWereFoundIsAdded() {
    ObjectNode s = besideAnLlm();
    ObjectNode themes = (ObjectNode) s.get("themes");
    themes.put("method", themes.get("discovered").get("method").asText());
    String md = SummaryMarkdown.render(s);

    assertThat(ReportHtml.render(s), containsString("How these themes were found"));
    assertThat(md, containsString("_Themes found in what users wrote: from 4,210 lines of 612 users._"));
    assertThat(md, not(containsString("right after trouble (day")));
  }
}
