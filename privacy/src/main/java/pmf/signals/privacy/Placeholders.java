package pmf.signals.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import pmf.signals.privacy.Sha256;

/**
 * Numbers the personal values of one user, per class, in the order they are first seen: the same e-mail address
 * is {@code [EMAIL_1]} in every message of that user, a second one {@code [EMAIL_2]}. Values are compared after
 * normalisation (case for e-mails and names, digits for phones, cards and IBANs), so {@code Jane@X.com} and
 * {@code jane@x.com} are one person.
 *
 * <p>Use one instance per user and never share it between users: numbers must not link two people. Only SHA-256
 * digests of the values are kept, so an instance holds no personal data. Not thread-safe (one user is scrubbed on
 * one thread).
 */
public final class Placeholders implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<PiiClass, Map<String, Integer>> numbers = new EnumMap<>(PiiClass.class);

  /** A fresh numbering, for one user. */
  public static Placeholders forUser() {
    return new Placeholders();
  }

  /** The placeholder for {@code normalisedValue}, numbering it if it is new. */
  public String placeholder(PiiClass piiClass, String normalisedValue) {
    Map<String, Integer> seen = numbers.computeIfAbsent(piiClass, c -> new HashMap<>());
    Integer n = seen.computeIfAbsent(digest(piiClass, normalisedValue), d -> seen.size() + 1);
    return "[" + piiClass.label + "_" + n + "]";
  }

  /** How many distinct values of {@code piiClass} this user has had replaced. */
  public int distinct(PiiClass piiClass) {
    Map<String, Integer> seen = numbers.get(piiClass);
    return seen == null ? 0 : seen.size();
  }

  private static String digest(PiiClass piiClass, String value) {
    byte[] bytes = Sha256.create().digest((piiClass.name() + '\u0000' + value).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(bytes, 0, 16);
  }
}
