package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
import pmf.signals.llm.ScriptedCaller;
import pmf.signals.transforms.summary.DayBrief;
import pmf.signals.transforms.summary.WrittenAnswers;

public class GeminiRollupTest {
  private static final String MODEL = "gemini-3.5-flash-lite";
  private static final String GOOD = "{\"why_successful_users_succeed\": \"They get a first result within the hour.\","
      + " \"who_will_return\": \"About half are expected back.\", \"top_3_to_build\": \"1. Fix video timeouts.\","
      + " \"personas\": \"Product-photo sellers lead with 21%.\"}";

  private final ScriptedCaller rollupCaller = new ScriptedCaller(MODEL);

  private GeminiRollup rollup(double maxCostUsd) {
    LlmSettings settings = new LlmSettings(6000, 0, 1, 4, new RetryPolicy(3, Duration.ofMillis(1),
        Duration.ofMillis(5)), 8000, 2048, maxCostUsd, PriceTable.parse(null));
    GeminiAnalyzer analyzer = new GeminiAnalyzer(new ScriptedCaller(MODEL), PromptTemplate.load("user_analysis", 2),
        settings, LocalDate.parse("2026-11-23"));
    return analyzer.rollup(rollupCaller, PromptTemplate.load("day_rollup", 1));
  }

  private static JsonNode summary() throws Exception {
    return Json.tree(Files.readString(Path.of("..", "docs", "daily-summary.example.json")));
  }

  @Test
  public void aValidAnswerIsTheDaysAnswers_fromTheBriefOnly() throws Exception {
    rollupCaller.then(GOOD);

    WrittenAnswers written = rollup(10).write(summary(), 0.5);

    assertThat(written.answers(), equalTo(Json.tree(GOOD)));
    assertThat(written.source(), matchesPattern("gemini:gemini-3\\.5-flash-lite day_rollup\\.v1#[0-9a-f]{12}"));
    assertThat(written.calls(), equalTo(1));
    assertThat(written.costUsd(), greaterThan(0.0));
    assertThat(rollupCaller.asked.get(0).userTurn(), equalTo("<day>\n" + DayBrief.text(summary()) + "\n</day>"));
  }

  @Test
  public void anAnswerOffTheSchemaOrWithPersonalDataOrBlockedLeavesTheTemplates() throws Exception {
    rollupCaller.then("{\"why_successful_users_succeed\": \"x\"}")
        .then(GOOD.replace("About half", "Jane Doe (jane.doe@example.com) and half"))
        .then(new LlmCallException(LlmCallException.Kind.BAD_ANSWER, "finish_safety"));
    GeminiRollup rollup = rollup(10);

    WrittenAnswers offSchema = rollup.write(summary(), 0);
    assertThat(offSchema.answers(), nullValue());
    assertThat(offSchema.source(), equalTo("templates (LLM roll-up failed: schema)"));
    assertThat(offSchema.costUsd(), greaterThan(0.0)); // the call was made and is paid for
    assertThat(rollup.write(summary(), 0).source(), equalTo("templates (LLM roll-up failed: personal data)"));
    WrittenAnswers blocked = rollup.write(summary(), 0);
    assertThat(blocked.source(), equalTo("templates (LLM roll-up failed: finish_safety)"));
    assertThat(blocked.calls(), equalTo(1)); // an unusable reply is not asked again
  }

  @Test
  public void aSpentBudgetSendsNothing() throws Exception {
    WrittenAnswers written = rollup(1.0).write(summary(), 1.0);

    assertThat(written.source(), equalTo("templates (LLM roll-up failed: budget of $1.00 reached)"));
    assertThat(written.calls(), equalTo(0));
    assertThat(rollupCaller.asked.size(), equalTo(0));
  }
}
