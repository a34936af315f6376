package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.job;
import static pmf.signals.transforms.Fixtures.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.UserActivity;

public class InsightsParserTest {
  private static final JsonNode SCHEMA = PromptTemplate.load("user_analysis", 2).schema();

  private static ObjectNode valid() throws Exception {
    return (ObjectNode) Json.tree("""
        {"summary": "Makes product photos; two renders failed.", "use_cases": ["product photos"],
         "goal": "photos for a shop",
         "friction_points": [{"description": "renders time out", "severity": 4, "evidence": "failed_job",
                              "cause": "slow_or_timeout"}],
         "value_signals": ["downloads results"],
         "willingness_to_pay": {"signal": "medium", "evidence": "hit the credit limit twice"},
         "frustration": 3, "assistant_errors": [], "persona_hint": "shop owner"}
        """);
  }

  private static InsightsParser.Parsed parse(String answer) {
    return InsightsParser.parse(answer, SCHEMA, "gemini:test");
  }

  @Test
  public void readsAValidAnswerIntoInsights() throws Exception {
    InsightsParser.Parsed parsed = parse(valid().toString());

    assertThat(parsed.errors(), empty());
    Insights insights = parsed.insights();
    assertThat(insights.source(), equalTo("gemini:test"));
    assertThat(insights.useCases(), contains("product photos"));
    assertThat(insights.frictionPoints().get(0).severity(), equalTo(4));
    assertThat(insights.frictionPoints().get(0).cause(), equalTo("slow_or_timeout"));
    assertThat(insights.willingnessToPay().signal(), equalTo("medium"));
    assertThat(insights.frustration(), equalTo(3));
  }

  @Test
  public void acceptsAnAnswerInsideAMarkdownFence() throws Exception {
    assertThat(parse("```json\n" + valid() + "\n```").errors(), empty());
  }

  @Test
  public void theOfflineAnalyzersInsightsMatchTheSchema() throws Exception {
    UserActivity a = activity("u1", consenting("2026-11-10T00:00:00Z", "free"),
        List.of(conversation("c1", user("m1", "2026-11-23T08:00:00Z", "make a video clip please"))),
        List.of(job("j1", "c1", "video_generation", "failed", 10, "Timeout after 120s", "2026-11-23T08:00:10Z")),
        List.of());
    Insights offline = OfflineAnalyzer.insights(a, UserMetricsCalculator.compute(a, LocalDate.parse("2026-11-23"), ZoneOffset.UTC));
    ObjectNode answer = (ObjectNode) Json.tree(Json.write(offline));
    answer.remove("source");

    assertThat(parse(answer.toString()).errors(), empty());
  }

  @Test
  public void namesEveryBrokenRuleByPath() throws Exception {
    ObjectNode answer = valid();
    answer.remove("goal");
    answer.put("frustration", 9);
    answer.putArray("use_cases").add("a").add("b").add("c").add("d").add("e").add("f");
    ((ObjectNode) answer.get("friction_points").get(0)).put("evidence", "vibes");
    ((ObjectNode) answer.get("willingness_to_pay")).put("signal", 3);
    answer.put("extra", "x");
    answer.put("summary", "s".repeat(InsightsParser.MAX_STRING + 1));

    InsightsParser.Parsed parsed = parse(answer.toString());

    assertThat(parsed.insights(), nullValue());
    assertThat(parsed.errors(), hasItem("$.goal: is missing"));
    assertThat(parsed.errors(), hasItem("$.frustration: 9 is above maximum 5"));
    assertThat(parsed.errors(), hasItem("$.use_cases: 6 items, at most 5 allowed"));
    assertThat(parsed.errors(), hasItem("$.friction_points[0].evidence: not one of "
        + "[\"failed_job\",\"repeated_request\",\"complaint\",\"abandonment\"]"));
    assertThat(parsed.errors(), hasItem("$.willingness_to_pay.signal: expected a string"));
    assertThat(parsed.errors(), hasItem("$: unexpected field"));
    assertThat(parsed.errors(), hasItem("$.summary: 501 characters, at most 500"));
  }

  @Test
  public void rejectsWrongTypesAndNulls() throws Exception {
    ObjectNode answer = valid();
    answer.put("frustration", 2.5);
    answer.putNull("persona_hint");
    answer.put("value_signals", "downloads");

    List<String> errors = parse(answer.toString()).errors();

    assertThat(errors, hasItem("$.frustration: expected an integer"));
    assertThat(errors, hasItem("$.persona_hint: is null"));
    assertThat(errors, hasItem("$.value_signals: expected an array"));
  }

  @Test
  public void neverQuotesTheAnswerInItsErrors() throws Exception {
    String secret = "jane.doe@example.com";
    ObjectNode answer = valid();
    ((ObjectNode) answer.get("willingness_to_pay")).put("signal", secret);
    answer.put(secret, 1);

    String errors = String.join("\n", parse(answer.toString()).errors())
        + String.join("\n", parse("not json " + secret).errors())
        + String.join("\n", parse("{\"summary\": \"" + secret).errors());

    assertThat(errors, not(containsString("jane")));
  }

  @Test
  public void emptyAndMalformedAnswersAreErrors() {
    assertThat(parse("").errors(), contains("empty answer"));
    assertThat(parse("{\"summary\": ").errors().get(0), containsString("not JSON"));
    assertThat(parse("[1,2]").errors(), contains("$: expected an object"));
  }
}
