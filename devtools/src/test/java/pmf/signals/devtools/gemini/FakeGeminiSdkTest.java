package pmf.signals.devtools.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.BlockedReason;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import com.google.genai.types.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

/** The real google-genai 2.0.0 SDK against {@link FakeGemini}. */
public class FakeGeminiSdkTest {

  private static final String KEY = "test-key-7f3a9c";
  private static final String MODEL = "gemini-3.5-flash-lite";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeGemini fake;
  private final List<Client> clients = new ArrayList<>();

  @After
  public void tearDown() {
    clients.forEach(Client::close);
    if (fake != null) {
      fake.close();
    }
  }

  private FakeGemini start(Behaviour.Builder b) {
    fake = FakeGemini.start(b.apiKey(KEY).build());
    return fake;
  }

  /**
   * The SDK pointed at the fake, on v1beta, with its built-in retry off. {@code attempts(1)} alone is not
   * enough in 2.0.0: RetryInterceptor still sleeps one backoff (~1 s + jitter) after a retryable status
   * (408/429/5xx) before returning it. An empty {@code httpStatusCodes} list makes nothing retryable, so
   * it returns at once.
   */
  private Client client(String key, String apiVersion) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .baseUrl(fake.baseUrl())
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    if (apiVersion != null) {
      http.apiVersion(apiVersion);
    }
    Client c = Client.builder().apiKey(key).vertexAI(false).httpOptions(http.build()).build();
    clients.add(c);
    return c;
  }

  private Client client() {
    return client(KEY, "v1beta");
  }

  private static GenerateContentConfig jsonConfig() {
    Schema schema =
        Schema.builder()
            .type(Type.Known.OBJECT)
            .properties(
                Map.of(
                    "label", Schema.builder().type(Type.Known.STRING).build(),
                    "score", Schema.builder().type(Type.Known.NUMBER).build()))
            .required("label", "score")
            .build();
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText("You label messages.")))
        .temperature(0.0f)
        .maxOutputTokens(256)
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel(ThinkingLevel.Known.MINIMAL))
        .seed(7)
        .responseMimeType("application/json")
        .responseSchema(schema)
        .build();
  }

  private GenerateContentResponse call(Client c) {
    return c.models.generateContent(MODEL, "hello fake world", jsonConfig());
  }

  @Test
  public void jsonAnswerAndUsageComeThroughTheSdk() {
    String answer = "{\"label\":\"billing\",\"score\":0.93}";
    start(Behaviour.builder().responder(req -> answer));

    GenerateContentResponse r = call(client());

    assertThat(r.text(), equalTo(answer));
    assertThat(r.finishReason().knownEnum(), is(FinishReason.Known.STOP));
    GenerateContentResponseUsageMetadata u = r.usageMetadata().orElseThrow();
    long prompt = FakeGemini.estimateTokens("You label messages.\nhello fake world\n");
    assertThat(u.promptTokenCount().orElseThrow().longValue(), equalTo(prompt));
    assertThat(
        u.candidatesTokenCount().orElseThrow().longValue(),
        equalTo(FakeGemini.estimateTokens(answer)));
    assertThat(
        u.totalTokenCount().orElseThrow().longValue(),
        equalTo(prompt + FakeGemini.estimateTokens(answer)));
    assertThat(r.modelVersion().orElseThrow(), equalTo(MODEL));
    assertThat(fake.successes(), equalTo(1L));
  }

  @Test
  public void defaultResponderAnswersValidJson() throws Exception {
    start(Behaviour.builder());
    JsonNode parsed = JSON.readTree(call(client()).text());
    assertThat(parsed.path("ok").asBoolean(), is(true));
  }

  @Test
  public void recordsBodyAndPathButNeverTheKey() throws Exception {
    start(Behaviour.builder());
    call(client());

    assertThat(fake.requestCount(), equalTo(1));
    RecordedRequest rec = fake.requests().get(0);
    assertThat(rec.method(), equalTo("POST"));
    assertThat(rec.path(), equalTo("/v1beta/models/" + MODEL + ":generateContent"));
    assertThat(rec.apiVersion(), equalTo("v1beta"));
    assertThat(rec.model(), equalTo(MODEL));
    assertThat(rec.apiKeyPresent(), is(true));
    assertThat(rec.status(), equalTo(200));
    JsonNode body = rec.body();
    assertThat(
        body.at("/systemInstruction/parts/0/text").asText(), equalTo("You label messages."));
    assertThat(body.at("/contents/0/role").asText(), equalTo("user"));
    assertThat(body.at("/contents/0/parts/0/text").asText(), equalTo("hello fake world"));
    JsonNode gc = body.path("generationConfig");
    assertThat(gc.path("responseMimeType").asText(), equalTo("application/json"));
    assertThat(gc.path("maxOutputTokens").asInt(), equalTo(256));
    assertThat(gc.path("temperature").asDouble(), equalTo(0.0));
    assertThat(gc.path("seed").asInt(), equalTo(7));
    assertThat(gc.at("/thinkingConfig/thinkingLevel").asText(), equalTo("MINIMAL"));
    assertThat(gc.at("/responseSchema/type").asText(), equalTo("OBJECT"));
    assertThat(gc.at("/responseSchema/properties/label/type").asText(), equalTo("STRING"));
    assertThat(gc.at("/responseSchema/required/1").asText(), equalTo("score"));

    String everything = JSON.writeValueAsString(fake.requests());
    assertThat(everything, not(containsString(KEY)));
    assertThat(rec.headers().containsKey("x-goog-api-key"), is(false));

    fake.clearRequests();
    assertThat(fake.requestCount(), equalTo(0));
  }

  @Test
  public void sdkWithoutApiVersionCallsV1AndTheFakeServesIt() {
    start(Behaviour.builder().responder(req -> "{}"));
    GenerateContentResponse r = call(client(KEY, null));
    assertThat(r.text(), equalTo("{}"));
    assertThat(fake.requests().get(0).path(), equalTo("/v1/models/" + MODEL + ":generateContent"));
    assertThat(fake.requests().get(0).apiVersion(), equalTo("v1"));
  }

  @Test
  public void overQuotaIsA429ClientExceptionWithRetryInfoInTheRawBody() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    start(Behaviour.builder().rpm(2).nanoTime(now::get));
    Client c = client();
    call(c);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(40_580)); // second request at t0 + 40.58 s
    call(c);

    ClientException e = assertThrows(ClientException.class, () -> call(c));
    assertThat(e.code(), equalTo(429));
    assertThat(e.status(), equalTo("RESOURCE_EXHAUSTED"));
    // the window frees when the first request (at t0) turns 60 s old: 60 - 40.58 = 19.42 s
    assertThat(e.message(), containsString("Please retry in 19.42s."));
    assertThat(fake.quotaRejections(), equalTo(1));

    RecordedRequest served = fake.requests().get(2);
    assertThat(served.status(), equalTo(429));
    JsonNode detail = JSON.readTree(served.responseBody()).at("/error/details/0");
    assertThat(detail.path("@type").asText(), equalTo("type.googleapis.com/google.rpc.RetryInfo"));
    assertThat(detail.path("retryDelay").asText(), equalTo("19s"));

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(19_420)); // first request leaves the window
    assertThat(call(c).text(), containsString("ok"));
  }

  @Test
  public void overQuotaWithoutRetryInfo() throws Exception {
    AtomicLong now = new AtomicLong(0);
    start(Behaviour.builder().rpm(1).quotaRetryInfo(false).nanoTime(now::get));
    Client c = client();
    call(c);
    ClientException e = assertThrows(ClientException.class, () -> call(c));
    assertThat(e.code(), equalTo(429));
    assertThat(e.message(), containsString("Please retry in 60.00s."));
    JsonNode err = JSON.readTree(fake.requests().get(1).responseBody()).path("error");
    assertThat(err.path("status").asText(), equalTo("RESOURCE_EXHAUSTED"));
    assertThat(err.has("details"), is(false));
  }

  @Test
  public void injected429sWithAndWithoutRetryInfo() throws Exception {
    start(Behaviour.builder().enqueue(Fault.QUOTA_429, Fault.QUOTA_429_NO_RETRY_INFO));
    Client c = client();
    ClientException first = assertThrows(ClientException.class, () -> call(c));
    ClientException second = assertThrows(ClientException.class, () -> call(c));
    assertThat(first.code(), equalTo(429));
    assertThat(second.code(), equalTo(429));
    assertThat(first.message(), containsString("Please retry in 19.42s."));
    assertThat(
        JSON.readTree(fake.requests().get(0).responseBody()).at("/error/details/0/retryDelay").asText(),
        equalTo("19s"));
    assertThat(
        JSON.readTree(fake.requests().get(1).responseBody()).at("/error/details").isMissingNode(),
        is(true));
    assertThat(fake.faultCount(Fault.QUOTA_429), equalTo(1));
    assertThat(fake.faultCount(Fault.QUOTA_429_NO_RETRY_INFO), equalTo(1));
    assertThat(fake.quotaRejections(), equalTo(2));
  }

  @Test
  public void serverErrorsAreServerExceptions() {
    start(Behaviour.builder().enqueue(Fault.INTERNAL_500, Fault.UNAVAILABLE_503));
    Client c = client();
    ServerException e500 = assertThrows(ServerException.class, () -> call(c));
    assertThat(e500.code(), equalTo(500));
    assertThat(e500.status(), equalTo("INTERNAL"));
    ServerException e503 = assertThrows(ServerException.class, () -> call(c));
    assertThat(e503.code(), equalTo(503));
    assertThat(e503.status(), equalTo("UNAVAILABLE"));
    assertThat(fake.faultCount(Fault.INTERNAL_500), equalTo(1));
    assertThat(fake.faultCount(Fault.UNAVAILABLE_503), equalTo(1));
    assertThat(fake.requestCount(), equalTo(2)); // the SDK did not retry
  }

  @Test
  public void maxTokensSafetyAndBlockedPromptParseInTheSdk() {
    String answer = "{\"label\":\"billing\",\"score\":0.93}";
    start(
        Behaviour.builder()
            .responder(req -> answer)
            .enqueue(Fault.MAX_TOKENS, Fault.SAFETY, Fault.BLOCKED_PROMPT));
    Client c = client();

    GenerateContentResponse maxTokens = call(c);
    assertThat(maxTokens.finishReason().knownEnum(), is(FinishReason.Known.MAX_TOKENS));
    assertThat(maxTokens.text(), equalTo(answer.substring(0, answer.length() / 2)));

    GenerateContentResponse safety = call(c);
    assertThat(safety.finishReason().knownEnum(), is(FinishReason.Known.SAFETY));
    // text() calls checkFinishReason(): SAFETY is not STOP/MAX_TOKENS, so it throws.
    IllegalArgumentException unexpected = assertThrows(IllegalArgumentException.class, safety::text);
    assertThat(unexpected.getMessage(), containsString("finished unexpectedly with reason SAFETY"));
    assertThat(
        safety.candidates().orElseThrow().get(0).safetyRatings().orElseThrow(), hasSize(4));

    GenerateContentResponse blocked = call(c);
    assertThat(blocked.candidates().isPresent(), is(false));
    BlockedReason reason =
        blocked.promptFeedback().orElseThrow().blockReason().orElseThrow();
    assertThat(reason.knownEnum(), is(BlockedReason.Known.SAFETY));
    assertThat(blocked.text(), nullValue());

    assertThat(fake.faultCount(Fault.MAX_TOKENS), equalTo(1));
    assertThat(fake.faultCount(Fault.SAFETY), equalTo(1));
    assertThat(fake.faultCount(Fault.BLOCKED_PROMPT), equalTo(1));
  }

  @Test
  public void malformedJsonMakesTheSdkThrow() {
    start(Behaviour.builder().enqueue(Fault.MALFORMED_JSON));
    // google-genai 2.0.0 wraps the Jackson parse failure: GenAiIOException("Failed to parse the JSON
    // string.") caused by JsonEOFException. It is not an ApiException (no code()).
    GenAiIOException e = assertThrows(GenAiIOException.class, () -> call(client()));
    assertThat(e.getMessage(), containsString("Failed to parse the JSON string"));
    assertThat(e.getCause(), instanceOf(JsonProcessingException.class));
    assertThat(e, not(instanceOf(ApiException.class)));
    assertThat(fake.faultCount(Fault.MALFORMED_JSON), equalTo(1));
  }

  @Test
  public void wrongKeyIsA400ApiKeyInvalid() throws Exception {
    start(Behaviour.builder());
    ClientException e = assertThrows(ClientException.class, () -> call(client("not-the-key", "v1beta")));
    assertThat(e.code(), equalTo(400));
    assertThat(e.status(), equalTo("INVALID_ARGUMENT"));
    assertThat(e.message(), containsString("API key not valid"));
    RecordedRequest rec = fake.requests().get(0);
    assertThat(rec.status(), equalTo(400));
    assertThat(
        JSON.readTree(rec.responseBody()).at("/error/details/0/reason").asText(),
        equalTo("API_KEY_INVALID"));
    assertThat(JSON.writeValueAsString(fake.requests()), not(containsString("not-the-key")));
  }

  @Test
  public void concurrentRequestsAreServedInParallel() throws Exception {
    int n = 16;
    CountDownLatch allInside = new CountDownLatch(n);
    // Each answer waits until all n requests are inside the fake: if the fake serialized requests this
    // would time out and answer "serial" instead.
    Responder gate =
        req -> {
          allInside.countDown();
          try {
            return allInside.await(20, TimeUnit.SECONDS) ? "{\"parallel\":true}" : "{\"serial\":true}";
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "{}";
          }
        };
    start(Behaviour.builder().latency(Duration.ofMillis(200)).responder(gate));
    Client c = client();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<GenerateContentResponse>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> call(c)));
      }
      for (Future<GenerateContentResponse> f : futures) {
        assertThat(f.get(30, TimeUnit.SECONDS).text(), equalTo("{\"parallel\":true}"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.maxConcurrency(), greaterThanOrEqualTo(n));
    assertThat(fake.requestCount(), equalTo(n));
  }
}
