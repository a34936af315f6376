package pmf.signals.transforms.model;

import java.time.Instant;

/**
 * One message of a conversation. {@code text} is null when the user has not consented (the query never reads it) or
 * the content was null; {@code length} is the original length in characters, {@code text} may be a truncated prefix.
 * Its source row's id only served to drop duplicate rows when the activity was read, and is not kept: every active
 * user's messages stay in memory until the day's segments are fitted.
 */
public record Message(String role, Instant at, Integer length, String text) {
  public Message {
    role = Canonical.of(role);
  }

  public boolean truncated() {
    return text != null && length != null && length > text.length();
  }
}
