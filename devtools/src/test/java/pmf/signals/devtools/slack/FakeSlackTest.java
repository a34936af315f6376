package pmf.signals.devtools.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Test;

/** Fake-side behaviour checked with a plain HTTP client. */
public class FakeSlackTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PAYLOAD = "{\"text\":\"hello\",\"blocks\":[]}";

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  public void answersOkAndRecordsTheBody() throws Exception {
    try (FakeSlack slack = FakeSlack.start()) {
      HttpResponse<String> r = post(slack.webhookUrl(), PAYLOAD);
      assertThat(r.statusCode(), equalTo(200));
      assertThat(r.body(), equalTo("ok"));
      SlackRequest recorded = slack.requests().get(0);
      assertThat(recorded.body(), equalTo(PAYLOAD));
      assertThat(recorded.contentType(), equalTo("application/json"));
      assertThat(recorded.answer(), is(SlackAnswer.OK));
      assertThat(slack.postedPayloads().get(0).path("text").asText(), equalTo("hello"));
    }
  }

  @Test
  public void queuedAnswersAreServedInOrderThenOk() throws Exception {
    try (FakeSlack slack = FakeSlack.start()) {
      slack.answerNext(SlackAnswer.SERVER_ERROR, 2).answerNext(SlackAnswer.INVALID_PAYLOAD, 1);
      for (int i = 0; i < 4; i++) {
        post(slack.webhookUrl(), PAYLOAD);
      }
      List<String> served =
          slack.requests().stream().map(r -> r.status() + " " + r.response()).collect(Collectors.toList());
      assertThat(served, contains("500 internal_error", "500 internal_error", "400 invalid_payload", "200 ok"));
    }
  }

  @Test
  public void standingAnswerIsServedToEveryRequest() throws Exception {
    try (FakeSlack slack = FakeSlack.start().answerAlways(SlackAnswer.CHANNEL_NOT_FOUND)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = post(slack.webhookUrl(), PAYLOAD);
        assertThat(r.statusCode(), equalTo(404));
        assertThat(r.body(), equalTo("channel_not_found"));
      }
    }
  }

  @Test
  public void rateLimitCarriesRetryAfterInWholeSeconds() throws Exception {
    try (FakeSlack slack = FakeSlack.start().retryAfter(Duration.ofMillis(2500))) {
      slack.answerNext(SlackAnswer.RATE_LIMITED, 1);
      HttpResponse<String> r = post(slack.webhookUrl(), PAYLOAD);
      assertThat(r.statusCode(), equalTo(429));
      assertThat(r.headers().firstValue("Retry-After").orElse(null), equalTo("3"));
    }
  }

  @Test
  public void refusesWrongPathNonJsonAndEmptyPayloads() throws Exception {
    try (FakeSlack slack = FakeSlack.start()) {
      String elsewhere = slack.webhookUrl().replace(slack.token(), "wrong");
      assertThat(post(elsewhere, PAYLOAD).body(), equalTo("no_service"));
      assertThat(post(slack.webhookUrl(), "not json").body(), equalTo("invalid_payload"));
      assertThat(post(slack.webhookUrl(), "{\"channel\":\"#x\"}").body(), equalTo("no_text"));
      assertThat(slack.requests().get(0).answer(), nullValue());
      assertThat(slack.requestCount(), equalTo(3));
    }
  }

  @Test
  public void aHeldSlowAnswerOutlastsAClientTimeoutAndTheNextRequestIsOk() throws Exception {
    try (FakeSlack slack = FakeSlack.start().holdSlowUntilReleased()) {
      slack.answerNext(SlackAnswer.SLOW, 1);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(slack.webhookUrl()))
              .timeout(Duration.ofMillis(100)) // the only clock: the fake holds the answer until released
              .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD))
              .build();
      assertThrows(HttpTimeoutException.class, () -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
      slack.release();
      assertThat(post(slack.webhookUrl(), PAYLOAD).body(), equalTo("ok"));
    }
  }

  @Test
  public void aReleasedSlowAnswerIsAnsweredOk() throws Exception {
    try (FakeSlack slack = FakeSlack.start().holdSlowUntilReleased().answerAlways(SlackAnswer.SLOW)) {
      CompletableFuture<HttpResponse<String>> held =
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(slack.webhookUrl()))
                  .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      slack.release();
      // A guard, not the synchronisation: unreleased, the answer would be held until the fake closes.
      HttpResponse<String> r = held.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode(), equalTo(200));
      assertThat(r.body(), equalTo("ok"));
      assertThat(slack.requests().get(0).answer(), is(SlackAnswer.SLOW));
    }
  }
}
