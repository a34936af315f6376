package pmf.signals.llm;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import pmf.signals.privacy.Sha256;

/**
 * When to try a failed call again, and after how long: exponential backoff with "full jitter" for server errors and
 * unusable answers, the server's own delay for quota errors when it gave one, never for permanent errors. The
 * jitter is a hash of (user, attempt), not {@code Random}, so a re-run waits the same way.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) implements Serializable {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("--llmMaxAttempts must be at least 1");
    }
  }

  /** {@code maxAttempts} attempts, backoff from 1 s doubling up to 60 s. */
  public static RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  /** Whether a call that failed this way, after {@code attemptsMade} attempts, is worth another. */
  public boolean shouldRetry(int attemptsMade, LlmCallException failure) {
    return failure.kind() != LlmCallException.Kind.PERMANENT && attemptsMade < maxAttempts;
  }

  /** How long to wait before attempt {@code attemptsMade + 1}. */
  public Duration delayBefore(int attemptsMade, LlmCallException failure, String userId) {
    if (failure.kind() == LlmCallException.Kind.QUOTA && failure.retryAfter() != null) {
      // Never sooner than the server asked; a little later so workers told the same delay don't return together.
      long jitter = (long) (jitter(userId, attemptsMade) * Math.min(1000, base.toMillis()));
      return failure.retryAfter().plusMillis(jitter);
    }
    double ceiling = Math.min(max.toMillis(), base.toMillis() * Math.pow(2, Math.max(0, attemptsMade - 1)));
    return Duration.ofMillis((long) (ceiling * jitter(userId, attemptsMade)));
  }

  /** A fraction in [0, 1) fixed by user and attempt. */
  static double jitter(String userId, int attempt) {
    byte[] h = Sha256.create().digest((userId + "#" + attempt).getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    return bits / (double) (1L << 56);
  }
}
