package pmf.signals.privacy;

import java.util.List;
import java.util.Locale;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, printed in groups or not, in either case: at each word that starts with a country code and two digits,
 * exactly as many letters and digits as that country's IBAN has (single spaces or dashes between groups allowed)
 * are held to commons-validator's {@link IBANValidator}: the country's length and format, and the mod-97 check.
 */
final class IbanDetector implements Detector {
  private static final IBANValidator VALIDATOR = IBANValidator.getInstance();

  @Override
  public void find(String text, List<Candidate> out) {
    int n = text.length();
    for (int i = 0; i + 4 <= n; i++) {
      if (!isAsciiLetter(text.charAt(i)) || !isAsciiLetter(text.charAt(i + 1)) || !isDigit(text.charAt(i + 2))
          || !isDigit(text.charAt(i + 3)) || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
        continue;
      }
      String country = text.substring(i, i + 2).toUpperCase(Locale.ROOT);
      IBANValidator.Validator format = VALIDATOR.getValidator(country);
      if (format == null) {
        continue;
      }
      int length = format.getIbanLength();
      StringBuilder compact = new StringBuilder(length);
      int j = i;
      while (j < n && compact.length() < length) {
        char c = text.charAt(j);
        if (Character.isLetterOrDigit(c) && c < 128) {
          compact.append(Character.toUpperCase(c));
        } else if (!((c == ' ' || c == '-' || c == '\u00A0') && j > i && j + 1 < n
            && Character.isLetterOrDigit(text.charAt(j - 1)) && Character.isLetterOrDigit(text.charAt(j + 1)))) {
          break;
        }
        j++;
      }
      if (compact.length() == length && VALIDATOR.isValid(compact.toString())) {
        out.add(new Candidate(PiiClass.IBAN, i, j, compact.toString()));
        i = j - 1;
      }
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
