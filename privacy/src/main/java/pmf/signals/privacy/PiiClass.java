package pmf.signals.privacy;

/**
 * The kinds of personal data {@link PiiScrubber} replaces. Overlapping findings merge and the longest names the
 * span; between findings of the same length the class listed first wins: checksummed and validated classes before
 * heuristic ones (a compact IBAN is also a random-looking token; it is an IBAN).
 */
public enum PiiClass {
  IBAN("IBAN"),
  CARD("CARD"),
  EMAIL("EMAIL"),
  URL("URL"),
  IP("IP"),
  SECRET("SECRET"),
  PHONE("PHONE"),
  ADDRESS("ADDRESS"),
  NAME("NAME");

  /** The word in the placeholder: {@code [EMAIL_1]}. */
  public final String label;

  PiiClass(String label) {
    this.label = label;
  }
}
