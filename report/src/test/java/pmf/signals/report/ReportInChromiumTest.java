package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Opens report.html in headless Chromium (Debian's {@code chromium}, which {@code make test} installs when run as
 * root), takes a screenshot and dumps the rendered DOM, and checks the charts were really drawn: each chart's own
 * colours are on the screen and each chart's SVG holds its data marks. Not skipped when Chromium is missing: it
 * fails and says how to install it. The screenshot stays in {@code report/target/report-screenshot.png} for a
 * person to look at.
 */
public class ReportInChromiumTest {
  // A laptop's width; tall enough to hold the whole month's report, so every chart is in the one screenshot.
  private static final int WIDTH = 1366;
  private static final int HEIGHT = 6400;
  private static final int LAPTOP_SCREEN_HEIGHT = 768;
  private static final String WARNING_BACKGROUND = "#fef3c7"; // .warning in ReportStyle
  private static final long TIMEOUT_SECONDS = 60;
  private static final Path TARGET = Path.of("target");

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static String dom;
  private static BufferedImage screenshot;
  private static Map<Integer, Integer> pixelsByColour;

  @BeforeClass
  public static void renderInChromium() throws Exception {
    String chromium = chromium();
    Path report = TMP.getRoot().toPath().resolve("report.html");
    Files.writeString(report, ReportHtml.render(Summaries.month()), StandardCharsets.UTF_8);
    Path png = TMP.getRoot().toPath().resolve("report.png");

    dom = screenshotAndDumpDom(chromium, report, png);

    assertThat("Chromium wrote no screenshot to " + png, Files.isRegularFile(png), equalTo(true));
    screenshot = ImageIO.read(png.toFile());
    pixelsByColour = histogram(screenshot);
    Files.createDirectories(TARGET);
    Files.copy(png, TARGET.resolve("report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(report, TARGET.resolve("report-example.html"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  public void screenshotHasTheWindowsSizeAndIsNotBlank() {
    assertThat(screenshot.getWidth(), equalTo(WIDTH));
    assertThat(screenshot.getHeight(), equalTo(HEIGHT));
    assertThat("distinct colours on screen", pixelsByColour.size(), greaterThan(500));
  }

  @Test
  public void theWholeReportFitsInTheScreenshot() {
    int background = screenshot.getRGB(0, HEIGHT - 1);
    for (int y = HEIGHT - 40; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        assertThat("the page runs past the window's bottom: make HEIGHT taller", screenshot.getRGB(x, y),
            equalTo(background));
      }
    }
  }

  @Test
  public void theOfflineWarningIsOnTheFirstScreen() {
    int rgb = Integer.parseInt(WARNING_BACKGROUND.substring(1), 16);
    int pixels = 0;
    for (int y = 0; y < LAPTOP_SCREEN_HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        pixels += near(screenshot.getRGB(x, y), rgb, 2) ? 1 : 0;
      }
    }
    assertThat("warning banner pixels in the first " + LAPTOP_SCREEN_HEIGHT + " rows", pixels, greaterThan(20_000));
  }

  @Test
  public void everyChartsOwnColoursAreOnScreen() {
    Map<String, String> colours = Map.of(
        "trends: active users", Palette.ACTIVE_USERS,
        "trends: credit exhaustion", Palette.CREDIT_EXHAUSTION,
        "trends: job success", Palette.JOB_SUCCESS,
        "funnel", Palette.FUNNEL,
        "personas: share", Palette.PERSONA_SHARE,
        "themes: frictions", Palette.FRICTION,
        "themes: use cases", Palette.USE_CASE);
    for (Map.Entry<String, String> chart : colours.entrySet()) {
      assertThat(chart.getKey() + " (" + chart.getValue() + ") pixels",
          pixelsNear(chart.getValue()), greaterThan(300));
    }
  }

  @Test
  public void renderedDomHoldsTheFourChartsWithTheirDataMarks() {
    assertThat(ChartMarks.charts(dom), equalTo(4));
    assertThat(ChartMarks.marks(dom, "trends", "circle"), equalTo(21 * 4 - 1));
    assertThat(ChartMarks.marks(dom, "trends", "polyline"), greaterThan(3));
    assertThat(ChartMarks.marks(dom, "funnel", "rect"), equalTo(6));
    assertThat(ChartMarks.marks(dom, "personas", "rect"), equalTo(10));
    assertThat(ChartMarks.marks(dom, "themes", "rect"), equalTo(11));
    assertThat(dom, not(containsString("<script")));
  }

  /** One headless Chromium run: writes the screenshot and returns the DOM after rendering. */
  private static String screenshotAndDumpDom(String chromium, Path page, Path png)
      throws IOException, InterruptedException {
    // A profile of its own, so runs in parallel checkouts never share one.
    Path profile = Files.createTempDirectory(TMP.getRoot().toPath(), "profile");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + png, "--dump-dom",
        page.toUri().toString()));
    Path out = TMP.getRoot().toPath().resolve("chromium-" + System.nanoTime() + ".out");
    Path err = TMP.getRoot().toPath().resolve("chromium-" + System.nanoTime() + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + command + "\n"
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** PMF_CHROMIUM, else chromium or chromium-browser on the PATH; a clear failure when there is none. */
  static String chromium() {
    String configured = System.getenv("PMF_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      if (!new File(configured).canExecute()) {
        throw new AssertionError("PMF_CHROMIUM=" + configured + " is not an executable file");
      }
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, name);
        if (candidate.isFile() && candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    throw new AssertionError("This test opens report.html in headless Chromium, and none was found (chromium or "
        + "chromium-browser on the PATH, or PMF_CHROMIUM). Install it: sudo apt-get install -y chromium (Debian; "
        + "make test does this when run as root), or point PMF_CHROMIUM at a Chromium or Chrome binary.");
  }

  private static Map<Integer, Integer> histogram(BufferedImage image) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        counts.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Pixels within a small tolerance of the colour: anti-aliased edges differ, the insides of shapes match. */
  private static int pixelsNear(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    int count = 0;
    for (Map.Entry<Integer, Integer> colour : pixelsByColour.entrySet()) {
      if (near(colour.getKey(), rgb, 6)) {
        count += colour.getValue();
      }
    }
    return count;
  }

  private static boolean near(int a, int b, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
