package pmf.signals.devtools.gemini;

/** Faults the fake can inject, each shaped as the real v1beta API serves it. */
public enum Fault {
  /** HTTP 500, status {@code INTERNAL}. */
  INTERNAL_500,
  /** HTTP 503, status {@code UNAVAILABLE} ("The model is overloaded"). */
  UNAVAILABLE_503,
  /** A normal answer after the configured latency plus {@link Behaviour#slowDelay()}. */
  SLOW,
  /** HTTP 200 whose JSON body is cut off half-way. */
  MALFORMED_JSON,
  /** {@code finishReason: MAX_TOKENS} with the answer text truncated (invalid JSON). */
  MAX_TOKENS,
  /** {@code finishReason: SAFETY}, no content parts, {@code safetyRatings} with a blocked category. */
  SAFETY,
  /** No candidates; {@code promptFeedback.blockReason: SAFETY}. */
  BLOCKED_PROMPT,
  /** HTTP 429 {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} detail. */
  QUOTA_429,
  /** HTTP 429 {@code RESOURCE_EXHAUSTED} without any {@code details}. */
  QUOTA_429_NO_RETRY_INFO;

  boolean isHttpError() {
    return this == INTERNAL_500 || this == UNAVAILABLE_503 || this == QUOTA_429
        || this == QUOTA_429_NO_RETRY_INFO;
  }
}
