package pmf.signals.privacy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.CreditCardValidator.CreditCardRange;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: runs of digit groups joined by single spaces or dashes (or none), every contiguous set of
 * groups holding 13 to 19 digits held to commons-validator's {@link CreditCardValidator}, which checks the issuer's
 * prefix and length and the Luhn digit. Brands: Visa, Mastercard, Amex, Discover, Diners, VPay, JCB, UnionPay and
 * Maestro. A random 16-digit id passes Luhn one time in ten; the issuer prefixes are what keep ids out.
 */
final class CardDetector implements Detector {
  private static final CreditCardValidator VALIDATOR = new CreditCardValidator(
      new CodeValidator[] {CreditCardValidator.VISA_VALIDATOR, CreditCardValidator.MASTERCARD_VALIDATOR,
          CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.DISCOVER_VALIDATOR,
          CreditCardValidator.DINERS_VALIDATOR, CreditCardValidator.VPAY_VALIDATOR},
      new CreditCardRange[] {
        new CreditCardRange("3528", "3589", 16, 19), // JCB
        new CreditCardRange("62", null, 16, 19), // UnionPay
        new CreditCardRange("5018", null, 12, 19), // Maestro
        new CreditCardRange("5020", null, 12, 19),
        new CreditCardRange("5038", null, 12, 19),
        new CreditCardRange("5893", null, 12, 19),
        new CreditCardRange("6304", null, 12, 19),
        new CreditCardRange("6759", null, 12, 19),
        new CreditCardRange("676770", null, 12, 19),
        new CreditCardRange("676774", null, 12, 19)});
  private static final int MIN = 13;
  private static final int MAX = 19;

  @Override
  public void find(String text, List<Candidate> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i)) || (i > 0 && isGlue(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      // Groups of digits separated by exactly one space, dash or no-break space.
      List<int[]> groups = new ArrayList<>();
      int j = i;
      int total = 0;
      while (j < n && isDigit(text.charAt(j))) {
        int g = j;
        while (j < n && isDigit(text.charAt(j))) {
          j++;
        }
        groups.add(new int[] {g, j});
        total += j - g;
        if (total > 4 * MAX || j + 1 >= n || !isSeparator(text.charAt(j)) || !isDigit(text.charAt(j + 1))) {
          break;
        }
        j++;
      }
      int runEnd = groups.get(groups.size() - 1)[1];
      if (total >= MIN && !(runEnd < n && isGlue(text.charAt(runEnd)) && !isSentenceEnd(text, runEnd))) {
        findIn(text, groups, out);
      }
      i = runEnd + 1;
    }
  }

  /** Longest contiguous set of groups that is a valid card; a run may hold a card and other numbers. */
  private static void findIn(String text, List<int[]> groups, List<Candidate> out) {
    int a = 0;
    while (a < groups.size()) {
      int found = -1;
      StringBuilder digits = new StringBuilder();
      for (int b = a; b < groups.size() && b - a < 6; b++) {
        if (b > a && groups.get(b - 1)[1] - groups.get(b - 1)[0] < 3) {
          break; // cards are printed in groups of 3 to 6 (4-4-4-4, 4-6-5), never "4 1 1 1 ..."
        }
        digits.append(text, groups.get(b)[0], groups.get(b)[1]);
        if (digits.length() > MAX) {
          break;
        }
        // Luhn first: one digit sum, where the validator tries every issuer's pattern.
        if (digits.length() >= MIN && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits.toString())
            && VALIDATOR.isValid(digits.toString())) {
          found = b;
        }
      }
      if (found < 0) {
        a++;
        continue;
      }
      StringBuilder key = new StringBuilder();
      for (int g = a; g <= found; g++) {
        key.append(text, groups.get(g)[0], groups.get(g)[1]);
      }
      out.add(new Candidate(PiiClass.CARD, groups.get(a)[0], groups.get(found)[1], key.toString()));
      a = found + 1;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Characters that glue a digit run into something else: a word, a decimal, a version. */
  private static boolean isGlue(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ',';
  }

  private static boolean isSentenceEnd(String text, int at) {
    char c = text.charAt(at);
    return (c == '.' || c == ',') && (at + 1 == text.length() || Character.isWhitespace(text.charAt(at + 1)));
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '\u00A0';
  }
}
