package pmf.signals.slack;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how persistently the digest is posted: the incoming-webhook URL, attempts, the first backoff (doubling
 * with each retry) and the timeout of one attempt.
 *
 * <p>The URL is a secret — its path is the webhook's token — so it is checked without being echoed, {@link
 * #toString()} shows only its host, and {@link #redact(String)} removes it from any text meant for a log.
 */
public record SlackSettings(String url, int maxAttempts, Duration backoffBase, Duration timeout)
    implements Serializable {

  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public SlackSettings {
    URI uri = parse(url);
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
      // Plain http would send the token in the clear; a local fake is the only exception.
      throw new IllegalArgumentException("--slackWebhookUrl must be an https URL (http only on loopback)");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Slack maxAttempts must be at least 1");
    }
    if (backoffBase == null || backoffBase.isNegative()) {
      throw new IllegalArgumentException("Slack backoffBase must be zero or positive");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("Slack timeout must be positive");
    }
  }

  /** {@code url} with 5 attempts, backoff from 1 s, 10 s per attempt. */
  public static SlackSettings of(String url) {
    return new SlackSettings(url, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF_BASE, DEFAULT_TIMEOUT);
  }

  public SlackSettings withMaxAttempts(int attempts) {
    return new SlackSettings(url, attempts, backoffBase, timeout);
  }

  public SlackSettings withBackoffBase(Duration base) {
    return new SlackSettings(url, maxAttempts, base, timeout);
  }

  public SlackSettings withTimeout(Duration perAttempt) {
    return new SlackSettings(url, maxAttempts, backoffBase, perAttempt);
  }

  /** The host the digest goes to ({@code hooks.slack.com}): all of the URL that may be shown. */
  public String host() {
    return URI.create(url).getHost();
  }

  /** {@code text} with the URL, its path and every part of its path replaced by "[webhook]". */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    URI uri = URI.create(url);
    String redacted = text.replace(url, "[webhook]");
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (rawPath.length() > 1) {
      redacted = redacted.replace(rawPath, "[webhook]");
    }
    for (String segment : rawPath.split("/")) {
      // The token is one segment; short ones ("services") are not secret and too common to replace.
      if (segment.length() >= 8) {
        redacted = redacted.replace(segment, "[webhook]");
      }
    }
    if (uri.getRawQuery() != null) {
      redacted = redacted.replace(uri.getRawQuery(), "[webhook]");
    }
    return redacted;
  }

  @Override
  public String toString() {
    return "SlackSettings[host=" + host() + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase
        + ", timeout=" + timeout + "]";
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("--slackWebhookUrl is empty");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new IllegalArgumentException("--slackWebhookUrl must be an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      // Not e.getMessage(): it quotes the URL, token and all.
      throw new IllegalArgumentException("--slackWebhookUrl is not a valid URL");
    }
  }

  private static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      // Literal addresses only: no DNS lookup for a name.
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
