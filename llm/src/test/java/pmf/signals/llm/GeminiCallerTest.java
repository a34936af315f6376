package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.types.GenerateContentResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.After;
import org.junit.Test;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.Fault;
import pmf.signals.devtools.gemini.RecordedRequest;
import pmf.signals.llm.LlmCallException.Kind;

/** {@link GeminiCaller} on the real google-genai SDK against {@link FakeGemini} on loopback. */
public class GeminiCallerTest {

  private static final String KEY = "caller-test-key-5d81e2";
  private static final String MODEL = "gemini-3.5-flash-lite";
  private static final String ANSWER = "{\"label\":\"billing\",\"score\":0.93}";
  private static final String SCHEMA =
      "{\"type\":\"OBJECT\",\"properties\":{"
          + "\"label\":{\"type\":\"STRING\",\"enum\":[\"billing\",\"other\"],\"description\":\"topic\"},"
          + "\"score\":{\"type\":\"NUMBER\",\"minimum\":0,\"maximum\":1},"
          + "\"tags\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"STRING\"},\"maxItems\":\"3\"}},"
          + "\"required\":[\"label\",\"score\"]}";
  private static final LlmRequest REQUEST = new LlmRequest("You label messages.", "my invoice is wrong", 256);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Below the caller's own 60 s timeout, so a gate that never opens fails with this test's message. */
  private static final long GATE_GUARD_SECONDS = 45;

  private FakeGemini fake;
  private final List<GeminiCaller> callers = new ArrayList<>();

  @After
  public void tearDown() {
    callers.forEach(GeminiCaller::teardown);
    if (fake != null) {
      fake.close();
    }
  }

  private FakeGemini start(Behaviour.Builder behaviour) {
    fake = FakeGemini.start(behaviour.apiKey(KEY).latency(Duration.ZERO).build());
    return fake;
  }

  private GeminiCaller.Builder builder() {
    return GeminiCaller.builder(MODEL).baseUrl(fake.baseUrl()).apiKey(KEY).responseSchema(SCHEMA);
  }

  private GeminiCaller ready(GeminiCaller.Builder builder) {
    GeminiCaller caller = builder.build();
    caller.setup();
    callers.add(caller);
    return caller;
  }

  private LlmCallException failure(GeminiCaller caller) {
    return assertThrows(LlmCallException.class, () -> caller.call(REQUEST));
  }

  @Test
  public void givenAnAnswer_returnsTextAndTokens() throws Exception {
    start(Behaviour.builder().responder(req -> ANSWER));

    LlmReply reply = ready(builder()).call(REQUEST);

    assertThat(reply.text(), equalTo(ANSWER));
    assertThat(reply.finishReason(), equalTo("STOP"));
    long prompt = FakeGemini.estimateTokens("You label messages.\nmy invoice is wrong\n");
    assertThat((long) reply.tokensIn(), equalTo(prompt));
    assertThat((long) reply.tokensOut(), equalTo(FakeGemini.estimateTokens(ANSWER)));
  }

  @Test
  public void sendsJsonModeSchemaSamplingAndSystemInstructionOnV1beta() throws Exception {
    start(Behaviour.builder());
    ready(builder().temperature(0.3).seed(7).thinking(new GeminiModels.ThinkingChoice(null, "MINIMAL"))).call(REQUEST);

    RecordedRequest rec = fake.requests().get(0);
    assertThat(rec.path(), equalTo("/v1beta/models/" + MODEL + ":generateContent"));
    assertThat(rec.apiKeyPresent(), is(true));
    JsonNode body = rec.body();
    assertThat(body.at("/systemInstruction/parts/0/text").asText(), equalTo("You label messages."));
    assertThat(body.path("contents").size(), equalTo(1));
    assertThat(body.at("/contents/0/role").asText(), equalTo("user"));
    assertThat(body.at("/contents/0/parts/0/text").asText(), equalTo("my invoice is wrong"));
    JsonNode gc = body.path("generationConfig");
    assertThat(gc.path("responseMimeType").asText(), equalTo("application/json"));
    assertThat(gc.path("temperature").asDouble(), equalTo(0.3));
    assertThat(gc.path("seed").asInt(), equalTo(7));
    assertThat(gc.path("maxOutputTokens").asInt(), equalTo(256));
    assertThat(gc.at("/thinkingConfig/thinkingLevel").asText(), equalTo("MINIMAL"));
    assertThat(gc.at("/thinkingConfig/thinkingBudget").isMissingNode(), is(true));
    JsonNode schema = gc.path("responseSchema");
    assertThat(schema.path("type").asText(), equalTo("OBJECT"));
    assertThat(schema.at("/properties/label/type").asText(), equalTo("STRING"));
    assertThat(schema.at("/properties/label/enum/1").asText(), equalTo("other"));
    assertThat(schema.at("/properties/label/description").asText(), equalTo("topic"));
    assertThat(schema.at("/properties/score/maximum").asDouble(), equalTo(1.0));
    assertThat(schema.at("/properties/tags/items/type").asText(), equalTo("STRING"));
    assertThat(schema.at("/properties/tags/maxItems").asText(), equalTo("3"));
    assertThat(schema.at("/required/1").asText(), equalTo("score"));
    assertThat(JSON.writeValueAsString(fake.requests()), not(containsString(KEY)));
  }

  @Test
  public void defaultsAreTemperatureZeroPointOneAndSeed42() throws Exception {
    start(Behaviour.builder());
    ready(GeminiCaller.builder(MODEL).baseUrl(fake.baseUrl()).apiKey(KEY)).call(REQUEST);

    JsonNode gc = fake.requests().get(0).body().path("generationConfig");
    assertThat(gc.path("temperature").asDouble(), equalTo(0.1));
    assertThat(gc.path("seed").asInt(), equalTo(42));
    assertThat(gc.has("responseSchema"), is(false));
    assertThat(gc.path("responseMimeType").asText(), equalTo("application/json"));
  }

  @Test
  public void lowerCaseSchemaTypesGoOutUpperCase() throws Exception {
    start(Behaviour.builder());
    ready(builder().responseSchema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}"))
        .call(REQUEST);
    JsonNode schema = fake.requests().get(0).body().at("/generationConfig/responseSchema");
    assertThat(schema.path("type").asText(), equalTo("OBJECT"));
    assertThat(schema.at("/properties/n/type").asText(), equalTo("INTEGER"));
  }

  @Test
  public void upperCasesTypesButNotPropertiesNamedType() throws Exception {
    String schema = GeminiCaller.upperCaseTypes(
        "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"a\"]},"
            + "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}}");
    JsonNode tree = JSON.readTree(schema);
    assertThat(tree.path("type").asText(), equalTo("OBJECT"));
    assertThat(tree.at("/properties/type/type").asText(), equalTo("STRING"));
    assertThat(tree.at("/properties/type/enum/0").asText(), equalTo("a"));
    assertThat(tree.at("/properties/list/items/type").asText(), equalTo("NUMBER"));
  }

  @Test
  public void givenQuotaExceededWithRetryInfo_isQuotaWithTheServerDelay() {
    start(Behaviour.builder().enqueue(Fault.QUOTA_429).injectedRetryDelay(Duration.ofMillis(7_250)));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.QUOTA));
    assertThat(e.reason(), equalTo("http_429_resource_exhausted"));
    // RetryInfo ("7s", whole seconds) wins over the message's 7.25 s: the 2.0.0 SDK keeps details in its message.
    assertThat(e.retryAfter(), equalTo(Duration.ofSeconds(7)));
    assertThat(fake.requestCount(), equalTo(1)); // the SDK did not retry
  }

  @Test
  public void givenQuotaExceededWithoutRetryInfo_readsTheDelayFromTheMessage() {
    start(Behaviour.builder().enqueue(Fault.QUOTA_429_NO_RETRY_INFO).injectedRetryDelay(Duration.ofMillis(7_250)));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.QUOTA));
    assertThat(e.reason(), equalTo("http_429_resource_exhausted"));
    assertThat(e.retryAfter(), equalTo(Duration.ofMillis(7_250)));
  }

  @Test
  public void givenServerErrors_isTransientWithCodeAndStatus() {
    start(Behaviour.builder().enqueue(Fault.INTERNAL_500, Fault.UNAVAILABLE_503));
    GeminiCaller caller = ready(builder());
    LlmCallException e500 = failure(caller);
    LlmCallException e503 = failure(caller);
    assertThat(e500.kind(), is(Kind.TRANSIENT));
    assertThat(e500.reason(), equalTo("http_500_internal"));
    assertThat(e503.kind(), is(Kind.TRANSIENT));
    assertThat(e503.reason(), equalTo("http_503_unavailable"));
    assertThat(e503.retryAfter(), nullValue());
    assertThat(fake.requestCount(), equalTo(2));
  }

  @Test
  public void givenAMalformedBody_isTransientMalformedResponse() {
    start(Behaviour.builder().enqueue(Fault.MALFORMED_JSON));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.TRANSIENT));
    assertThat(e.reason(), equalTo("malformed_response"));
  }

  @Test
  public void givenASlowServer_isTransientTimeout() {
    // Held until the fake closes (it interrupts its handlers): the only clock that runs is the caller's own timeout.
    start(Behaviour.builder().enqueue(Fault.SLOW).slowDelay(Duration.ofDays(1)));
    LlmCallException e = failure(ready(builder().timeout(Duration.ofMillis(300))));
    assertThat(e.kind(), is(Kind.TRANSIENT));
    assertThat(e.reason(), equalTo("timeout"));
  }

  @Test
  public void givenATruncatedAnswer_isBadAnswerWithTokens() {
    start(Behaviour.builder().responder(req -> ANSWER).enqueue(Fault.MAX_TOKENS));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.BAD_ANSWER));
    assertThat(e.reason(), equalTo("finish_max_tokens"));
    assertThat(e.tokensIn(), greaterThanOrEqualTo(1));
    assertThat(e.tokensOut(), greaterThanOrEqualTo(1));
  }

  @Test
  public void givenASafetyStop_isBadAnswerNotAnSdkException() {
    start(Behaviour.builder().enqueue(Fault.SAFETY));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.BAD_ANSWER));
    assertThat(e.reason(), equalTo("finish_safety"));
    assertThat(e.tokensIn(), greaterThanOrEqualTo(1));
  }

  @Test
  public void givenABlockedPrompt_isBadAnswerWithTheBlockReason() {
    start(Behaviour.builder().enqueue(Fault.BLOCKED_PROMPT));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.BAD_ANSWER));
    assertThat(e.reason(), equalTo("blocked_prompt_safety"));
    assertThat(e.tokensIn(), greaterThanOrEqualTo(1));
    assertThat(e.tokensOut(), equalTo(0));
  }

  @Test
  public void givenAnEmptyAnswer_isBadAnswer() {
    start(Behaviour.builder().responder(req -> ""));
    LlmCallException e = failure(ready(builder()));
    assertThat(e.kind(), is(Kind.BAD_ANSWER));
    assertThat(e.reason(), equalTo("empty_answer"));
  }

  @Test
  public void givenAWrongKey_isPermanentAndNeverShowsTheKey() {
    start(Behaviour.builder());
    String wrong = "wrong-key-93b0c4";
    GeminiCaller caller = ready(builder().apiKey(wrong));
    LlmCallException e = failure(caller);
    assertThat(e.kind(), is(Kind.PERMANENT));
    assertThat(e.reason(), equalTo("http_400_invalid_argument"));
    assertThat(stackTrace(e), not(containsString(wrong)));
    assertThat(caller.toString(), not(containsString(wrong)));
  }

  @Test
  public void givenAnUnknownPath_isPermanentNotFound() {
    start(Behaviour.builder());
    LlmCallException e = failure(ready(builder().baseUrl(fake.baseUrl() + "/nowhere")));
    assertThat(e.kind(), is(Kind.PERMANENT));
    assertThat(e.reason(), equalTo("http_404_not_found"));
  }

  @Test
  public void givenAClosedPort_isTransientIoError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GeminiCaller caller =
        ready(GeminiCaller.builder(MODEL).baseUrl("http://127.0.0.1:" + port).apiKey(KEY)
            .timeout(Duration.ofSeconds(2)));
    LlmCallException e = failure(caller);
    assertThat(e.kind(), is(Kind.TRANSIENT));
    assertThat(e.reason(), equalTo("io_error"));
    assertThat(stackTrace(e), not(containsString(KEY)));
  }

  @Test
  public void withoutAKey_setupFailsNamingTheVariable() {
    GeminiCaller caller = GeminiCaller.builder(MODEL).apiKeyEnv("PMF_SIGNALS_NO_SUCH_KEY_VAR").build();
    IllegalStateException e = assertThrows(IllegalStateException.class, caller::setup);
    assertThat(e.getMessage(), equalTo("PMF_SIGNALS_NO_SUCH_KEY_VAR is not set"));
  }

  @Test
  public void anUnreadableSchemaFailsAtBuild() {
    assertThrows(IllegalArgumentException.class, () -> GeminiCaller.builder(MODEL).responseSchema("{not json").build());
  }

  @Test
  public void survivesJavaSerializationAndWorksAfterSetup() throws Exception {
    start(Behaviour.builder().responder(req -> ANSWER));
    GeminiCaller copy = SerializableUtils.clone(builder().build());
    copy.setup();
    callers.add(copy);
    assertThat(copy.call(REQUEST).text(), equalTo(ANSWER));
    assertThat(copy.model(), equalTo(MODEL));
  }

  @Test
  public void sixteenThreadsSharingOneCallerHaveAllSixteenCallsInFlightAtOnce() throws Exception {
    // The synchronous path must not be held to OkHttp's async per-host limit of 5. The fake holds each call until
    // all sixteen are inside it at once: no latency stands in for the overlap. Were the client to let fewer through,
    // the gate would never open and the guard below would fail the test, not hang it.
    int threads = 16;
    fake = FakeGemini.start(Behaviour.builder().apiKey(KEY).holdUntilInFlight(threads).build());
    GeminiCaller caller = ready(builder());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LlmReply>> replies = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        replies.add(pool.submit(() -> caller.call(REQUEST)));
      }
      long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_GUARD_SECONDS);
      for (Future<LlmReply> r : replies) {
        LlmReply reply;
        try {
          reply = r.get(Math.max(0, guard - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stuck) {
          throw new AssertionError("at most " + fake.maxConcurrency() + " of " + threads + " calls were in flight"
              + " together after " + GATE_GUARD_SECONDS + " s, so the fake's gate never opened: the caller does not"
              + " run " + threads + " calls at once", stuck);
        }
        assertThat(reply.finishReason(), equalTo("STOP"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.maxConcurrency(), equalTo(threads));
    assertThat(fake.requestCount(), equalTo(threads));
  }

  // --- pure parts: retry delay parsing and reading a 200 body -------------------------------------

  @Test
  public void parsesRetryInfoDelay() {
    String message = "Resource has been exhausted (e.g. check quota). Please retry in 19.42s.\nDetails: "
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"19s\"}";
    assertThat(GeminiCaller.parseRetryDelay(message), equalTo(Duration.ofSeconds(19)));
    assertThat(GeminiCaller.parseRetryDelay("{\"retryDelay\": \"1.5s\"}"), equalTo(Duration.ofMillis(1_500)));
  }

  @Test
  public void parsesTheRetrySentence() {
    assertThat(GeminiCaller.parseRetryDelay("Please retry in 19.42s."), equalTo(Duration.ofMillis(19_420)));
    assertThat(GeminiCaller.parseRetryDelay("Please retry in 19s."), equalTo(Duration.ofSeconds(19)));
    assertThat(GeminiCaller.parseRetryDelay("Please retry in 1.5s."), equalTo(Duration.ofMillis(1_500)));
    assertThat(GeminiCaller.parseRetryDelay("Please retry in 563.9ms."), equalTo(Duration.ofNanos(563_900_000)));
  }

  @Test
  public void noDelayGivenIsNull() {
    assertThat(GeminiCaller.parseRetryDelay("Resource has been exhausted (e.g. check quota)."), nullValue());
    assertThat(GeminiCaller.parseRetryDelay(""), nullValue());
    assertThat(GeminiCaller.parseRetryDelay(null), nullValue());
  }

  @Test
  public void httpErrorsClassifyByCode() {
    assertThat(GeminiCaller.fromHttpError(401, "UNAUTHENTICATED", "").kind(), is(Kind.PERMANENT));
    assertThat(GeminiCaller.fromHttpError(403, "PERMISSION_DENIED", "").reason(),
        equalTo("http_403_permission_denied"));
    assertThat(GeminiCaller.fromHttpError(504, "DEADLINE_EXCEEDED", "").kind(), is(Kind.TRANSIENT));
    assertThat(GeminiCaller.fromHttpError(502, "Bad Gateway", "").reason(), equalTo("http_502_bad_gateway"));
    assertThat(GeminiCaller.fromHttpError(429, "RESOURCE_EXHAUSTED", "no hint").retryAfter(), nullValue());
  }

  @Test
  public void otherFinishReasonsAreBadAnswers() {
    for (String finish : List.of("RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "OTHER")) {
      LlmCallException e = assertThrows(LlmCallException.class, () -> GeminiCaller.interpret(response(
          "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"" + finish + "\"}],"
              + "\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":3}}")));
      assertThat(e.kind(), is(Kind.BAD_ANSWER));
      assertThat(e.reason(), equalTo("finish_" + finish.toLowerCase()));
      assertThat(e.tokensIn(), equalTo(11));
      assertThat(e.tokensOut(), equalTo(3));
    }
  }

  @Test
  public void thoughtsAreSkippedButTheirTokensCount() throws Exception {
    LlmReply reply = GeminiCaller.interpret(response(
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hmm\",\"thought\":true},{\"text\":\"{}\"}]},"
            + "\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":11,\"candidatesTokenCount\":3,\"thoughtsTokenCount\":40}}"));
    assertThat(reply.text(), equalTo("{}"));
    assertThat(reply.tokensOut(), equalTo(43));
  }

  @Test
  public void missingUsageCountsZero() throws Exception {
    LlmReply reply = GeminiCaller.interpret(response("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"{}\"}]}}]}"));
    assertThat(reply.text(), equalTo("{}"));
    assertThat(reply.finishReason(), equalTo("STOP"));
    assertThat(reply.tokensIn(), equalTo(0));
    assertThat(reply.tokensOut(), equalTo(0));
  }

  private static GenerateContentResponse response(String json) {
    return GenerateContentResponse.fromJson(json);
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  public void eachCurrentModelTakesWhatTheCatalogueSendsForMinimalThinking() throws Exception {
    start(Behaviour.builder().responder(req -> ANSWER));
    for (String model : new String[] {"gemini-3.5-flash-lite", "gemini-2.5-flash-lite"}) {
      GeminiCaller caller = ready(GeminiCaller.builder(model).baseUrl(fake.baseUrl()).apiKey(KEY)
          .responseSchema(SCHEMA).thinking(GeminiModels.bundled().thinking(model, "minimal")));
      assertThat(caller.call(REQUEST).text(), equalTo(ANSWER));
    }
    assertThat(fake.requests().stream().filter(r -> r.status() != 200).count(), equalTo(0L));
  }

  @Test
  public void aRefusalKeepsGooglesWords_soTheDeadLetterSaysWhatToFix() {
    start(Behaviour.builder());
    LlmCallException retired = failure(ready(GeminiCaller.builder("gemini-2.5-flash").baseUrl(fake.baseUrl())
        .apiKey(KEY).responseSchema(SCHEMA)));
    assertThat(retired.kind(), equalTo(LlmCallException.Kind.PERMANENT));
    assertThat(retired.explained(), startsWith("http_404_not_found: models/gemini-2.5-flash is not found"));

    LlmCallException budget = failure(ready(builder().thinking(new GeminiModels.ThinkingChoice(0, null))));
    assertThat(budget.explained(),
        equalTo("http_400_invalid_argument: Budget 0 is invalid. This model only works in thinking mode."));
  }

  @Test
  public void serviceWordsDropQuotedTextDetailsAndPersonalData() {
    assertThat(GeminiCaller.serviceWords("Invalid value at 'contents[0]' \"please mail jane@example.com now\""
        + " for jane@example.com\nDetails: {\"x\": 1}"), equalTo("Invalid value at 'contents[0]' \"…\" for [EMAIL_1]"));
    assertThat(GeminiCaller.serviceWords(null), equalTo(null));
  }
}
