package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;

public class SummaryMarkdownTest {

  @Test
  public void documentedExample_answersTheSeedsQuestionsInOrder() {
    String md = SummaryMarkdown.render(Summaries.documentedExample());

    assertThat(md, startsWith("# Product signals for 23 Nov 2026\n\n> **Warning:** OFFLINE ANALYZER"));
    int top = md.indexOf("\n## Top 3 things to build\n");
    assertThat(top, greaterThan(0));
    assertThat(top, lessThan(md.indexOf("\n## Who will return\n")));
    assertThat(md.indexOf("\n## Who will return\n"), lessThan(md.indexOf("\n## Why successful users succeed\n")));
    assertThat(md.indexOf("\n## Why successful users succeed\n"), lessThan(md.indexOf("\n## Personas\n")));
    assertThat(md.indexOf("\n## Personas\n"), lessThan(md.indexOf("\n## Key rates\n")));
  }

  @Test
  public void documentedExample_givesTheTopThingToBuildWithItsEvidence() {
    String md = SummaryMarkdown.render(Summaries.documentedExample());

    assertThat(md, containsString("1. **Video generation jobs time out** — 140 users (14% of 990 consenting users)"
        + " hit it; it held back 121 of them; 5,230 credits went on their failed jobs; 37 of them gave up right after"
        + " it;"
        + " mean frustration 3.4 of 5.\n"));
    assertThat(md, containsString("| Theme | Cause | Users | Share of 990 consenting users |\n|---|---|---:|---:|\n"
        + "| video generation jobs time out | slow or timeout | 140 | 14% |\n"));
    assertThat(md, containsString("| Theme | Users | Share of 990 consenting users |\n|---|---:|---:|\n"
        + "| product photos | 212 | 21% |\n")); // a use case names no cause
  }

  @Test
  public void documentedExample_tablesPersonasRatesAndTheReturnModel() {
    String md = SummaryMarkdown.render(Summaries.documentedExample());

    assertThat(md, containsString("| Persona | Users | Share of active users | Drift | Came back, of its users |"
        + " Hit the credit limit, of its users | Willing to pay, of its analysed users |\n"
        + "|---|---:|---:|---|---:|---:|---|\n"
        + "| Transcription and audio, higher transcription share of jobs | 99 | 9% | growing | 61% | 22% | "
        + "12 high · 30 medium · 20 low · 8 none |\n"));
    assertThat(md, containsString("| Back within 7 days (D7) | 31% | 201 of 648 users |"));
    assertThat(md, containsString("| Hit the credit limit | 16% | 188 of 1,151 active users |"));
    assertThat(md, containsString("| Jobs that succeeded | 71% | 2,556 of 3,600 finished jobs |"));
    assertThat(md, containsString("| Had a job fail | 29% | 262 of 903 users who ran a job |"));
    assertThat(md, containsString(
        "- Hold-out AUC: **0.84** (on 10–16 Nov 2026 (1,900 users); 0.5 is chance, 1.0 perfect)\n"));
    assertThat(md, containsString("| Per user, on average | Successful (540 users) | Others (611 users) |\n"));
    assertThat(md, containsString("| Share of their jobs that failed | 12% | 41% |"));
  }

  @Test
  public void firstDay_saysWhatIsMissing() {
    String md = SummaryMarkdown.render(Summaries.firstDay());

    assertThat(md, containsString("_The return model is not trained yet — not enough history. It learns from past"));
    assertThat(md, containsString("- days of history: 1\n"));
    assertThat(md, containsString("\n_No theme, persona or thing to build reached 5 distinct users today, so none is"
        + " named._\n"));
    assertThat("said once, instead of under each heading", md, not(containsString("## Personas")));
    assertThat(md, not(containsString("## Top 3")));
    assertThat(md, not(containsString("Warning")));
  }

  @Test
  public void anEmptyOrForeignSummary_stillRenders() {
    for (String json : List.of("{}", "{\"users\": 3, \"personas\": \"none\", \"value\": []}",
        "{\"top_to_build\": [{}], \"funnel\": [{}], \"personas\": [{}], \"success\": {\"differences\": [{}]}}")) {
      assertThat(json, SummaryMarkdown.render(Summaries.tree(json)), containsString("## Personas"));
    }
  }

  @Test
  public void stringsFromTheSummaryCannotBecomeMarkupOrBreakATable() {
    ObjectNode summary = Summaries.documentedExample();
    ((ObjectNode) summary.path("top_to_build").get(0)).put("theme", "<script>alert(1)</script>");
    ((ObjectNode) summary.path("personas").get(0)).put("name", "a | b [x](javascript:alert(1))\nnext");
    ((ObjectNode) summary.path("answers")).put("personas", "# not a heading <= 5 users");
    summary.put("answers_source", "gemini:a model"); // an LLM's answers lead their sections; the templates' do not

    String md = SummaryMarkdown.render(summary);

    assertThat("no tag can open", Pattern.compile("(?<!\\\\)<[A-Za-z/!?]").matcher(md).find(), equalTo(false));
    assertThat(md, containsString("**\\<script>alert(1)\\</script>**"));
    assertThat(md, containsString("| a \\| b \\[x\\](javascript:alert(1)) next | 99 |"));
    assertThat("a comparison stays readable", md, containsString("\n\\# not a heading <= 5 users\n"));
  }

  @Test
  public void aMonthOfHistory_listsOnlyTheTopThree() {
    String md = SummaryMarkdown.render(Summaries.month());

    assertThat(md, containsString("\n3. **Image edits ignore the instructions**"));
    assertThat(md.split("\n## Who will return")[0].split("\n\\d\\. \\*\\*").length - 1, equalTo(3));
  }
}
