package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import pmf.signals.transforms.json.Json;

public class DayBriefTest {

  private static JsonNode example() throws Exception {
    return Json.tree(Files.readString(Path.of("..", "docs", "daily-summary.example.json")));
  }

  @Test
  public void keepsTheFiguresTheQuestionsNeed_andNoneOfTheSummarysProse() throws Exception {
    JsonNode summary = example();
    JsonNode brief = Json.tree(DayBrief.text(summary));

    assertThat(brief.get("users"), equalTo(summary.get("users")));
    assertThat(brief.get("success"), equalTo(summary.get("success")));
    assertThat(brief.at("/top_to_build/0/theme").asText(), equalTo(summary.at("/top_to_build/0/theme").asText()));
    assertThat(brief.at("/top_to_build/0/evidence"), equalTo(summary.at("/top_to_build/0/evidence")));
    assertThat(brief.at("/return_model/holdout/auc").asDouble(), equalTo(0.84));
    assertThat(brief.at("/personas/0/name").asText(), equalTo(summary.at("/personas/0/name").asText()));
    // The template answers, persona descriptions, methods and the labels inside themes stay out.
    String text = DayBrief.text(summary);
    assertThat(text, not(containsString(summary.at("/answers/who_will_return").asText())));
    assertThat(text, not(containsString("\"description\"")));
    assertThat(text, not(containsString("Tribuo")));
    assertThat(text, not(containsString("packshots for my shop")));
  }

  @Test
  public void anEmptyDayStillMakesABrief() throws Exception {
    JsonNode brief = Json.tree(DayBrief.text(Json.tree("{\"analysis_date\": \"2026-11-23\"}")));
    assertThat(brief.get("analysis_date").asText(), equalTo("2026-11-23"));
    assertThat(brief.get("top_to_build").size(), equalTo(0));
  }
}
