package pmf.signals.devtools.cohort;

import java.util.HexFormat;
import java.util.UUID;

/**
 * Row ids that look random but are a bijection of (kind, user index, counter) under a seed-derived key:
 * two rows of one cohort can never collide, so primary keys never fail a load.
 */
public final class Ids {
  static final int USER = 1;
  static final int CONVERSATION = 2;
  static final int MESSAGE = 3;
  static final int JOB = 4;
  /** User indexes at or above this never belong to a row in {@code users}: orphans live there. */
  public static final long ORPHAN_INDEX_BASE = 1L << 31;

  private static final HexFormat HEX = HexFormat.of();

  private final long key;

  public Ids(long seed) {
    this.key = mix64(seed ^ 0x5DEECE66DL);
  }

  public String user(long userIndex) {
    return "usr_" + HEX.toHexDigits(scramble(USER, userIndex, 0));
  }

  public String conversation(long userIndex, int counter) {
    return "conv_" + HEX.toHexDigits(scramble(CONVERSATION, userIndex, counter));
  }

  public String message(long userIndex, int counter) {
    return "msg_" + HEX.toHexDigits(scramble(MESSAGE, userIndex, counter));
  }

  public String job(long userIndex, int counter) {
    return "job_" + HEX.toHexDigits(scramble(JOB, userIndex, counter));
  }

  /** A version-4 UUID from the user's own dice (122 random bits: collisions are not a practical concern). */
  public static UUID uuid(Dice dice) {
    long msb = (dice.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (dice.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private long scramble(int kind, long userIndex, int counter) {
    if (userIndex < 0 || userIndex >= (1L << 32) || counter < 0 || counter >= (1 << 24)) {
      throw new IllegalArgumentException("id space exceeded: user " + userIndex + ", counter " + counter);
    }
    return mix64(key ^ (((long) kind << 56) | (userIndex << 24) | counter));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijection on 64-bit values. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
