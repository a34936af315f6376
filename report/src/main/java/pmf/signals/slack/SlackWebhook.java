package pmf.signals.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.json.Json;

/**
 * Posts a payload to a Slack incoming webhook, retrying what may pass: 5xx, 429 (after its {@code Retry-After}),
 * timeouts and connection errors, with exponential backoff and jitter, up to {@link SlackSettings#maxAttempts()}.
 * Other 4xx answers ({@code invalid_payload}, {@code channel_not_found}, ...) are final. Success is 200 {@code ok}.
 *
 * <p>It never throws: a Slack failure is logged and returned as a {@link SlackDelivery}, and never loses the stored
 * summary. The webhook URL is never logged or returned; only its host is shown.
 *
 * <pre>{@code
 * SlackDelivery d = new SlackWebhook(SlackSettings.of(url)).send(SlackDigest.payload(summary, reportLink));
 * }</pre>
 */
public final class SlackWebhook {

  /** Longer than this and the nightly run would rather give up than wait. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final int MAX_SLACK_ERROR_CHARS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(SlackWebhook.class);

  /** Waits between attempts; a test swaps in one that records the wait instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final SlackSettings settings;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  public SlackWebhook(SlackSettings settings) {
    this(settings, d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble());
  }

  SlackWebhook(SlackSettings settings, Sleeper sleeper, DoubleSupplier jitter) {
    this.settings = settings;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            // A redirect would carry the payload somewhere the operator did not configure.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Posts {@code payload}; never throws. */
  public SlackDelivery send(ObjectNode payload) {
    try {
      return deliver(payload);
    } catch (RuntimeException unexpected) {
      String reason = "unexpected " + unexpected.getClass().getSimpleName() + describe(unexpected);
      LOG.error("Slack digest to {} not delivered: {} (the stored summary is unaffected)", settings.host(), reason);
      return SlackDelivery.failed(0, reason);
    }
  }

  private SlackDelivery deliver(ObjectNode payload) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      return logged(SlackDelivery.failed(0, "the payload could not be written as JSON"));
    }
    for (int attempt = 1; ; attempt++) {
      Attempt result = post(body);
      if (result.delivered()) {
        LOG.info("Slack digest delivered to {} ({} attempt{})", settings.host(), attempt, attempt == 1 ? "" : "s");
        return SlackDelivery.delivered(attempt);
      }
      Optional<Duration> wait = waitBeforeRetry(result, attempt);
      if (wait.isEmpty()) {
        return logged(SlackDelivery.failed(attempt, finalReason(result)));
      }
      LOG.warn("Slack digest attempt {}/{} to {} failed: {}; retrying in {} ms", attempt, settings.maxAttempts(),
          settings.host(), result.reason(), wait.get().toMillis());
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return logged(SlackDelivery.failed(attempt, result.reason() + "; interrupted while waiting to retry"));
      }
    }
  }

  /** How long to wait before another attempt, or empty when this failure is final. */
  Optional<Duration> waitBeforeRetry(Attempt result, int attemptsMade) {
    if (!result.retryable() || attemptsMade >= settings.maxAttempts()) {
      return Optional.empty();
    }
    if (result.retryAfter() != null) {
      if (result.retryAfter().compareTo(MAX_RETRY_AFTER) > 0) {
        return Optional.empty();
      }
      // Never sooner than Slack asked; a little later so several senders don't return together.
      return Optional.of(result.retryAfter().plusMillis((long) (jitter.getAsDouble() * settings.backoffBase().toMillis())));
    }
    return Optional.of(backoff(attemptsMade));
  }

  private static String finalReason(Attempt result) {
    if (result.retryAfter() != null && result.retryAfter().compareTo(MAX_RETRY_AFTER) > 0) {
      return result.reason() + "; longer than the " + MAX_RETRY_AFTER.toMinutes() + " min this run waits";
    }
    return result.reason();
  }

  /** "Equal jitter": half of base·2^(n−1) for sure, the other half at random, capped at a minute. */
  Duration backoff(int attemptsMade) {
    double ceiling = Math.min(MAX_BACKOFF.toMillis(),
        settings.backoffBase().toMillis() * Math.pow(2, Math.max(0, attemptsMade - 1)));
    return Duration.ofMillis((long) (ceiling / 2 + ceiling / 2 * jitter.getAsDouble()));
  }

  private Attempt post(byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.url()))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return Attempt.of(response.statusCode(), slackError(response.body()), retryAfter(response));
    } catch (HttpTimeoutException e) {
      return Attempt.transientFailure("no answer within " + settings.timeout().toMillis() + " ms");
    } catch (IOException e) {
      return Attempt.transientFailure(e.getClass().getSimpleName() + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.finalFailure("interrupted");
    }
  }

  /** Slack's plain-text answer ({@code ok}, {@code invalid_payload}), one short line, with nothing of the URL. */
  private String slackError(String body) {
    String line = body == null ? "" : body.replaceAll("[\\p{Cc}\\s]+", " ").strip();
    return SlackText.fit(settings.redact(line), MAX_SLACK_ERROR_CHARS);
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** ": message" with nothing of the URL in it, or nothing when the exception has no message. */
  private String describe(Throwable e) {
    String message = e.getMessage();
    return message == null ? "" : ": " + SlackText.fit(settings.redact(message), MAX_SLACK_ERROR_CHARS);
  }

  private SlackDelivery logged(SlackDelivery failure) {
    LOG.error("Slack digest to {} not delivered after {} attempt{}: {} (the stored summary is unaffected)",
        settings.host(), failure.attempts(), failure.attempts() == 1 ? "" : "s", failure.reason());
    return failure;
  }

  /** What one request came to: delivered, or a failure that may or may not be worth another try. */
  record Attempt(boolean delivered, boolean retryable, String reason, Duration retryAfter) {

    static Attempt of(int status, String slackError, Duration retryAfter) {
      if (status == 200 && "ok".equals(slackError)) {
        return new Attempt(true, false, null, null);
      }
      String reason = "HTTP " + status + (slackError.isEmpty() ? "" : ": " + slackError);
      if (status == 429) {
        String asked = retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)";
        return new Attempt(false, true, reason + asked, retryAfter);
      }
      // 5xx may pass; any other answer, a 200 that isn't "ok" included, will not change on a retry.
      return new Attempt(false, status >= 500, reason, null);
    }

    static Attempt transientFailure(String reason) {
      return new Attempt(false, true, reason, null);
    }

    static Attempt finalFailure(String reason) {
      return new Attempt(false, false, reason, null);
    }
  }
}
