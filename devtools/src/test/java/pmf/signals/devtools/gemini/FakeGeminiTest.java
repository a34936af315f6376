package pmf.signals.devtools.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** Fake-side behaviour checked with a plain HTTP client. */
public class FakeGeminiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BODY =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"0123456789abcdef0123456789abcdef\"}]}]}";
  private static final String MODEL = "gemini-3.5-flash-lite";
  private static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";

  private static HttpResponse<String> post(FakeGemini fake, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-goog-api-key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(FakeGemini fake, String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).GET();
    if (key != null) {
      b.header("x-goog-api-key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> generate(FakeGemini fake) throws Exception {
    return post(fake, GENERATE, fake.behaviour().apiKey(), BODY);
  }

  @Test
  public void missingKeyIs401Unauthenticated() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.defaults())) {
      HttpResponse<String> r = post(fake, GENERATE, null, BODY);
      assertThat(r.statusCode(), equalTo(401));
      JsonNode err = JSON.readTree(r.body()).path("error");
      assertThat(err.path("code").asInt(), equalTo(401));
      assertThat(err.path("status").asText(), equalTo("UNAUTHENTICATED"));
      assertThat(fake.requests().get(0).apiKeyPresent(), is(false));
    }
  }

  @Test
  public void unknownPathIs404AndBadBodyIs400() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.defaults())) {
      String key = fake.behaviour().apiKey();
      assertThat(post(fake, "/v1beta/models/" + MODEL + ":countTokens", key, BODY).statusCode(), equalTo(404));
      HttpResponse<String> bad = post(fake, GENERATE, key, "{not json");
      assertThat(bad.statusCode(), equalTo(400));
      assertThat(bad.body(), containsString("INVALID_ARGUMENT"));
      assertThat(fake.requestCount(), equalTo(2));
    }
  }

  @Test
  public void modelLookupIsAGetThatChecksTheKeyLikeAPost() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.defaults())) {
      String key = fake.behaviour().apiKey();
      assertThat(get(fake, "/v1beta/models/" + MODEL, null).statusCode(), equalTo(401));
      assertThat(get(fake, "/v1beta/models/" + MODEL, "wrong").statusCode(), equalTo(400));
      HttpResponse<String> ok = get(fake, "/v1/models/" + MODEL, key);
      assertThat(ok.statusCode(), equalTo(200));
      assertThat(JSON.readTree(ok.body()).path("outputTokenLimit").asInt(), equalTo(65_536));
      assertThat(post(fake, "/v1beta/models/" + MODEL, key, BODY).statusCode(), equalTo(405));
      assertThat(get(fake, GENERATE, key).statusCode(), equalTo(405));
      assertThat(fake.modelLookups().size(), equalTo(4));
      assertThat(fake.requestCount(), equalTo(1)); // the GET on :generateContent
    }
  }

  @Test
  public void thinkingSetInProtoFieldNamesIsRefusedAlike() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.defaults())) {
      String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],"
          + "\"generation_config\":{\"thinking_config\":{\"thinking_budget\":0}}}";
      HttpResponse<String> r = post(fake, GENERATE, fake.behaviour().apiKey(), body);
      assertThat(r.statusCode(), equalTo(400));
      assertThat(r.body(), containsString("Budget 0 is invalid. This model only works in thinking mode."));
    }
  }

  @Test
  public void responseShapeIsV1beta() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.builder().responder(req -> "{\"a\":1}").build())) {
      HttpResponse<String> r = generate(fake);
      assertThat(r.statusCode(), equalTo(200));
      JsonNode root = JSON.readTree(r.body());
      assertThat(root.at("/candidates/0/content/role").asText(), equalTo("model"));
      assertThat(root.at("/candidates/0/content/parts/0/text").asText(), equalTo("{\"a\":1}"));
      assertThat(root.at("/candidates/0/finishReason").asText(), equalTo("STOP"));
      assertThat(root.at("/candidates/0/index").asInt(), equalTo(0));
      // 33 prompt chars (32 + newline) -> 9 tokens; 7 answer chars -> 2 tokens
      assertThat(root.at("/usageMetadata/promptTokenCount").asInt(), equalTo(9));
      assertThat(root.at("/usageMetadata/candidatesTokenCount").asInt(), equalTo(2));
      assertThat(root.at("/usageMetadata/totalTokenCount").asInt(), equalTo(11));
      assertThat(root.path("modelVersion").asText(), equalTo(MODEL));
    }
  }

  @Test
  public void tokensPerMinuteWindowSaysWhenItFreesUp() throws Exception {
    AtomicLong now = new AtomicLong(0);
    // each request is 9 prompt tokens; 20 tokens per minute fit two
    Behaviour b = Behaviour.builder().tpm(20).nanoTime(now::get).build();
    try (FakeGemini fake = FakeGemini.start(b)) {
      assertThat(generate(fake).statusCode(), equalTo(200));
      now.set(TimeUnit.SECONDS.toNanos(10));
      assertThat(generate(fake).statusCode(), equalTo(200));
      now.set(TimeUnit.SECONDS.toNanos(30));
      HttpResponse<String> r = generate(fake);
      assertThat(r.statusCode(), equalTo(429));
      // the first request (t=0) leaves the window at t=60: 30 s from now
      assertThat(r.body(), containsString("Please retry in 30.00s."));
      assertThat(JSON.readTree(r.body()).at("/error/details/0/retryDelay").asText(), equalTo("30s"));
      now.set(TimeUnit.SECONDS.toNanos(60));
      assertThat(generate(fake).statusCode(), equalTo(200));
      assertThat(fake.quotaRejections(), equalTo(1));
    }
  }

  @Test
  public void seededFaultRatesAreReproducibleAndCounted() throws Exception {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Behaviour b =
          Behaviour.builder()
              .seed(123)
              .faultRate(Fault.INTERNAL_500, 0.2)
              .faultRate(Fault.MAX_TOKENS, 0.2)
              .faultRate(Fault.SLOW, 0.1)
              .slowDelay(Duration.ofMillis(1))
              .build();
      try (FakeGemini fake = FakeGemini.start(b)) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          statuses.add(generate(fake).statusCode());
        }
        runs.add(statuses);
        int faults =
            fake.faultCount(Fault.INTERNAL_500) + fake.faultCount(Fault.MAX_TOKENS) + fake.faultCount(Fault.SLOW);
        assertThat(fake.faultCount(Fault.INTERNAL_500), greaterThan(0));
        assertThat(fake.faultCount(Fault.MAX_TOKENS), greaterThan(0));
        assertThat(faults + (int) fake.successes() - fake.faultCount(Fault.SLOW), equalTo(40));
        assertThat(
            (int) statuses.stream().filter(s -> s == 500).count(),
            equalTo(fake.faultCount(Fault.INTERNAL_500)));
      }
    }
    assertThat(runs.get(0), equalTo(runs.get(1)));
  }

  @Test
  public void queuedFaultsComeFirstThenNormalAnswers() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.builder().enqueue(Fault.UNAVAILABLE_503).build())) {
      fake.enqueueFaults(Fault.MALFORMED_JSON);
      assertThat(generate(fake).statusCode(), equalTo(503));
      HttpResponse<String> malformed = generate(fake);
      assertThat(malformed.statusCode(), equalTo(200));
      assertThat(fake.requests().get(1).fault(), equalTo(Fault.MALFORMED_JSON));
      assertThat(generate(fake).statusCode(), equalTo(200));
      assertThat(fake.requests().get(2).fault(), equalTo(null));
      assertThat(fake.successes(), equalTo(1L));
    }
  }

  @Test
  public void theGateHoldsAcceptedCallsUntilThatManyAreInFlightThenLetsEveryCallThrough() throws Exception {
    try (FakeGemini fake = FakeGemini.start(Behaviour.builder().holdUntilInFlight(3).build())) {
      List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        held.add(HTTP.sendAsync(generateRequest(fake), HttpResponse.BodyHandlers.ofString()));
      }
      // A refusal is not held: it is answered while the two accepted calls wait for a third.
      assertThat(post(fake, GENERATE, null, BODY).statusCode(), equalTo(401));
      assertThat(held.get(0).isDone() || held.get(1).isDone(), is(false));

      held.add(HTTP.sendAsync(generateRequest(fake), HttpResponse.BodyHandlers.ofString()));
      for (CompletableFuture<HttpResponse<String>> call : held) {
        // A guard against a broken gate, not the synchronisation: the third call opens it.
        assertThat(call.get(30, TimeUnit.SECONDS).statusCode(), equalTo(200));
      }
      assertThat(fake.maxConcurrency(), greaterThanOrEqualTo(3));
      assertThat(generate(fake).statusCode(), equalTo(200)); // the gate stays open
      assertThat(fake.successes(), equalTo(4L));
    }
  }

  @Test
  public void aGateWiderThanTheHandlerThreadsIsRefusedAtBuild() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Behaviour.builder().threads(8).holdUntilInFlight(9).build());
    assertThat(e.getMessage(), containsString("holdUntilInFlight 9 > threads 8"));
  }

  private static HttpRequest generateRequest(FakeGemini fake) {
    return HttpRequest.newBuilder(URI.create(fake.baseUrl() + GENERATE))
        .header("Content-Type", "application/json")
        .header("x-goog-api-key", fake.behaviour().apiKey())
        .POST(HttpRequest.BodyPublishers.ofString(BODY))
        .build();
  }
}
