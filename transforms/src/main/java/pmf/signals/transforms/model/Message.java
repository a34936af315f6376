package pmf.signals.transforms.model;

import java.time.Instant;

/**
 * One message of a conversation. {@code text} is null when the user has not consented (the query never reads it) or
 * the content was null; {@code length} is the original length in characters, {@code text} may be a truncated prefix.
 */
public record Message(String id, String role, Instant at, Integer length, String text) {

  public boolean truncated() {
    return text != null && length != null && length > text.length();
  }
}
