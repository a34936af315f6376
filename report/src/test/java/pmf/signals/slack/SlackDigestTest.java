package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;

/** What the digest shows for a day, and that it stays valid Block Kit whatever the summary holds. */
public class SlackDigestTest {

  private static List<String> types(ObjectNode payload) {
    List<String> types = new ArrayList<>();
    payload.path("blocks").forEach(b -> types.add(b.path("type").asText()));
    return types;
  }

  private static JsonNode block(ObjectNode payload, String textStart) {
    for (JsonNode b : payload.path("blocks")) {
      if (b.path("text").path("text").asText("").startsWith(textStart)) {
        return b;
      }
    }
    throw new AssertionError("no block starting with " + textStart + " in " + payload.toPrettyString());
  }

  @Test
  public void givenTheDocumentedExample_payloadValidatesClean() {
    ObjectNode payload = SlackDigest.payload(Summaries.example(), "https://reports.example/2026-11-23/report.html");
    assertThat(BlockKit.validate(payload), empty());
  }

  @Test
  public void givenTheDocumentedExample_showsTheDayInOrder() {
    ObjectNode payload = SlackDigest.payload(Summaries.example(), null);
    assertThat(types(payload).get(0), equalTo("header"));
    assertThat(payload.path("blocks").get(0).path("text").path("text").asText(),
        equalTo("PMF signals · 2026-11-23"));
    JsonNode warning = payload.path("blocks").get(1);
    assertThat(warning.path("type").asText(), equalTo("context"));
    assertThat(warning.path("elements").get(0).path("text").asText(), containsString("OFFLINE ANALYZER"));
    String last = payload.path("blocks").get(payload.path("blocks").size() - 1).path("elements").get(0)
        .path("text").asText();
    assertThat(last, equalTo("Tier C · analyzer: offline · return model AUC 0.84 on a held-out week"
        + " · groups of fewer than 5 users are never named"));
  }

  @Test
  public void givenTheDocumentedExample_keyNumbersSayWhatEachRateIsOf() {
    JsonNode numbers = block(SlackDigest.payload(Summaries.example(), null), "*Key numbers*");
    List<String> fields = new ArrayList<>();
    numbers.path("fields").forEach(f -> fields.add(f.path("text").asText()));
    assertThat(fields.toString(), fields, equalTo(List.of(
        "*Active users*\n1,151",
        "*Back within 7 days*\n31% of 648 users (201)",
        "*Hit the credit limit*\n16.3% of 1,151 active users (188)",
        "*Likely back within 7 days*\n620 (54% of 1,151 users scored)")));
  }

  @Test
  public void givenTheDocumentedExample_thingsToBuildCarryTheirEvidence() {
    ObjectNode payload = SlackDigest.payload(Summaries.example(), null);
    assertThat(block(payload, "*The top thing to build*").path("type").asText(), equalTo("section"));
    assertThat(block(payload, "*1. ").path("text").path("text").asText(), equalTo(
        "*1. video generation jobs time out*\n140 users (14.1% of 990 consenting users) · 5,230 credits went on their"
            + " failed jobs · 37 of them gave up right after it · mean frustration 3.4 of 5"));
  }

  @Test
  public void givenTheDocumentedExample_personasAndTheAnswerNoOtherBlockGivesAreShown() {
    ObjectNode payload = SlackDigest.payload(Summaries.example(), null);
    assertThat(block(payload, "*Personas*").path("text").path("text").asText(), equalTo(
        "*Personas*\n• Transcription and audio, higher transcription share of jobs — 99 users"
            + " (8.6% of active users)"));
    String answers = block(payload, "*Why successful users succeed*").path("text").path("text").asText();
    assertThat(answers, containsString("12% of their jobs failed (others: 41%)"));
    assertThat("a trained model's answer restates the key number", answers, not(containsString("Who will return")));
  }

  @Test
  public void givenAnUntrainedModel_itsAnswerSaysWhyInsteadOfAKeyNumber() {
    ObjectNode summary = Summaries.example();
    summary.putObject("return_model").put("status", "not enough history");
    ((ObjectNode) summary.get("answers"))
        .put("who_will_return", "The return model is not trained yet — not enough history.");
    String all = Summaries.allText(SlackDigest.payload(summary, null));

    assertThat(all, not(containsString("Likely back within 7 days")));
    assertThat(all, containsString("*Who will return*\nThe return model is not trained yet — not enough history."));
  }

  @Test
  public void fallbackTextSummarisesTheDayAndSaysOffline() {
    assertThat(SlackDigest.payload(Summaries.example(), null).path("text").asText(), equalTo(
        "[offline analyzer] PMF signals · 2026-11-23: 1,151 active users, 31% of 648 users back within 7 days,"
            + " 16.3% of 1,151 active users hit the credit limit, top to build: video generation jobs time out"));
  }

  @Test
  public void givenNoWarning_hasNoWarningBlockAndNoOfflineMark() {
    ObjectNode summary = Summaries.example();
    summary.remove("warning");
    ObjectNode payload = SlackDigest.payload(summary, null);
    assertThat(types(payload).get(1), equalTo("section"));
    assertThat(payload.path("text").asText(), startsWith("PMF signals"));
  }

  @Test
  public void givenMoreThanThreeThingsToBuild_showsTheTopThreeByRank() {
    ObjectNode summary = Summaries.example();
    ArrayNode items = summary.putArray("top_to_build");
    for (int rank : new int[] {4, 2, 1, 5, 3}) {
      ObjectNode item = items.addObject();
      item.put("rank", rank).put("theme", "theme " + rank);
      item.putObject("evidence").put("users", 100 - rank).put("share", 0.1);
    }
    String all = Summaries.allText(SlackDigest.payload(summary, null));
    assertThat(all, containsString("*Top 3 things to build*"));
    assertThat(all, containsString("*1. theme 1*\n99 users (10% of 990 consenting users)"));
    assertThat(all, containsString("*2. theme 2*"));
    assertThat(all, containsString("*3. theme 3*"));
    assertThat(all, not(containsString("theme 4")));
  }

  @Test
  public void given200Personas_showsTheFiveLargestAndCountsTheRest() {
    ObjectNode summary = Summaries.example();
    ArrayNode personas = summary.putArray("personas");
    for (int i = 0; i < 200; i++) {
      personas.addObject().put("segment_id", i).put("name", "persona " + i + " " + "word ".repeat(100))
          .put("users", i).put("share", i / 1000.0).put("description", "about persona " + i);
    }
    ObjectNode payload = SlackDigest.payload(summary, null);
    assertThat(BlockKit.validate(payload), empty());
    String text = block(payload, "*Personas*").path("text").path("text").asText();
    assertThat(List.of(text.split("\n")), hasSize(7));
    assertThat(text, startsWith("*Personas*\n• persona 199 word"));
    assertThat(text, containsString("…"));
    assertThat(text, containsString("persona 195"));
    assertThat(text, not(containsString("persona 194 ")));
    assertThat(text, containsString("_and 195 more_"));
  }

  @Test
  public void givenVeryLongLabelsAndAnswers_cutsThemWithAnEllipsisAndStaysValid() {
    ObjectNode summary = Summaries.example();
    String huge = "very long theme name ".repeat(2000);
    ArrayNode items = summary.putArray("top_to_build");
    for (int rank = 1; rank <= 1000; rank++) {
      ObjectNode item = items.addObject().put("rank", rank).put("theme", huge);
      item.putObject("evidence").put("users", 5).put("credits_burnt", Long.MAX_VALUE);
    }
    ((ObjectNode) summary.get("answers")).put("why_successful_users_succeed", huge);
    summary.put("warning", huge);
    summary.put("analyzer", huge);
    ((ObjectNode) summary.get("tier")).put("name", huge);
    ObjectNode payload = SlackDigest.payload(summary, "https://reports.example/" + "x".repeat(5000));

    assertThat(BlockKit.validate(payload), empty());
    assertThat(Summaries.allText(payload),
        containsString("…*\n5 users · 9,223,372,036,854,775,807 credits went on"));
    assertThat(payload.path("blocks").size(), lessThanOrEqualTo(BlockKit.MAX_BLOCKS));
    for (String text : Summaries.texts(payload)) {
      assertThat(text.length(), lessThanOrEqualTo(BlockKit.MAX_TEXT_CHARS));
    }
  }

  @Test
  public void givenMarkupInLabels_escapesItSoNothingCanMentionOrLink() {
    ObjectNode summary = Summaries.example();
    ((ObjectNode) summary.get("top_to_build").get(0))
        .put("theme", "<!channel> exports & <https://evil.example|click here> <@U024BE7LH> <#C024BE7LR>");
    ((ObjectNode) summary.get("personas").get(0)).put("name", "Power users <!here>");
    ((ObjectNode) summary.get("answers")).put("why_successful_users_succeed", "Most of them > 50% & <!everyone>");
    ObjectNode payload = SlackDigest.payload(summary, null);

    assertThat(BlockKit.validate(payload), empty());
    String all = Summaries.allText(payload);
    assertThat(all, containsString("&lt;!channel&gt; exports &amp; &lt;https://evil.example|click here&gt;"));
    assertThat(all, containsString("Power users &lt;!here&gt;"));
    assertThat(all, containsString("Most of them &gt; 50% &amp; &lt;!everyone&gt;"));
    for (String raw : List.of("<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<#C024BE7LR>", "<https://evil")) {
      assertThat(all, not(containsString(raw)));
    }
  }

  @Test
  public void givenAReportLink_linksItOrShowsItAsText() {
    String linked = Summaries.allText(SlackDigest.payload(Summaries.example(), "https://r.example/a?x=1&y=2"));
    assertThat(linked, containsString("<https://r.example/a?x=1&amp;y=2|Open the full report>"));

    ObjectNode local = SlackDigest.payload(Summaries.example(), "out/2026-11-23/report.html");
    assertThat(Summaries.allText(local), containsString("Full report: out/2026-11-23/report.html"));

    ObjectNode hostile = SlackDigest.payload(Summaries.example(), "https://r.example/a|<!channel>");
    assertThat(BlockKit.validate(hostile), empty());
    assertThat(Summaries.allText(hostile), not(containsString("<!channel>")));

    assertThat(Summaries.allText(SlackDigest.payload(Summaries.example(), null)), not(containsString("report")));
  }

  @Test
  public void givenAnEmptyOrMissingSummary_stillSendsAValidSparseDigest() {
    for (JsonNode summary : new JsonNode[] {null, Json.MAPPER.createObjectNode(), Json.MAPPER.createArrayNode()}) {
      ObjectNode payload = SlackDigest.payload(summary, null);
      assertThat(BlockKit.validate(payload), empty());
      String all = Summaries.allText(payload);
      assertThat(all, containsString("PMF signals · date unknown"));
      assertThat(all, containsString("*Active users*\nn/a"));
      assertThat(all, containsString("No friction reached the reporting threshold today."));
      assertThat(all, containsString("*Personas*\n_None today._"));
    }
  }

  @Test
  public void givenWrongTypesInTheSummary_doesNotThrowAndStaysValid() {
    ObjectNode summary = Summaries.example();
    summary.put("analysis_date", "<!channel>");
    summary.put("users", "many");
    summary.put("top_to_build", "none");
    summary.putArray("personas").add("just a string").addObject().put("name", 42);
    ObjectNode payload = SlackDigest.payload(summary, null);
    assertThat(BlockKit.validate(payload), empty());
    assertThat(Summaries.allText(payload), not(containsString("<!channel>")));
  }

  @Test
  public void payloadIsTheSameForTheSameSummary() {
    assertThat(SlackDigest.payload(Summaries.example(), "https://r.example/x"),
        equalTo(SlackDigest.payload(Summaries.example(), "https://r.example/x")));
    assertThat(SlackDigest.payload(Summaries.example(), null).path("blocks").size(), equalTo(10));
  }
}
