package pmf.signals.transforms.llm;

import java.time.Duration;

/**
 * Why one call gave no usable answer, classified so the caller's retry policy can act on it. The reason is short and
 * safe to store: it never holds the API key, the prompt or the answer.
 */
public final class LlmCallException extends Exception {

  /** What kind of failure, which decides what retrying can do. */
  public enum Kind {
    /** 429 RESOURCE_EXHAUSTED: wait ({@link #retryAfter()} when the server said how long) and slow down. */
    QUOTA,
    /** 5xx, timeouts, broken connections, unparseable bodies: back off and try again. */
    TRANSIENT,
    /** An answer came but is unusable (truncated, blocked for safety, empty): a changed request may help. */
    BAD_ANSWER,
    /** Retrying cannot help (bad key, unknown model, malformed request): give up at once. */
    PERMANENT
  }

  private final Kind kind;
  private final String reason;
  private final Duration retryAfter;
  private final int tokensIn;
  private final int tokensOut;

  public LlmCallException(Kind kind, String reason, Duration retryAfter, int tokensIn, int tokensOut) {
    super(kind + ": " + reason);
    this.kind = kind;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.tokensIn = tokensIn;
    this.tokensOut = tokensOut;
  }

  public LlmCallException(Kind kind, String reason) {
    this(kind, reason, null, 0, 0);
  }

  public Kind kind() {
    return kind;
  }

  /** Short machine-readable reason, e.g. {@code http_503_unavailable}, {@code finish_max_tokens}. */
  public String reason() {
    return reason;
  }

  /** How long the server asked us to wait, or null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Tokens the provider billed for this failed call (a blocked or truncated answer still costs). */
  public int tokensIn() {
    return tokensIn;
  }

  public int tokensOut() {
    return tokensOut;
  }
}
