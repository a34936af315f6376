package pmf.signals.privacy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers, found and validated by libphonenumber ({@link PhoneNumberUtil#findNumbers} at
 * {@link Leniency#VALID}) against each configured region's numbering plan, international (+…, 00…) and national
 * formats alike.
 *
 * <p>A linear pre-scan hands libphonenumber only the runs of digits and separators that could hold a number (7 to 17
 * digits), so a 2 MB log costs one pass, not one pass per region. A number written with a leading {@code +} or
 * {@code 00}, or grouped the way its region writes it (its
 * national format's groups, e.g. {@code (201) 555-0123}, {@code 06 12 34 56 78}), is taken as it stands. A bare digit run that merely happens to be valid somewhere
 * ({@code 1234567890}, a frame counter, an order id) needs a phone word nearby ("call", "number", "WhatsApp",
 * "tel", "móvil", ☎ …): most ten-digit ids are a valid number in some country.
 */
final class PhoneDetector implements Detector {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final int MIN_DIGITS = 7;
  private static final int MAX_DIGITS = 17;
  private static final int MAX_RUN = 64;
  private static final int CUE_BEFORE = 48;
  private static final int CUE_AFTER = 32;
  private static final Pattern CUE = Pattern.compile("(?iu)(?<![\\p{L}])(?:call|calls|calling|phone|ph|tel|tele|"
      + "telephone|mobile|mob|cell|cellphone|number|numbers|num|no\\.|nr|whatsapp|wa|signal|telegram|viber|text|texting|"
      + "sms|txt|ring|reach|contact|fax|dial|hotline|landline|extension|ext|telefon|telefono|teléfono|téléphone|tél|"
      + "portable|handy|móvil|movil|celular|cellulare|numero|número|nummer|appel|appelle|llamar|llama|ligar|liga|"
      + "chiamare|chiama|anrufen|ruf|bel|mobiel)(?![\\p{L}])|[☎☏📞📱]|電話");

  /** Dates that some numbering plan happens to accept: 2026-11-23, 23.11.2026, 11/23/26, with or without a time. */
  private static final Pattern DATE;

  static {
    String y = "(?:19|20)\\d\\d";
    String m = "(?:0?[1-9]|1[0-2])";
    String d = "(?:0?[1-9]|[12]\\d|3[01])";
    DATE = Pattern.compile("\\(?(?:" + y + "([-./])" + m + "\\1" + d + "|" + d + "([-./])" + m + "\\2" + y + "|" + m
        + "([-./])" + d + "\\3" + y + "|" + d + "([-./])" + m + "\\4\\d\\d|" + m + "([-./])" + d + "\\5\\d\\d)(?!\\d)");
  }

  private final String[] regions;

  PhoneDetector(List<String> regions) {
    this.regions = regions.toArray(new String[0]);
  }

  @Override
  public void find(String text, List<Candidate> out) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (!(isDigit(c) || c == '+' || c == '(') || (i > 0 && isWordChar(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      int end = i;
      int digits = 0;
      int lastDigitEnd = -1;
      while (end < n && end - i < MAX_RUN) {
        char d = text.charAt(end);
        if (isDigit(d)) {
          digits++;
          lastDigitEnd = end + 1;
        } else if (!(isSeparator(d) || (d == '+' && end == i))) {
          break;
        } else if (d == ' ' && end + 1 < n && text.charAt(end + 1) == ' ') {
          break;
        }
        end++;
      }
      if (lastDigitEnd < 0) {
        i = end + 1;
        continue;
      }
      if (digits >= MIN_DIGITS && end - i < MAX_RUN && !(lastDigitEnd < n && isWordChar(text.charAt(lastDigitEnd)))) {
        match(text, i, lastDigitEnd, out);
      }
      i = Math.max(lastDigitEnd, i + 1);
    }
  }

  private void match(String text, int runStart, int runEnd, List<Candidate> out) {
    // One character of context each side, which findNumbers uses to reject numbers glued to letters.
    int from = Math.max(0, runStart - 1);
    int to = Math.min(text.length(), runEnd + 1);
    String window = text.substring(from, to);
    PhoneNumberMatch written = null;
    PhoneNumberMatch valid = null;
    // The same digits can be valid in several regions; the number is the one whose own format they are written in.
    for (String region : regions) {
      for (PhoneNumberMatch m : PHONES.findNumbers(window, region, Leniency.VALID, 8)) {
        boolean international = m.rawString().charAt(0) == '+';
        if (!international && DATE.matcher(m.rawString()).lookingAt()) {
          continue;
        }
        if (written(m) && (written == null || m.end() - m.start() > written.end() - written.start())) {
          written = m;
        }
        if (valid == null || m.end() - m.start() > valid.end() - valid.start()) {
          valid = m;
        }
      }
      if (written != null && written.rawString().charAt(0) == '+') {
        break; // an international number reads the same from every region
      }
    }
    PhoneNumberMatch best = written != null ? written
        : valid != null && cued(text, from + valid.start(), from + valid.end()) ? valid : null;
    if (best != null) {
      out.add(new Candidate(PiiClass.PHONE, from + best.start(), from + best.end(),
          PHONES.format(best.number(), PhoneNumberFormat.E164)));
    }
  }

  /**
   * Written as a phone number is written: with an international prefix, or in digit groups that split where the
   * number's own national format splits (merging groups is fine: "0207946 0958"; "2024-07-18" is not a grouping).
   */
  private static boolean written(PhoneNumberMatch m) {
    String raw = m.rawString();
    if (raw.startsWith("+") || raw.startsWith("00") || raw.startsWith("011")) {
      return true;
    }
    Set<Integer> cuts = cuts(raw);
    return !cuts.isEmpty() && cuts(PHONES.format(m.number(), PhoneNumberFormat.NATIONAL)).containsAll(cuts);
  }

  /** Where digit groups end, counted in digits: "(201) 555-0123" gives {3, 6}. */
  private static Set<Integer> cuts(String s) {
    Set<Integer> cuts = new HashSet<>();
    int digits = 0;
    boolean inGap = false;
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) {
        if (inGap && digits > 0) {
          cuts.add(digits);
        }
        inGap = false;
        digits++;
      } else {
        inGap = true;
      }
    }
    return cuts;
  }

  private static boolean cued(String text, int start, int end) {
    int from = Math.max(0, start - CUE_BEFORE);
    int to = Math.min(text.length(), end + CUE_AFTER);
    return CUE.matcher(text).region(from, start).find() || CUE.matcher(text).region(end, to).find();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\u00A0' || (c >= '\u2010' && c <= '\u2015');
  }
}
