package pmf.signals.transforms.tier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;

/** The deterministic draw behind every sample: a hash of (user, date, seed), never {@code Random()}. */
public final class SamplingHash {
  private SamplingHash() {}

  /** A non-negative long, uniform over users; the lowest ones are the sample. */
  public static long of(String userId, LocalDate date, long seed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((userId + '\u0000' + date + '\u0000' + seed).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong() >>> 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
