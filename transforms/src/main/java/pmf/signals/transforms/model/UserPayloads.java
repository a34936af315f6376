package pmf.signals.transforms.model;

/**
 * One row of the activity query: a user's JSON payloads per source table, as the UTF-8 bytes PostgreSQL sent (any
 * may be null). Kept as bytes: hashing and parsing them needs no decoding into Java strings first.
 */
public record UserPayloads(String userId, byte[] users, byte[] conversations, byte[] jobs, byte[] actions) {

  /** For tests and tools: payloads given as text. */
  public static UserPayloads ofText(String userId, String users, String conversations, String jobs, String actions) {
    return new UserPayloads(userId, utf8(users), utf8(conversations), utf8(jobs), utf8(actions));
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
