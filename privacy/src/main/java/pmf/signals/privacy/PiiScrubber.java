package pmf.signals.privacy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces personal data in free text with typed placeholders that are consistent within one user:
 *
 * <pre>{@code
 * PiiScrubber scrubber = PiiScrubber.standard();           // immutable, thread-safe, Serializable
 * Placeholders user = Placeholders.forUser();               // one per user, never shared
 * scrubber.scrub("mail jane@x.com or call +44 20 7946 0958", user).text()
 *     // "mail [EMAIL_1] or call [PHONE_1]"
 * }</pre>
 *
 * Classes and detectors (see each detector's Javadoc for the exact rule): {@link PiiClass#EMAIL} (commons-validator
 * EmailValidator), {@link PiiClass#PHONE} (libphonenumber), {@link PiiClass#CARD} (commons-validator
 * CreditCardValidator: issuer ranges + Luhn), {@link PiiClass#IBAN} (commons-validator IBANValidator: country format
 * + mod-97), {@link PiiClass#IP} (commons-validator InetAddressValidator), {@link PiiClass#URL} (any URL with more
 * than a host), {@link PiiClass#SECRET} (known key shapes, credential assignments, high-entropy tokens),
 * {@link PiiClass#ADDRESS} and {@link PiiClass#NAME} (documented heuristics).
 *
 * <p>Overlaps: every detector runs on the original text; overlapping findings merge into one span (nothing any
 * detector flagged survives), named by the longest finding, ties going to the class listed first in {@link PiiClass}.
 * Detectors scan linearly or with bounded, possessive patterns, so megabyte messages cost milliseconds, not minutes.
 */
public final class PiiScrubber implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Regions whose national formats are recognised (numbers with a leading + or 00 are recognised from anywhere):
   * the largest markets of an English-first product across the Americas, Europe, Africa and Asia-Pacific.
   */
  public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "CA", "GB", "IE", "AU", "NZ", "DE", "AT",
      "CH", "FR", "BE", "NL", "LU", "ES", "PT", "IT", "SE", "NO", "DK", "FI", "PL", "CZ", "IN", "SG", "ZA", "NG",
      "KE", "BR", "MX", "AR", "CO", "CL", "JP", "KR", "PH", "AE", "IL", "TR");

  private final Set<PiiClass> classes;
  private final List<String> phoneRegions;
  private transient volatile List<Detector> detectors;

  private PiiScrubber(Set<PiiClass> classes, List<String> phoneRegions) {
    this.classes = classes.isEmpty() ? EnumSet.noneOf(PiiClass.class) : EnumSet.copyOf(classes);
    this.phoneRegions = List.copyOf(phoneRegions);
  }

  /** Every class, national phone formats of {@link #DEFAULT_PHONE_REGIONS}. */
  public static PiiScrubber standard() {
    return new PiiScrubber(EnumSet.allOf(PiiClass.class), DEFAULT_PHONE_REGIONS);
  }

  /** The same scrubber recognising national phone formats of these regions (ISO 3166 codes, e.g. "US", "DE"). */
  public PiiScrubber withPhoneRegions(List<String> regions) {
    List<String> upper = new ArrayList<>();
    for (String r : regions) {
      String code = r.strip().toUpperCase(Locale.ROOT);
      if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(code)) {
        throw new IllegalArgumentException("unknown phone region '" + r + "'; use ISO 3166 codes such as US, GB, DE");
      }
      upper.add(code);
    }
    return new PiiScrubber(classes, upper);
  }

  /** The same scrubber detecting only {@code only} (for tests and measurements; the pipeline uses them all). */
  public PiiScrubber withClasses(Set<PiiClass> only) {
    return new PiiScrubber(only, phoneRegions);
  }

  public Set<PiiClass> classes() {
    return EnumSet.copyOf(classes.isEmpty() ? EnumSet.noneOf(PiiClass.class) : classes);
  }

  public List<String> phoneRegions() {
    return phoneRegions;
  }

  /**
   * The personal data in {@code text}, merged and in order of position; empty for null or empty text.
   */
  public List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    for (Candidate c : merged(text)) {
      findings.add(new Finding(c.piiClass(), c.start(), c.end()));
    }
    return findings;
  }

  /**
   * {@code text} with every finding replaced by its placeholder, numbered by {@code perUser}. Null text gives a
   * null text back (callers count it as missing content); text without personal data comes back unchanged.
   */
  public Scrubbed scrub(String text, Placeholders perUser) {
    if (perUser == null) {
      throw new IllegalArgumentException("perUser is required: Placeholders.forUser(), one per user");
    }
    List<Candidate> spans = merged(text);
    if (spans.isEmpty()) {
      return new Scrubbed(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<Finding> findings = new ArrayList<>(spans.size());
    int at = 0;
    for (Candidate c : spans) {
      out.append(text, at, c.start()).append(perUser.placeholder(c.piiClass(), c.key()));
      findings.add(new Finding(c.piiClass(), c.start(), c.end()));
      at = c.end();
    }
    out.append(text, at, text.length());
    return new Scrubbed(out.toString(), findings);
  }

  /** Shorthand for {@code scrub(text, perUser).text()}. */
  public String scrubText(String text, Placeholders perUser) {
    return scrub(text, perUser).text();
  }

  private List<Candidate> merged(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Candidate> all = new ArrayList<>();
    for (Detector d : detectors()) {
      d.find(text, all);
    }
    if (all.isEmpty()) {
      return List.of();
    }
    all.sort(Comparator.comparingInt(Candidate::start));
    List<Candidate> spans = new ArrayList<>();
    Candidate best = all.get(0);
    int start = best.start();
    int end = best.end();
    for (int i = 1; i < all.size(); i++) {
      Candidate c = all.get(i);
      if (c.start() < end) {
        end = Math.max(end, c.end());
        if (c.length() > best.length() || (c.length() == best.length() && c.piiClass().ordinal() < best.piiClass().ordinal())) {
          best = c;
        }
      } else {
        spans.add(new Candidate(best.piiClass(), start, end, best.key()));
        best = c;
        start = c.start();
        end = c.end();
      }
    }
    spans.add(new Candidate(best.piiClass(), start, end, best.key()));
    return spans;
  }

  private List<Detector> detectors() {
    List<Detector> d = detectors;
    if (d == null) {
      d = new ArrayList<>();
      for (PiiClass c : classes) {
        d.add(detector(c));
      }
      d = List.copyOf(d);
      detectors = d;
    }
    return d;
  }

  private Detector detector(PiiClass c) {
    switch (c) {
      case SECRET:
        return new SecretDetector();
      case URL:
        return new UrlDetector();
      case EMAIL:
        return new EmailDetector();
      case IBAN:
        return new IbanDetector();
      case CARD:
        return new CardDetector();
      case IP:
        return new IpDetector();
      case PHONE:
        return new PhoneDetector(phoneRegions);
      case ADDRESS:
        return new AddressDetector();
      case NAME:
        return new NameDetector();
      default:
        throw new IllegalStateException("no detector for " + c);
    }
  }
}
