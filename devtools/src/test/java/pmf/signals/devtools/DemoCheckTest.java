package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DemoCheckTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String TRAINED = "{\"return_model\": {\"status\": \"trained\", \"holdout\": {\"auc\": 0.76}}}";

  @Test
  public void enoughDatesAndATrainedModel_pass() throws Exception {
    Path out = demoOutput(14, TRAINED);
    assertThat(DemoCheck.check(out, 14), startsWith("ok: "));
  }

  @Test
  public void tooFewDates_failInOneLine() throws Exception {
    Path out = demoOutput(13, TRAINED);
    assertThat(DemoCheck.check(out, 14), startsWith("FAILED: " + out.resolve("index.html") + " lists 13 dates"));
  }

  @Test
  public void anUntrainedModel_fails_andSaysWhy() throws Exception {
    Path out = demoOutput(14, "{\"return_model\": {\"status\": \"not enough history: 3 labelled dates\"}}");
    assertThat(DemoCheck.check(out, 14), startsWith("FAILED: " + out.resolve("2026-11-14").resolve(Demo.DAILY_SUMMARY)
        + " has no trained return model with an AUC (status: not enough history"));
  }

  @Test
  public void noIndex_fails() throws Exception {
    assertThat(DemoCheck.check(tmp.getRoot().toPath(), 14), startsWith("FAILED: make demo wrote no "));
  }

  /** An index linking {@code dates} dates (the last one first, as the page does) and the last date's summary. */
  private Path demoOutput(int dates, String lastSummary) throws Exception {
    Path out = tmp.getRoot().toPath();
    StringBuilder index = new StringBuilder("<html><body>");
    for (int day = dates; day >= 1; day--) {
      index.append(String.format("<a href=\"2026-11-%02d/report.html\">%d Nov 2026</a>", day, day));
    }
    Files.writeString(out.resolve("index.html"), index + "</body></html>");
    Path last = Files.createDirectories(out.resolve(String.format("2026-11-%02d", dates)));
    Files.writeString(last.resolve(Demo.DAILY_SUMMARY), lastSummary);
    return out;
  }
}
