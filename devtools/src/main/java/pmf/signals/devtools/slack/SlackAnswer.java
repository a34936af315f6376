package pmf.signals.devtools.slack;

/** What a {@link FakeSlack} answers to one request, each shaped as Slack's incoming webhooks answer it. */
public enum SlackAnswer {
  /** HTTP 200, body {@code ok}: the message was posted. */
  OK(200, "ok"),
  /** HTTP 500, plain-text body: a transient failure on Slack's side. */
  SERVER_ERROR(500, "internal_error"),
  /** HTTP 429 with a {@code Retry-After} header in whole seconds ({@link FakeSlack#retryAfter}). */
  RATE_LIMITED(429, "rate_limited"),
  /** HTTP 400 {@code invalid_payload}: Slack could not use the JSON. */
  INVALID_PAYLOAD(400, "invalid_payload"),
  /** HTTP 404 {@code channel_not_found}: the webhook's channel is gone. */
  CHANNEL_NOT_FOUND(404, "channel_not_found"),
  /**
   * {@code ok}, but only after {@link FakeSlack#slowDelay}, or when {@link FakeSlack#release() released} or closed
   * ({@link FakeSlack#holdSlowUntilReleased()}: only then): for client timeouts.
   */
  SLOW(200, "ok");

  private final int status;
  private final String body;

  SlackAnswer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The plain-text body Slack sends with this status. */
  public String body() {
    return body;
  }
}
