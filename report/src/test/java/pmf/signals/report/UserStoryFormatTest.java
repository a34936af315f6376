package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;
import pmf.signals.report.UserStoryFormat.Day;
import pmf.signals.report.UserStoryFormat.Span;
import pmf.signals.transforms.json.Json;

/** How a story reads, on rows made up here: no database. */
public class UserStoryFormatTest {
  private static final LocalDate D = LocalDate.parse("2026-11-23");
  private static final String METRICS = "{\"conversations\": 5, \"conversations_on_date\": 2, \"user_messages\": 1,"
      + " \"active_days\": 6, \"jobs_succeeded\": 8, \"jobs_failed\": 2, \"jobs_failed_on_date\": 1,"
      + " \"credits_used\": 120, \"credit_limit_hits\": 1, \"credit_limit_hits_on_date\": 0, \"downloads\": 3}";
  private static final String INSIGHTS = "{\"summary\": \"makes logos\", \"use_cases\": [\"image generation\","
      + " \"product photos\"], \"friction_points\": [{\"description\": \"image renders time out\", \"severity\": 3,"
      + " \"evidence\": \"failed_job\", \"cause\": \"slow_or_timeout\"}],"
      + " \"willingness_to_pay\": {\"signal\": \"medium\", \"evidence\": \"asked about the pro plan\"}}";

  private static JsonNode json(String text) throws Exception {
    return Json.tree(text);
  }

  private static Day analysed() throws Exception {
    return new Day(D, "B", 3, "Weekend logo makers", "ok", null, "gemini-2.5-flash", 0.615, json(METRICS),
        json(INSIGHTS));
  }

  @Test
  public void anAnalysedDateSaysWhatEachNumberCounts() throws Exception {
    String block = UserStoryFormat.day(analysed());

    assertThat(block, equalTo(String.join("\n",
        "2026-11-23  tier B, segment 3 \"Weekend logo makers\"",
        "  llm        ok (model gemini-2.5-flash)",
        "  activity   5 conversations (2 on the date), 1 user message, 6 active days",
        "  jobs       8 succeeded, 2 failed (1 on the date)",
        "  credits    120 used, 1 credit-limit hit (0 on the date)",
        "  return     62% chance of being active again within 7 days",
        "  use cases  image generation, product photos",
        "  friction   image renders time out (cause slow_or_timeout)",
        "  pay        willingness to pay: medium",
        "")));
  }

  @Test
  public void aStatusOtherThanOkCarriesItsReasonAndMissingValuesShowAsUnknown() throws Exception {
    Day failed = new Day(D, "A", null, null, "failed", "timeout after 5 attempts", "gemini-2.5-flash", null,
        json("{\"conversations\": 1, \"user_messages\": 4, \"active_days\": 1}"), null);

    String block = UserStoryFormat.day(failed);

    assertThat(block, containsString("tier A, no segment\n"));
    assertThat(block, containsString("  llm        failed: timeout after 5 attempts (model gemini-2.5-flash)\n"));
    assertThat(block, containsString("  activity   1 conversation, 4 user messages, 1 active day\n"));
    assertThat(block, containsString("  jobs       ? succeeded, ? failed\n"));
    assertThat(block, containsString("  return     no estimate (the return model had no history yet)\n"));
    assertThat(block, containsString("  insights   none stored\n"));
  }

  @Test
  public void anOkStatusNeverShowsAReason() throws Exception {
    Day ok = new Day(D, "A", 1, null, "ok", "leftover", "m", 0.5, json(METRICS), json(INSIGHTS));

    assertThat(UserStoryFormat.llm(ok), equalTo("ok (model m)"));
  }

  @Test
  public void aLongFrictionIsShortenedButKeepsItsCause() throws Exception {
    JsonNode insights = json("{\"friction_points\": [{\"description\": \"" + "x".repeat(200) + "\","
        + " \"cause\": \"other\"}, {\"description\": \"credits run out too fast\"}]}");

    String friction = UserStoryFormat.friction(insights);

    assertThat(friction, equalTo("x".repeat(77) + "... (cause other); credits run out too fast"));
  }

  @Test
  public void theHeaderSaysWhichDatesAndHowManyHaveARow() throws Exception {
    List<Day> two = List.of(analysed(), new Day(D.plusDays(2), "A", null, null, "ok", null, "m", null, null, null));

    assertThat(UserStoryFormat.header("u1", new Span(D, D.plusDays(6), Integer.MAX_VALUE), two),
        equalTo("user u1: 2 of the 7 dates between 2026-11-23 and 2026-11-29 have a row"));
    assertThat(UserStoryFormat.header("u1", new Span(D, D, 1), two.subList(0, 1)),
        equalTo("user u1: 1 date with a row on 2026-11-23"));
    assertThat(UserStoryFormat.header("u1", new Span(null, null, 30), two),
        equalTo("user u1: 2 dates with a row (their latest 30 at most), 2026-11-23 .. 2026-11-25"));
    assertThat(UserStoryFormat.header("u1", new Span(null, D.plusDays(9), 30), two),
        equalTo("user u1: 2 dates with a row up to 2026-12-02 (their latest 30 at most), 2026-11-23 .. 2026-11-25"));
  }

  @Test
  public void noRowsIsOneLineNamingTheRange() {
    assertThat(UserStoryFormat.text("u1", new Span(D, D.plusDays(1), Integer.MAX_VALUE), List.of()),
        equalTo("no analysis_cache rows for user u1 between 2026-11-23 and 2026-11-24\n"));
    assertThat(UserStoryFormat.text("u1", new Span(null, null, 30), List.of()),
        equalTo("no analysis_cache rows for user u1 on any date\n"));
  }

  @Test
  public void theJsonObjectKeepsOnlyTheHeadlineMetricsAndTheShortInsights() throws Exception {
    JsonNode day = UserStoryFormat.jsonDay(analysed());

    assertThat(day.get("date").asText(), equalTo("2026-11-23"));
    assertThat(day.get("segment_name").asText(), equalTo("Weekend logo makers"));
    assertThat(day.at("/metrics/credits_used").asInt(), equalTo(120));
    assertThat(day.get("metrics").has("downloads"), equalTo(false));
    assertThat(day.at("/insights/friction_points/0/cause").asText(), equalTo("slow_or_timeout"));
    assertThat(day.at("/insights/willingness_to_pay").asText(), equalTo("medium"));
    assertThat(day.toString(), not(containsString("makes logos")));
  }
}
