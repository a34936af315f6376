package pmf.signals.slack;

/**
 * How posting the digest ended. Never carries the webhook URL.
 *
 * @param delivered whether Slack answered 200 {@code ok}
 * @param attempts requests made (0 when none could be made)
 * @param reason why it failed, for the log and the run's record; null when delivered
 */
public record SlackDelivery(boolean delivered, int attempts, String reason) {

  static SlackDelivery delivered(int attempts) {
    return new SlackDelivery(true, attempts, null);
  }

  static SlackDelivery failed(int attempts, String reason) {
    return new SlackDelivery(false, attempts, reason);
  }
}
