package pmf.signals.privacy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses, validated by commons-validator's {@link InetAddressValidator}. A dotted quad is an address
 * only when it stands alone: {@code 2.5.1}, {@code 1.2.3.4.5}, {@code v1.2.3.4} and "version 1.2.3.4" are versions.
 * IPv6 candidates are maximal runs of hex digits, colons and dots with at least two colons and a decimal digit, so
 * {@code 12:30:45}, {@code std::vector} and {@code Foo::bar} stay.
 */
final class IpDetector implements Detector {
  private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();
  private static final Pattern V4 =
      Pattern.compile("(?<![\\p{L}\\p{N}_.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\p{L}\\p{N}_]|\\.\\d)");
  private static final Pattern VERSION_WORD =
      Pattern.compile("(?i)(?<![\\p{L}])(?:version|ver\\.?|release|build|firmware|v)\\s*$");

  @Override
  public void find(String text, List<Candidate> out) {
    Matcher m = V4.matcher(text);
    while (m.find()) {
      String v = m.group();
      if (VALIDATOR.isValidInet4Address(v)
          && !VERSION_WORD.matcher(text.substring(Math.max(0, m.start() - 10), m.start())).find()) {
        out.add(new Candidate(PiiClass.IP, m.start(), m.end(), v));
      }
    }
    findV6(text, out);
  }

  private static void findV6(String text, List<Candidate> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isV6Char(text.charAt(i)) || (i > 0 && isWordChar(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      int end = i;
      int colons = 0;
      boolean decimal = false;
      while (end < n && isV6Char(text.charAt(end))) {
        char c = text.charAt(end);
        colons += c == ':' ? 1 : 0;
        decimal |= c >= '0' && c <= '9';
        end++;
      }
      int runEnd = end;
      // A sentence may end right after an address: "ssh into 2001:db8::1."
      while (end > i && text.charAt(end - 1) == '.') {
        end--;
      }
      if (end > i && text.charAt(end - 1) == ':' && (end - 2 < i || text.charAt(end - 2) != ':')) {
        end--;
      }
      boolean bounded = runEnd >= n || !isWordChar(text.charAt(runEnd));
      if (colons >= 2 && decimal && bounded && end - i <= 45) {
        String v = text.substring(i, end);
        if (VALIDATOR.isValidInet6Address(v) && groups(v) >= 2) {
          out.add(new Candidate(PiiClass.IP, i, end, canonical(v)));
        }
      }
      i = runEnd + 1;
    }
  }

  private static int groups(String v) {
    int groups = 0;
    for (String part : v.split(":")) {
      groups += part.isEmpty() ? 0 : 1;
    }
    return groups;
  }

  /** One spelling per address, so {@code 2001:DB8::1} and {@code 2001:db8:0:0:0:0:0:1} share a placeholder. */
  private static String canonical(String v6) {
    try {
      return InetAddress.getByName(v6).getHostAddress(); // a literal: parsed, never looked up
    } catch (UnknownHostException | SecurityException e) {
      return v6.toLowerCase(Locale.ROOT);
    }
  }

  private static boolean isV6Char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
