package pmf.signals.privacy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;

/** Assertions shared by the scrubber tests: what a value became, and that clean text came through untouched. */
final class ScrubAssertions {
  static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  private ScrubAssertions() {}

  /** {@code value}, inside {@code sentence} (which holds "%s"), is masked whole by one finding of {@code expected}. */
  static void assertMasked(PiiClass expected, String sentence, String value) {
    String text = String.format(sentence, value);
    int start = text.indexOf(value);
    int end = start + value.length();
    List<Finding> findings = SCRUBBER.find(text);
    for (Finding f : findings) {
      if (f.start() <= start && f.end() >= end) {
        assertEquals("class of '" + value + "' in: " + text, expected, f.piiClass());
        return;
      }
    }
    fail("'" + value + "' not masked whole in: " + text + "\n  findings: " + findings + "\n  scrubbed: "
        + SCRUBBER.scrubText(text, Placeholders.forUser()));
  }

  /** Nothing in {@code text} is replaced. */
  static void assertUntouched(String text) {
    List<Finding> findings = SCRUBBER.find(text);
    if (!findings.isEmpty()) {
      StringBuilder what = new StringBuilder();
      for (Finding f : findings) {
        what.append("\n  ").append(f.piiClass()).append(": '").append(text, f.start(), f.end()).append('\'');
      }
      fail("expected no personal data in: " + text + what);
    }
  }

  /** {@code text} scrubbed with a fresh numbering. */
  static String scrubbed(String text) {
    return SCRUBBER.scrubText(text, Placeholders.forUser());
  }
}
