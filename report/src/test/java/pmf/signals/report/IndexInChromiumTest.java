package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.report.IndexHtml.Day;

/**
 * Opens index.html over seven weeks of dates (one unknown D7 rate, one day not analysed) in headless Chromium, as
 * {@link ReportInChromiumTest} opens the day's report: the rendered DOM holds the four trend charts with their marks,
 * each chart's colour is on the screen, and the page logs nothing to the console (Chromium reports SVG attributes it
 * cannot parse there). The screenshot stays in {@code transforms/target/index-screenshot.png} for a person to look at.
 */
public class IndexInChromiumTest {
  private static final int WIDTH = 1366;
  private static final int HEIGHT = 5200;
  private static final long TIMEOUT_SECONDS = 60;
  private static final Path TARGET = Path.of("target");
  private static final LocalDate FIRST = LocalDate.parse("2026-10-05");
  private static final LocalDate LAST = LocalDate.parse("2026-11-23");
  private static final LocalDate NOT_ANALYSED = LocalDate.parse("2026-11-01");
  private static final LocalDate NO_D7 = LocalDate.parse("2026-11-10");

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Chromium.Result index;

  @BeforeClass
  public static void renderInChromium() throws Exception {
    List<Day> days = new ArrayList<>();
    int i = 0;
    for (LocalDate date = FIRST; !date.isAfter(LAST); date = date.plusDays(1), i++) {
      if (!date.equals(NOT_ANALYSED)) {
        days.add(new Day(date, summary(date, i), true));
      }
    }
    Path page = TMP.getRoot().toPath().resolve("index.html");
    Files.writeString(page, IndexHtml.render(days), StandardCharsets.UTF_8);

    index = Chromium.open(page, TMP.getRoot().toPath());

    Files.createDirectories(TARGET);
    Files.copy(index.screenshot(), TARGET.resolve("index-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(page, TARGET.resolve("index-example.html"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The documented example with figures that move from day to day, so the lines are lines. */
  private static ObjectNode summary(LocalDate date, int i) {
    ObjectNode summary = Summaries.documentedExample();
    summary.put("analysis_date", date.toString());
    ((ObjectNode) summary.path("users")).put("active", 1000 + 7 * i + (i % 5) * 30);
    ObjectNode value = (ObjectNode) summary.path("value");
    ObjectNode d7 = (ObjectNode) value.path("return_d7");
    if (date.equals(NO_D7)) {
      d7.putNull("rate").put("users", 0).put("of", 0);
    } else {
      d7.put("rate", 0.25 + 0.002 * i);
    }
    ((ObjectNode) value.path("credit_exhaustion")).put("rate", 0.12 + 0.03 * ((i % 7) / 7.0));
    value.put("job_success_rate", 0.6 + 0.004 * i);
    return summary;
  }

  @Test
  public void thePageLogsNothingToTheConsole() {
    assertThat(index.console(), empty());
  }

  @Test
  public void aConsoleErrorWouldBeSeen() throws Exception {
    Path broken = TMP.getRoot().toPath().resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><html><body><svg><polyline points=\"a,b\"/></svg></body></html>");

    Chromium.Result result = Chromium.open(broken, TMP.getRoot().toPath());

    assertThat("the check above is not vacuous", result.console(), hasSize(1));
    assertThat(result.console().get(0), containsString("points"));
  }

  @Test
  public void theRenderedDomHoldsTheFourTrendChartsWithTheirMarks() {
    String dom = index.dom();
    int analysed = (int) (FIRST.datesUntil(LAST.plusDays(1)).count() - 1);

    assertThat(ChartMarks.charts(dom), equalTo(4));
    assertThat(ChartMarks.marks(dom, "active-users", "circle"), equalTo(analysed));
    assertThat("the day not analysed breaks the line", ChartMarks.marks(dom, "active-users", "polyline"),
        equalTo(2));
    assertThat(ChartMarks.marks(dom, "return-d7", "circle"), equalTo(analysed - 1));
    assertThat("and the unknown D7 rate breaks it again", ChartMarks.marks(dom, "return-d7", "polyline"),
        equalTo(3));
    assertThat(ChartMarks.marks(dom, "credit-exhaustion", "circle"), equalTo(analysed));
    assertThat(ChartMarks.marks(dom, "job-success", "circle"), equalTo(analysed));
    assertThat("a row per date", count(dom, "/report.html\">"), equalTo(analysed));
    assertThat(dom, not(containsString("<script")));
  }

  @Test
  public void eachChartsColourIsOnTheScreen() throws IOException {
    BufferedImage screenshot = ImageIO.read(index.screenshot().toFile());
    assertThat(screenshot.getWidth(), equalTo(WIDTH));
    for (Map.Entry<String, String> chart : Map.of("active users", Palette.ACTIVE_USERS, "D7 return", Palette.RETURN,
        "credit limit", Palette.CREDIT_EXHAUSTION, "job success", Palette.JOB_SUCCESS).entrySet()) {
      assertThat(chart.getKey() + " (" + chart.getValue() + ") pixels", pixelsNear(screenshot, chart.getValue()),
          greaterThan(300));
    }
  }

  private static int pixelsNear(BufferedImage image, String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        count += near(image.getRGB(x, y), rgb) ? 1 : 0;
      }
    }
    return count;
  }

  /** Within a few steps per channel: anti-aliased edges differ, the insides of shapes match. */
  private static boolean near(int a, int b) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 6) {
        return false;
      }
    }
    return true;
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  /** One headless Chromium run over a page: its screenshot, its DOM after rendering, and its console messages. */
  static final class Chromium {
    record Result(Path screenshot, String dom, List<String> console) {}

    static Result open(Path page, Path workDir) throws IOException, InterruptedException {
      String chromium = ReportInChromiumTest.chromium();
      // A profile of its own, so runs in parallel checkouts never share one.
      Path profile = Files.createTempDirectory(workDir, "profile");
      Path png = workDir.resolve("screenshot-" + System.nanoTime() + ".png");
      Path out = workDir.resolve("chromium-" + System.nanoTime() + ".out");
      Path err = workDir.resolve("chromium-" + System.nanoTime() + ".err");
      // --enable-logging=stderr makes Chromium write every console message to stderr as "...:CONSOLE...".
      List<String> command = List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run",
          "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT,
          "--screenshot=" + png, "--dump-dom", page.toUri().toString());
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
      }
      String log = Files.readString(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + command + "\n" + log);
      }
      assertThat("Chromium wrote no screenshot to " + png, Files.isRegularFile(png), equalTo(true));
      List<String> console = log.lines().filter(line -> line.contains(":CONSOLE")).toList();
      return new Result(png, Files.readString(out, StandardCharsets.UTF_8), console);
    }
  }
}
