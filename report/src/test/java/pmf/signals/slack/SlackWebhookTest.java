package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import pmf.signals.devtools.slack.FakeSlack;
import pmf.signals.devtools.slack.SlackAnswer;
import pmf.signals.devtools.slack.SlackRequest;
import pmf.signals.transforms.json.Json;
import pmf.signals.slack.SlackWebhook.Attempt;
import pmf.signals.privacy.PiiScrubber;

/**
 * {@link SlackWebhook} against {@link FakeSlack} on loopback. Waits between attempts are recorded, not slept (the
 * one test on the real clock uses a 10 ms base), so a Retry-After of seconds costs nothing.
 */
public class SlackWebhookTest {

  private static final Duration BASE = Duration.ofMillis(10);

  private FakeSlack slack;
  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  @Before
  public void startSlack() {
    slack = FakeSlack.start();
  }

  @After
  public void stopSlack() {
    slack.close();
  }

  private SlackSettings settings(int maxAttempts) {
    return SlackSettings.of(slack.webhookUrl()).withMaxAttempts(maxAttempts).withBackoffBase(BASE)
        .withTimeout(Duration.ofSeconds(5));
  }

  /** A webhook whose waits are recorded instead of slept, with the jitter fixed at one half. */
  private SlackWebhook recording(SlackSettings settings) {
    return new SlackWebhook(settings, waits::add, () -> 0.5);
  }

  private static ObjectNode payload() {
    return SlackDigest.payload(Summaries.example(), null);
  }

  private void assertHidesTheWebhook(String text) {
    assertThat(text, not(containsString(slack.token())));
    assertThat(text, not(containsString(slack.webhookUrl())));
    assertThat(text, not(containsString("/services/")));
  }

  @Test
  public void givenSlackAnswersOk_deliveredOnTheFirstAttempt() {
    ObjectNode payload = payload();
    SlackDelivery delivery = recording(settings(5)).send(payload);

    assertThat(delivery, equalTo(new SlackDelivery(true, 1, null)));
    SlackRequest request = slack.requests().get(0);
    assertThat(request.method(), equalTo("POST"));
    assertThat(request.contentType(), startsWith("application/json"));
    assertThat(request.body(), equalTo(Json.write(payload)));
    assertThat(waits, empty());
  }

  @Test
  public void givenTheExampleDigest_slackReceivesValidBlockKitWithoutPii() {
    recording(settings(1)).send(payload());

    ObjectNode received = (ObjectNode) slack.postedPayloads().get(0);
    assertThat(BlockKit.validate(received), empty());
    assertThat(received.path("blocks").get(0).path("text").path("text").asText(), equalTo("PMF signals · 2026-11-23"));
    for (String text : Summaries.texts(received)) {
      assertThat(text, PiiScrubber.standard().find(text), empty());
    }
  }

  @Test
  public void givenTwo500s_deliveredAfterThreeAttemptsWithGrowingBackoff() {
    slack.answerNext(SlackAnswer.SERVER_ERROR, 2);
    SlackDelivery delivery = recording(settings(5)).send(payload());

    assertThat(delivery, equalTo(new SlackDelivery(true, 3, null)));
    assertThat(slack.requestCount(), equalTo(3));
    // Equal jitter at one half: 10 ms · ¾ then 20 ms · ¾.
    assertThat(waits, equalTo(List.of(Duration.ofMillis(7), Duration.ofMillis(15))));
  }

  @Test
  public void givenTwo500s_onTheRealClock_deliveredAfterThreeAttempts() {
    slack.answerNext(SlackAnswer.SERVER_ERROR, 2);
    SlackDelivery delivery = new SlackWebhook(settings(5)).send(payload());

    assertThat(delivery.delivered(), is(true));
    assertThat(delivery.attempts(), equalTo(3));
  }

  @Test
  public void givenSlackAlwaysFails_failsAfterMaxAttemptsWithoutThrowingOrShowingTheUrl() {
    slack.answerAlways(SlackAnswer.SERVER_ERROR);
    SlackDelivery delivery = recording(settings(4)).send(payload());

    assertThat(delivery.delivered(), is(false));
    assertThat(delivery.attempts(), equalTo(4));
    assertThat(delivery.reason(), equalTo("HTTP 500: internal_error"));
    assertHidesTheWebhook(delivery.reason());
    assertThat(slack.requestCount(), equalTo(4));
    assertThat(waits, hasSize(3));
  }

  @Test
  public void givenInvalidPayload_isNotRetried() {
    slack.answerNext(SlackAnswer.INVALID_PAYLOAD, 1);
    SlackDelivery delivery = recording(settings(5)).send(payload());

    assertThat(delivery, equalTo(new SlackDelivery(false, 1, "HTTP 400: invalid_payload")));
    assertThat(slack.requestCount(), equalTo(1));
    assertThat(waits, empty());
  }

  @Test
  public void givenChannelNotFound_isNotRetried() {
    slack.answerAlways(SlackAnswer.CHANNEL_NOT_FOUND);
    SlackDelivery delivery = recording(settings(5)).send(payload());

    assertThat(delivery, equalTo(new SlackDelivery(false, 1, "HTTP 404: channel_not_found")));
    assertThat(slack.requestCount(), equalTo(1));
  }

  @Test
  public void givenRateLimitWithRetryAfter_waitsAtLeastThatLongThenDelivers() {
    slack.retryAfter(Duration.ofSeconds(3)).answerNext(SlackAnswer.RATE_LIMITED, 1);
    SlackDelivery delivery = recording(settings(5)).send(payload());

    assertThat(delivery, equalTo(new SlackDelivery(true, 2, null)));
    assertThat(waits, hasSize(1));
    assertThat(waits.get(0), greaterThanOrEqualTo(Duration.ofSeconds(3)));
    assertThat(waits.get(0), lessThan(Duration.ofSeconds(3).plus(BASE)));
  }

  @Test
  public void givenRateLimitAskingForAnHour_givesUpAtOnce() {
    slack.retryAfter(Duration.ofHours(1)).answerAlways(SlackAnswer.RATE_LIMITED);
    SlackDelivery delivery = recording(settings(5)).send(payload());

    assertThat(delivery.delivered(), is(false));
    assertThat(delivery.attempts(), equalTo(1));
    assertThat(delivery.reason(),
        equalTo("HTTP 429: rate_limited (Retry-After 3600 s); longer than the 5 min this run waits"));
    assertThat(waits, empty());
  }

  @Test
  public void givenSlowSlack_timesOutThenRetries() {
    slack.holdSlowUntilReleased().answerNext(SlackAnswer.SLOW, 1); // held until the fake closes: only the timeout runs
    SlackDelivery delivery = recording(settings(3).withTimeout(Duration.ofMillis(200))).send(payload());

    assertThat(delivery, equalTo(new SlackDelivery(true, 2, null)));
    assertThat(waits, hasSize(1));
  }

  @Test
  public void givenNothingListening_failsAfterMaxAttemptsWithoutThrowingOrShowingTheUrl() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/services/TFAKE0000/BFAKE0000/" + slack.token();
    SlackDelivery delivery = recording(SlackSettings.of(url).withMaxAttempts(3).withBackoffBase(BASE)).send(payload());

    assertThat(delivery.delivered(), is(false));
    assertThat(delivery.attempts(), equalTo(3));
    assertThat(delivery.reason(), startsWith("ConnectException"));
    assertHidesTheWebhook(delivery.reason());
  }

  @Test
  public void givenFailures_theLogNamesTheHostButNeverTheUrl() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      // slf4j-simple looks System.err up on every line, so the log lands here.
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      slack.answerNext(SlackAnswer.SERVER_ERROR, 2).answerNext(SlackAnswer.INVALID_PAYLOAD, 1);
      recording(settings(5)).send(payload());
      recording(settings(1)).send(payload());
    } finally {
      System.setErr(stderr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log, containsString("Slack digest attempt 1/5 to 127.0.0.1 failed: HTTP 500: internal_error"));
    assertThat(log, containsString("not delivered after 3 attempts: HTTP 400: invalid_payload"));
    assertThat(log, containsString("Slack digest delivered to 127.0.0.1 (1 attempt)"));
    assertHidesTheWebhook(log);
  }

  @Test
  public void givenAnInterruptWhileWaiting_failsWithoutThrowingAndKeepsTheInterrupt() {
    slack.answerAlways(SlackAnswer.SERVER_ERROR);
    SlackWebhook webhook = new SlackWebhook(settings(5), d -> {
      throw new InterruptedException();
    }, () -> 0.5);
    try {
      SlackDelivery delivery = webhook.send(payload());
      assertThat(delivery.delivered(), is(false));
      assertThat(delivery.attempts(), equalTo(1));
      assertThat(delivery.reason(), equalTo("HTTP 500: internal_error; interrupted while waiting to retry"));
      assertThat(Thread.currentThread().isInterrupted(), is(true));
    } finally {
      Thread.interrupted(); // don't leave the flag for the next test
    }
  }

  @Test
  public void whatIsRetried() {
    assertThat(Attempt.of(200, "ok", null).delivered(), is(true));
    assertThat(Attempt.of(200, "something else", null).retryable(), is(false));
    assertThat(Attempt.of(503, "", null).retryable(), is(true));
    assertThat(Attempt.of(429, "rate_limited", null).retryable(), is(true));
    assertThat(Attempt.of(403, "action_prohibited", null).retryable(), is(false));
    assertThat(Attempt.of(410, "channel_is_archived", null).retryable(), is(false));
    assertThat(Attempt.of(429, "", null).retryAfter(), nullValue());
  }

  @Test
  public void givenRateLimitWithoutRetryAfter_backsOffAsForServerErrors() {
    SlackWebhook webhook = recording(settings(5));
    assertThat(webhook.waitBeforeRetry(Attempt.of(429, "rate_limited", null), 2).orElseThrow(),
        equalTo(webhook.backoff(2)));
  }

  @Test
  public void backoffDoublesAndStopsAtAMinute() {
    SlackWebhook webhook = new SlackWebhook(settings(30).withBackoffBase(Duration.ofSeconds(1)), waits::add, () -> 1.0);
    assertThat(webhook.backoff(1), equalTo(Duration.ofSeconds(1)));
    assertThat(webhook.backoff(2), equalTo(Duration.ofSeconds(2)));
    assertThat(webhook.backoff(4), equalTo(Duration.ofSeconds(8)));
    assertThat(webhook.backoff(20), equalTo(SlackWebhook.MAX_BACKOFF));
  }
}
