package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.behaviour;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.user;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;
import pmf.signals.llm.ScriptedCaller;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.segment.Persona;
import pmf.signals.transforms.segment.PersonaBrief;
import pmf.signals.transforms.segment.WrittenPersona;

public class GeminiPersonasTest {
  private static final String MODEL = "gemini-3.5-flash-lite";
  private static final Persona RULES = new Persona("Product photos", "120 users (40%)...", "offline-rules (...)");
  private static final PersonaBrief BRIEF = new PersonaBrief(3, "segment 3: 120 users, 40% of today's 300");
  private static final String GOOD = "{\"name\": \"Product-photo sellers\", \"description\":"
      + " \"Sellers making product photos; far more image jobs than the chat-first segment next to them.\"}";

  private final ScriptedCaller users = new ScriptedCaller(MODEL);
  private final ScriptedCaller personas = new ScriptedCaller(MODEL);
  private GeminiAnalyzer analyzer;
  private GeminiPersonas writer;

  private GeminiPersonas writer(double maxCostUsd) throws Exception {
    LlmSettings settings = new LlmSettings(6000, 0, 1, 4, new RetryPolicy(3, Duration.ofMillis(1),
        Duration.ofMillis(5)), 8000, 2048, maxCostUsd, PriceTable.parse(null));
    analyzer = new GeminiAnalyzer(users, PromptTemplate.load("user_analysis", 2), settings, LocalDate.parse("2026-11-23"));
    writer = analyzer.personas(personas, PromptTemplate.load("segment_persona", 1));
    writer.setup();
    return writer;
  }

  @After
  public void teardown() throws Exception {
    writer.teardown();
  }

  @Test
  public void aValidAnswerIsThePersonaAndItsSourceNamesTheModelAndPrompt() throws Exception {
    personas.then(GOOD);

    WrittenPersona written = writer(10).write(BRIEF, RULES);

    assertThat(written.persona().name(), equalTo("Product-photo sellers"));
    assertThat(written.persona().source(), matchesPattern("gemini:gemini-3\\.5-flash-lite segment_persona\\.v1#[0-9a-f]{12}"));
    assertThat(written.calls(), equalTo(1));
    assertThat(written.tokensIn(), equalTo(200));
    assertThat(written.costUsd(), greaterThan(0.0));
    // The brief is the only data in the request, framed as data.
    assertThat(personas.asked.get(0).userTurn(), equalTo("<segment>\n" + BRIEF.text() + "\n</segment>"));
  }

  @Test
  public void anAnswerOffTheSchemaLeavesTheRulesPersonaAndSaysWhyAndItsCostCounts() throws Exception {
    personas.then("{\"name\": \"" + "x".repeat(61) + "\", \"description\": \"d\"}");

    WrittenPersona written = writer(10).write(BRIEF, RULES);

    assertThat(written.persona(), equalTo(new Persona(RULES.name(), RULES.description(),
        "offline-rules (LLM persona failed: schema)")));
    assertThat(written.calls(), equalTo(1)); // not asked again: a persona is cheap to do without
    assertThat(written.costUsd(), greaterThan(0.0));
  }

  @Test
  public void anAnswerWithPersonalDataOrNotJsonOrBlockedLeavesTheRulesPersona() throws Exception {
    personas.then("{\"name\": \"Sellers\", \"description\": \"Like jane.doe@example.com, they sell.\"}")
        .then("Sure! Here is a persona")
        .then(new LlmCallException(LlmCallException.Kind.BAD_ANSWER, "finish_safety"));
    GeminiPersonas w = writer(10);

    assertThat(w.write(BRIEF, RULES).persona().source(), equalTo("offline-rules (LLM persona failed: personal data)"));
    assertThat(w.write(BRIEF, RULES).persona().source(), equalTo("offline-rules (LLM persona failed: schema)"));
    assertThat(w.write(BRIEF, RULES).persona().source(), equalTo("offline-rules (LLM persona failed: finish_safety)"));
  }

  @Test
  public void quotaAndServerErrorsAreWaitedOutWithinTheRetryPolicy() throws Exception {
    personas.then(new LlmCallException(LlmCallException.Kind.QUOTA, "http_429_resource_exhausted",
            Duration.ofMillis(1), 0, 0))
        .then(new LlmCallException(LlmCallException.Kind.TRANSIENT, "http_503_unavailable"))
        .then(GOOD);

    WrittenPersona written = writer(10).write(BRIEF, RULES);

    assertThat(written.persona().name(), equalTo("Product-photo sellers"));
    assertThat(written.calls(), equalTo(3));
  }

  @Test
  public void aKeyTheUserAnalysisSawRejectedStopsPersonaCallsInThatWorker() throws Exception {
    GeminiPersonas w = writer(10);
    users.then(new LlmCallException(LlmCallException.Kind.PERMANENT, "http_400_invalid_argument"));
    analyzer.setup();
    AnalyzerResult user = analyzer.analyze(activity("u1", consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c1", user("m1", "2026-11-23T10:00:00Z", "make me a logo"))), List.of(), List.of()),
        behaviour("free", 1, Map.of(), 1));
    analyzer.teardown();
    assertThat(user.status(), equalTo(LlmStatus.FAILED));

    WrittenPersona written = w.write(BRIEF, RULES);

    assertThat(written.persona().source(),
        containsString("not sent, an earlier call failed with http_400_invalid_argument"));
    assertThat(personas.asked.size(), equalTo(0));
  }

  @Test
  public void onceTheBudgetIsSpentNoPersonaIsAskedFor() throws Exception {
    personas.then(GOOD).then(GOOD);
    GeminiPersonas w = writer(0.000001);

    assertThat(w.write(BRIEF, RULES).calls(), equalTo(1));
    WrittenPersona second = w.write(BRIEF, RULES);

    assertThat(second.persona().source(), equalTo("offline-rules (LLM persona failed: budget of $0.00 reached)"));
    assertThat(second.calls(), equalTo(0));
    assertThat(personas.asked.size(), equalTo(1));
  }
}
