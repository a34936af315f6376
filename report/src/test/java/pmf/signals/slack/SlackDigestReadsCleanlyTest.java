package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;
import pmf.signals.report.Reading;
import pmf.signals.transforms.summary.DailySummary;
import pmf.signals.transforms.summary.DayTally;

/** The digest keeps the report's wording rules: each fact once, every share with its base, a small day said once. */
public class SlackDigestReadsCleanlyTest {

  private static ObjectNode emptyDay() {
    return DailySummary.build(new DailySummary.Inputs(LocalDate.parse("2026-11-24"), "offline", null, 5, null,
        "all-MiniLM-L6-v2 sentence embeddings", List.of()), new DayTally(), List.of(), List.of(), List.of());
  }

  /** Twelve users and nothing that reached k: no theme, persona or thing to build. */
  private static ObjectNode tinyDay() {
    ObjectNode day = Summaries.example();
    day.putObject("users").put("active", 12).put("consenting", 12).put("analysed", 12);
    day.putArray("top_to_build");
    day.putArray("personas");
    day.putObject("themes").putArray("frictions");
    ((ObjectNode) day.get("themes")).putArray("use_cases");
    return day;
  }

  @Test
  public void theDocumentedExampleSaysEachSentenceOnceAndEveryShareWithItsBase() {
    List<Reading.Block> blocks = Reading.slack(SlackDigest.payload(Summaries.example(), null));

    assertThat(Reading.repeatedSentences(blocks), empty());
    assertThat(Reading.percentagesWithoutBase(blocks), empty());
  }

  @Test
  public void anEmptyDaySaysSoOnceAndNothingElse() {
    ObjectNode payload = SlackDigest.payload(emptyDay(), null);
    String all = Summaries.allText(payload);

    assertThat(BlockKit.validate(payload), empty());
    assertThat(all.split("No user was active on this date", -1).length - 1, equalTo(1));
    for (String part : List.of("Key numbers", "Top things to build", "Personas", "None today", "succeed")) {
      assertThat(all, not(containsString(part)));
    }
  }

  @Test
  public void aTinyDaySaysOnceThatNoGroupIsNamedInsteadOfUnderEachHeading() {
    String all = Summaries.allText(SlackDigest.payload(tinyDay(), null));

    assertThat(all,
        containsString("No theme, persona or thing to build reached 5 distinct users today, so none is named."));
    assertThat(all, containsString("*Key numbers*"));
    assertThat(all, not(containsString("No friction reached the reporting threshold today.")));
    assertThat(all, not(containsString("_None today._")));
  }

  @Test
  public void eachNoteIsPostedOnceAndNoneRepeatsTheWarning() {
    ObjectNode summary = Summaries.example();
    summary.putArray("notes").add("--consent=none: no user's text was read; metrics only")
        .add("--consent=none: no user's text was read; metrics only")
        .add("OFFLINE ANALYZER: no LLM was called");
    String all = Summaries.allText(SlackDigest.payload(summary, null));

    assertThat(all.split("--consent=none", -1).length - 1, equalTo(1));
    assertThat(all.split("OFFLINE ANALYZER", -1).length - 1, equalTo(1));
  }
}
