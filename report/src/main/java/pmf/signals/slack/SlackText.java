package pmf.signals.slack;

import java.util.regex.Pattern;
import pmf.signals.privacy.Placeholders;
import pmf.signals.privacy.PiiScrubber;

/** Turning data strings into safe Slack text: one line, scrubbed, escaped, and cut to a limit with "…". */
final class SlackText {

  static final String ELLIPSIS = "…";
  static final int SCRUB_MARGIN = 2000;

  private static final Pattern WHITESPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cc}\\p{Cf}]+");
  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  private SlackText() {}

  /**
   * A label or answer from the summary as mrkdwn: whitespace collapsed (so it cannot open a quote or a list),
   * scrubbed of personal data, escaped, at most {@code max} characters.
   */
  static String data(String raw, int max) {
    if (raw == null) {
      return "";
    }
    // Only what can be shown is scrubbed; the margin keeps a value that straddles the cut whole for the detectors.
    String shown = raw.length() > max + SCRUB_MARGIN ? raw.substring(0, max + SCRUB_MARGIN) : raw;
    String oneLine = WHITESPACE_OR_CONTROL.matcher(shown).replaceAll(" ").strip();
    // Labels come from LLM answers: scrubbed once more so a leak upstream stops here too.
    String scrubbed = SCRUBBER.scrubText(oneLine, Placeholders.forUser());
    return fit(escape(scrubbed), max);
  }

  /** Slack's three control characters as entities, so data can't open a mention, a link or a channel alert. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} cut to at most {@code max} characters, ending in "…" when cut; never splits an entity
   * ({@code &amp;}) or a surrogate pair.
   */
  static String fit(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = Math.max(0, max - ELLIPSIS.length());
    if (cut > 0 && Character.isLowSurrogate(text.charAt(cut))) {
      cut--;
    }
    int amp = text.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp >= cut - "&amp;".length() && text.indexOf(';', amp) >= cut) {
      cut = amp;
    }
    return text.substring(0, cut) + ELLIPSIS;
  }
}
