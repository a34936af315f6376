package pmf.signals.privacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.DomainValidator;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: every {@code @} is expanded to the longest plausible local part and domain (a linear scan, no
 * regex backtracking), then held to commons-validator's {@link EmailValidator}. Addresses at domains whose top level
 * is not a public TLD ({@code jo@build.internal}) are taken too when their shape is an address's: privacy errs on
 * the side of replacing. Image assets named {@code logo@2x.png} are not addresses.
 */
final class EmailDetector implements Detector {
  private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");
  private static final Pattern PRIVATE_TLD = Pattern.compile("\\p{L}{2,24}");
  /** iOS/Android asset names: icon@2x.png, splash@1.5x.webp. */
  private static final Pattern SCALED_ASSET = Pattern.compile("(?i)\\d(?:\\.\\d)?x\\.[a-z0-9]{2,5}");
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  @Override
  public void find(String text, List<Candidate> out) {
    int at = text.indexOf('@');
    while (at >= 0) {
      int start = at;
      while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'')) {
        start++;
      }
      int end = at + 1;
      while (end < text.length() && end - at <= MAX_DOMAIN && isDomainChar(text.charAt(end))) {
        end++;
      }
      while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
        end--;
      }
      if (start < at && end > at + 1 && hasInnerDot(text, at + 2, end - 1)) {
        String candidate = text.substring(start, end);
        String domain = text.substring(at + 1, end);
        if (!SCALED_ASSET.matcher(domain).matches() && (VALIDATOR.isValid(candidate) || plausible(domain))) {
          out.add(new Candidate(PiiClass.EMAIL, start, end, candidate.toLowerCase(Locale.ROOT)));
        }
      }
      at = text.indexOf('@', Math.max(end, at + 1));
    }
  }

  private static boolean hasInnerDot(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '.') {
        return true;
      }
    }
    return false;
  }

  /** A dotted domain of well-formed labels under an alphabetic TLD, public or not. */
  private static boolean plausible(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    String tld = labels[labels.length - 1];
    return DomainValidator.getInstance().isValidTld(tld) || PRIVATE_TLD.matcher(tld).matches();
  }

  private static boolean isLocalChar(char c) {
    return Character.isLetterOrDigit(c) || "._%+-'!#$&*=?^`{|}~".indexOf(c) >= 0;
  }

  private static boolean isDomainChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '-';
  }
}
