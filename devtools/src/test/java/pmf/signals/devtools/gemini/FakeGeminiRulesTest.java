package pmf.signals.devtools.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThrows;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Model;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/** The real google-genai 2.0.0 SDK against {@link FakeGemini}: it refuses what Google refuses, as Google words it. */
public class FakeGeminiRulesTest {

  private static final String KEY = "rules-test-key";
  private static final String GEMINI_3 = "gemini-3.5-flash-lite";
  private static final String GEMINI_25 = "gemini-2.5-flash-lite";
  private static final String EMBEDDING = "gemini-embedding-001";

  private FakeGemini fake;
  private Client client;
  private final List<Client> clients = new ArrayList<>();

  @After
  public void tearDown() {
    clients.forEach(Client::close);
    if (fake != null) {
      fake.close();
    }
  }

  /** A fake with {@code b}, and {@link #client} on it. */
  private void start(Behaviour.Builder b) {
    fake = FakeGemini.start(b.apiKey(KEY).build());
    client = client(KEY);
  }

  private void start() {
    start(Behaviour.builder());
  }

  /** The SDK on v1beta with its retry off (see FakeGeminiSdkTest#client). */
  private Client client(String key) {
    Client c =
        Client.builder()
            .apiKey(key)
            .vertexAI(false)
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(fake.baseUrl())
                    .apiVersion("v1beta")
                    .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build())
                    .build())
            .build();
    clients.add(c);
    return c;
  }

  private static GenerateContentConfig thinking(ThinkingConfig.Builder thinking) {
    return GenerateContentConfig.builder().thinkingConfig(thinking).build();
  }

  private static ThinkingConfig.Builder budget(int budget) {
    return ThinkingConfig.builder().thinkingBudget(budget);
  }

  private static ThinkingConfig.Builder level(ThinkingLevel.Known level) {
    return ThinkingConfig.builder().thinkingLevel(level);
  }

  private GenerateContentResponse generate(String model, GenerateContentConfig config) {
    return client.models.generateContent(model, "hello fake world", config);
  }

  /** Asserts the call is refused with {@code code} and exactly {@code message}, and recorded with that status. */
  private void assertRefused(int code, String message, Runnable call) {
    ClientException e = assertThrows(ClientException.class, call::run);
    assertThat(e.code(), equalTo(code));
    assertThat(e.status(), equalTo(code == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT"));
    assertThat(e.message(), equalTo(message));
  }

  private static String notFound(String model, String action) {
    return "models/" + model + " is not found for API version v1beta, or is not supported for " + action
        + ". Call ListModels to see the list of available models and their supported methods.";
  }

  @Test
  public void aRetiredModelIsA404OnGenerateContentNamingTheModel() {
    start();
    assertRefused(404, notFound("gemini-2.5-flash", "generateContent"), () -> generate("gemini-2.5-flash", null));
    RecordedRequest rec = fake.requests().get(0);
    assertThat(rec.status(), equalTo(404));
    assertThat(rec.model(), equalTo("gemini-2.5-flash"));
    assertThat(fake.successes(), equalTo(0L));
  }

  @Test
  public void everyModelRetiredByTheDefaultRegistryIsA404() {
    start();
    for (String model : List.of("gemini-2.5-pro", "gemini-2.0-flash", "gemini-2.0-flash-001", "gemini-2.0-flash-lite",
        "gemini-2.0-flash-lite-001", "gemini-1.5-flash", "gemini-1.5-pro")) {
      assertRefused(404, notFound(model, "generateContent"), () -> generate(model, null));
    }
  }

  @Test
  public void anUnknownModelIsA404() {
    start();
    assertRefused(404, notFound("gemini-9-ultra", "generateContent"), () -> generate("gemini-9-ultra", null));
  }

  @Test
  public void generateContentOnTheEmbeddingModelIsA404() {
    start();
    assertRefused(404, notFound(EMBEDDING, "generateContent"), () -> generate(EMBEDDING, null));
  }

  @Test
  public void modelsGetOfARetiredModelIsA404_recordedAsALookup() {
    start();
    assertRefused(404, "models/gemini-2.5-flash is not found for API version v1beta.",
        () -> client.models.get("gemini-2.5-flash", null));
    assertThat(fake.modelLookups(), hasSize(1));
    RecordedRequest rec = fake.modelLookups().get(0);
    assertThat(rec.method(), equalTo("GET"));
    assertThat(rec.path(), equalTo("/v1beta/models/gemini-2.5-flash"));
    assertThat(rec.status(), equalTo(404));
    assertThat(fake.requests(), empty()); // lookups are not generation calls
  }

  @Test
  public void modelsGetOfALiveModelGivesItsLimitsAndMethods() {
    start();
    Model m = client.models.get(GEMINI_3, null);
    assertThat(m.name().orElseThrow(), equalTo("models/" + GEMINI_3));
    assertThat(m.outputTokenLimit().orElseThrow(), equalTo(65_536));
    assertThat(m.inputTokenLimit().orElseThrow(), equalTo(1_048_576));
    assertThat(m.supportedActions().orElseThrow(), contains("generateContent", "countTokens", "batchGenerateContent"));
    assertThat(m.thinking().orElseThrow(), is(true));

    Model embedding = client.models.get(EMBEDDING, null);
    assertThat(embedding.supportedActions().orElseThrow(), contains("embedContent", "batchEmbedContents"));
    assertThat(embedding.thinking().isPresent(), is(false));
    assertThat(fake.modelLookups().get(0).status(), equalTo(200));
    assertThat(fake.requests(), empty());
  }

  @Test
  public void budgetZeroOnAGemini3ModelIsA400() {
    start();
    assertRefused(400, "Budget 0 is invalid. This model only works in thinking mode.",
        () -> generate(GEMINI_3, thinking(budget(0))));
    assertThat(fake.requests().get(0).status(), equalTo(400));
  }

  @Test
  public void anotherBudgetOnAGemini3ModelIsStillAccepted() {
    start();
    assertThat(generate(GEMINI_3, thinking(budget(1024))).text(), containsString("ok"));
  }

  @Test
  public void minimalThinkingLevelOnAGemini3ModelIsAnswered() {
    start();
    GenerateContentResponse r = generate(GEMINI_3, thinking(level(ThinkingLevel.Known.MINIMAL)));
    assertThat(r.text(), containsString("ok"));
    assertThat(fake.requests().get(0).body().at("/generationConfig/thinkingConfig/thinkingLevel").asText(),
        equalTo("MINIMAL"));
  }

  @Test
  public void noThinkingConfigOnAGemini3ModelIsAnswered() {
    start();
    assertThat(generate(GEMINI_3, null).text(), containsString("ok"));
  }

  @Test
  public void aThinkingLevelThatIsNoLevelIsA400() {
    start();
    assertRefused(400, "Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/"
            + "google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), \"EXTREME\"",
        () -> generate(GEMINI_3, thinking(ThinkingConfig.builder().thinkingLevel("EXTREME"))));
  }

  @Test
  public void thinkingLevelOnAGemini25ModelIsA400() {
    start();
    assertRefused(400, "Thinking level is not supported for this model.",
        () -> generate(GEMINI_25, thinking(level(ThinkingLevel.Known.LOW))));
  }

  @Test
  public void bothBudgetAndLevelIsA400() {
    start();
    assertRefused(400, "You can only set only one of thinking budget and thinking level.",
        () -> generate(GEMINI_3, thinking(level(ThinkingLevel.Known.LOW).thinkingBudget(1024))));
  }

  @Test
  public void budgetZeroOnGemini25FlashLiteTurnsThinkingOffAndIsAnswered() {
    start();
    assertThat(generate(GEMINI_25, thinking(budget(0))).text(), containsString("ok"));
    assertThat(generate(GEMINI_25, thinking(budget(-1))).text(), containsString("ok"));
    assertThat(generate(GEMINI_25, thinking(budget(512))).text(), containsString("ok"));
  }

  @Test
  public void budget100OnGemini25FlashLiteIsA400() {
    start();
    assertRefused(400, "The thinking budget 100 is invalid. Please choose a value between 512 and 24576.",
        () -> generate(GEMINI_25, thinking(budget(100))));
    assertRefused(400, "The thinking budget 24577 is invalid. Please choose a value between 512 and 24576.",
        () -> generate(GEMINI_25, thinking(budget(24_577))));
  }

  @Test
  public void maxOutputTokensAboveTheModelsLimitIsA400() {
    start();
    assertRefused(400, "Unable to submit request because it has a maxOutputTokens value of 65537 but the supported"
            + " range is from 1 (inclusive) to 65537 (exclusive). Update the value and try again.",
        () -> generate(GEMINI_3, GenerateContentConfig.builder().maxOutputTokens(65_537).build()));
    assertThat(generate(GEMINI_3, GenerateContentConfig.builder().maxOutputTokens(65_536).build()).text(),
        containsString("ok"));
  }

  @Test
  public void givenAModelRetiredUnderUs_generateContentAndModelsGetAre404() {
    start(Behaviour.builder().retire(GEMINI_3));
    assertRefused(404, notFound(GEMINI_3, "generateContent"), () -> generate(GEMINI_3, null));
    assertRefused(404, "models/" + GEMINI_3 + " is not found for API version v1beta.",
        () -> client.models.get(GEMINI_3, null));
    assertThat(generate(GEMINI_25, null).text(), containsString("ok")); // the others stay
  }

  @Test
  public void givenACustomModel_itIsServedWithinItsOwnLimits() {
    start(Behaviour.builder().addModel(FakeModel.withBudget("my-tuned-model", 128, 8_192, false, 8, 1_024)));
    assertThat(generate("my-tuned-model", thinking(budget(128))).text(), containsString("ok"));
    assertThat(client.models.get("my-tuned-model", null).outputTokenLimit().orElseThrow(), equalTo(1_024));
    assertRefused(400, "Budget 0 is invalid. This model only works in thinking mode.",
        () -> generate("my-tuned-model", thinking(budget(0))));
    // "hello fake world\n" is 5 tokens on the fake's estimate; twice that is over the limit of 8
    assertRefused(400, "The input token count (9) exceeds the maximum number of tokens allowed (8).",
        () -> client.models.generateContent("my-tuned-model", "hello fake world hello fake world", null));
  }

  @Test
  public void aRefusalTakesNoQueuedFaultAndNoQuota() {
    start(Behaviour.builder().rpm(1).enqueue(Fault.INTERNAL_500));
    assertRefused(404, notFound("gemini-2.5-flash", "generateContent"), () -> generate("gemini-2.5-flash", null));
    assertRefused(400, "Budget 0 is invalid. This model only works in thinking mode.",
        () -> generate(GEMINI_3, thinking(budget(0))));
    ServerException e = assertThrows(ServerException.class, () -> generate(GEMINI_3, null));
    assertThat(e.code(), equalTo(500)); // the queued fault went to the first call that passed the rules
    assertThat(fake.faultCount(Fault.INTERNAL_500), equalTo(1));
    assertThat(fake.quotaRejections(), equalTo(0));
    assertThat(fake.requests().get(0).fault(), nullValue());
  }

  @Test
  public void theKeyIsCheckedBeforeTheModel() {
    start();
    Client wrongKey = client("not-the-key");
    ClientException generation =
        assertThrows(ClientException.class, () -> wrongKey.models.generateContent("gemini-2.5-flash", "hi", null));
    ClientException lookup = assertThrows(ClientException.class, () -> wrongKey.models.get("gemini-2.5-flash", null));
    for (ClientException e : List.of(generation, lookup)) {
      assertThat(e.code(), equalTo(400));
      assertThat(e.message(), startsWith("API key not valid. Please pass a valid API key.")); // then the details
    }
  }

  @Test
  public void embeddingOnAGenerationModelIsA404() {
    start();
    assertRefused(404, notFound(GEMINI_3, "batchEmbedContents"),
        () -> client.models.embedContent(GEMINI_3, "video jobs time out", null));
    assertThat(fake.embeddingRequests().get(0).status(), equalTo(404));
    assertThat(fake.requests(), empty());
  }

  @Test
  public void aBatchOf101EmbeddingsIsA400_andOf100IsEmbedded() {
    start();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      texts.add("friction number " + i);
    }
    assertRefused(400, "* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch",
        () -> client.models.embedContent(EMBEDDING, texts, null));
    EmbedContentResponse ok = client.models.embedContent(EMBEDDING, texts.subList(0, 100), null);
    assertThat(ok.embeddings().orElseThrow(), hasSize(100));
  }
}
