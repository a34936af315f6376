package pmf.signals.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static pmf.signals.privacy.ScrubAssertions.SCRUBBER;

import java.time.Instant;
import java.util.Random;
import org.junit.Test;

/**
 * Megabyte messages are normal input (the README's data contract). Every detector scans linearly or with bounded patterns, so
 * inputs built to make backtracking regexes explode cost at most a few seconds per megabyte. The only bound is each
 * test's timeout, minutes, as a hang guard (no stopwatch: shared machines); catastrophic backtracking takes hours.
 */
public class ScrubberRobustnessTest {

  @Test(timeout = 300_000)
  public void aTwoMegabyteRenderLog_isScrubbedInSeconds_andKeptWhole() {
    StringBuilder log = new StringBuilder("here's the full render log from last night, something is off:\n\n");
    Random random = new Random(7);
    long t = Instant.parse("2026-11-04T02:00:00Z").toEpochMilli();
    int frame = 0;
    while (log.length() < 2_000_000) {
      t += 50 + random.nextInt(850);
      log.append(Instant.ofEpochMilli(t)).append(" INFO  render-worker-").append(1 + random.nextInt(8)).append(" frame ")
          .append(++frame).append("/90000 done in ").append(80 + random.nextInt(1820)).append(" ms (vram ")
          .append((40 + random.nextInt(190)) / 10.0).append(" GiB)\n");
    }
    log.append("ping me at jane@example.com");
    // The test's timeout, not a stopwatch, is the bound: a backtracking scan of 2 MB takes far longer than minutes.
    Scrubbed scrubbed = SCRUBBER.scrub(log.toString(), Placeholders.forUser());
    assertThat(scrubbed.findings().size(), equalTo(1));
    assertThat(scrubbed.text().length(), equalTo(log.length() - "jane@example.com".length() + "[EMAIL_1]".length()));
  }

  @Test(timeout = 600_000)
  public void adversarialInputs_costSecondsNotHours() {
    // A quarter of a megabyte each: enough for a quadratic scan to take minutes.
    int n = 250_000;
    String[] inputs = {"a".repeat(n), "1".repeat(n), "1 ".repeat(n / 2), "1.".repeat(n / 2), "@".repeat(n),
        "a@".repeat(n / 2), "a.b@".repeat(n / 4), "Aa1".repeat(n / 3), "ab:".repeat(n / 3), "12 ".repeat(n / 3) + "Street",
        "Tom ".repeat(n / 4), "https://x.com/" + "a".repeat(n), "-".repeat(n), "Hauptstraße".repeat(n / 11),
        "+1 ".repeat(n / 3), "Calle Mayor ".repeat(n / 12), "DE89".repeat(n / 4), "eyJ".repeat(n / 3),
        "-----BEGIN PRIVATE KEY-----".repeat(n / 27), "4111 ".repeat(n / 5), "my name is ".repeat(n / 11)};
    // The test's timeout, not a stopwatch, is the bound: a quadratic scan of these would take hours.
    for (String input : inputs) {
      Scrubbed scrubbed = SCRUBBER.scrub(input, Placeholders.forUser());
      assertThat(input.substring(0, 12), scrubbed.text().isEmpty(), equalTo(false));
    }
  }
}
