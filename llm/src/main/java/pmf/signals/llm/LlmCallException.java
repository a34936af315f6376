package pmf.signals.llm;

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
  private final String detail;

  public LlmCallException(Kind kind, String reason, Duration retryAfter, int tokensIn, int tokensOut) {
    this(kind, reason, retryAfter, tokensIn, tokensOut, null);
  }

  private LlmCallException(Kind kind, String reason, Duration retryAfter, int tokensIn, int tokensOut, String detail) {
    super(kind + ": " + reason + (detail == null ? "" : ": " + detail));
    this.kind = kind;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.tokensIn = tokensIn;
    this.tokensOut = tokensOut;
    this.detail = detail;
  }

  public LlmCallException(Kind kind, String reason) {
    this(kind, reason, null, 0, 0);
  }

  /** A refusal with the service's own words ({@code detail}: cleaned of request text and personal data). */
  public LlmCallException(Kind kind, String reason, String detail) {
    this(kind, reason, null, 0, 0, detail);
  }

  public Kind kind() {
    return kind;
  }

  /** Short machine-readable reason, e.g. {@code http_503_unavailable}, {@code finish_max_tokens}. */
  public String reason() {
    return reason;
  }

  /** The service's own words on a refusal (safe to store: no request text, no personal data), or null. */
  public String detail() {
    return detail;
  }

  /** The reason, with the service's words when it gave any: what a dead letter and the console show. */
  public String explained() {
    return detail == null ? reason : reason + ": " + detail;
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
