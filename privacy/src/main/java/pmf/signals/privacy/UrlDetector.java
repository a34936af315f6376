package pmf.signals.privacy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.DomainValidator;

/**
 * URLs that can point at a person or carry a credential. A URL is replaced when it has anything beyond its host: a
 * path other than "/", a query, a fragment, or user info — reset tokens, share links, signed links and personal
 * folders all live there, and telling a harmless path from a personal one is guesswork. A bare host
 * ({@code https://figma.com}, {@code www.etsy.com}) stays: it names a product, not a person.
 *
 * <p>Candidates: anything after {@code scheme://}, or a dotted host under a public TLD (commons-validator's
 * {@link DomainValidator}) followed by a path, up to whitespace or a quote; trailing punctuation and an unbalanced
 * closing bracket are left outside.
 */
final class UrlDetector implements Detector {
  private static final Pattern WITH_SCHEME = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}+.-])(?:https?|ftps?|sftp|wss?|s3|gs|file)://[^\\s<>\"`{}|\\\\^\\[\\]\\u2018-\\u201F\\u00AB\\u00BB]{1,4096}+");
  private static final Pattern WITHOUT_SCHEME = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}@./:_-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.){1,8}+([a-z]{2,24}))(?::\\d{2,5})?"
          + "[/?#][^\\s<>\"`{}|\\\\^\\[\\]\\u2018-\\u201F\\u00AB\\u00BB]{0,4096}+");
  private static final String TRAILING = ".,;:!?'\"*…";

  @Override
  public void find(String text, List<Candidate> out) {
    Matcher m = WITH_SCHEME.matcher(text);
    while (m.find()) {
      int end = trim(text, m.start(), m.end());
      int afterScheme = text.indexOf("://", m.start()) + 3;
      if (beyondHost(text, afterScheme, end)) {
        out.add(new Candidate(PiiClass.URL, m.start(), end, text.substring(m.start(), end)));
      }
    }
    m = WITHOUT_SCHEME.matcher(text);
    while (m.find()) {
      if (!DomainValidator.getInstance().isValidTld(m.group(2).toLowerCase(Locale.ROOT))) {
        continue;
      }
      int end = trim(text, m.start(), m.end());
      if (beyondHost(text, m.start(), end)) {
        out.add(new Candidate(PiiClass.URL, m.start(), end, text.substring(m.start(), end)));
      }
    }
  }

  /** Drops trailing punctuation and closing brackets that the URL did not open. */
  private static int trim(String text, int start, int end) {
    while (end > start) {
      char c = text.charAt(end - 1);
      if (TRAILING.indexOf(c) >= 0) {
        end--;
      } else if (c == ')' && count(text, start, end, '(') < count(text, start, end, ')')) {
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  private static int count(String text, int start, int end, char c) {
    int k = 0;
    for (int i = start; i < end; i++) {
      k += text.charAt(i) == c ? 1 : 0;
    }
    return k;
  }

  /** Anything after the host (and port) but a lone "/": path, query, fragment; or user info before the host. */
  private static boolean beyondHost(String text, int authorityStart, int end) {
    int i = authorityStart;
    while (i < end && "/?#".indexOf(text.charAt(i)) < 0) {
      if (text.charAt(i) == '@') {
        return true;
      }
      i++;
    }
    return end - i > 1 || (end - i == 1 && text.charAt(i) != '/');
  }
}
