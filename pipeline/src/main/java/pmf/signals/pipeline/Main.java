package pmf.signals.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The jar's entry point: sends the log (and so any stack trace) to {@code OUTPUTDIR/pmf-signals.log}, unless
 * {@code --verbose}, before any logger exists, then runs {@link DailyAnalysisPipeline}. The console keeps the report,
 * the progress lines and one line per expected problem.
 */
public final class Main {
  /** The system property slf4j-simple reads for its output; set here, named in failure lines. */
  static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

  private Main() {}

  public static void main(String[] args) {
    if (Arrays.stream(args).noneMatch(a -> a.equals("--verbose") || a.equals("--verbose=true"))) {
      Path log = Path.of(option(args, "--outputDir=", "out")).resolve("pmf-signals.log");
      try {
        Files.createDirectories(log.getParent());
        System.setProperty(LOG_FILE, log.toString());
      } catch (IOException | RuntimeException e) {
        // The log stays on stderr: a directory we cannot create is the run's problem to report, not the logger's.
      }
    }
    DailyAnalysisPipeline.main(args);
  }

  private static String option(String[] args, String prefix, String fallback) {
    return Arrays.stream(args).filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()))
        .reduce((first, last) -> last).orElse(fallback);
  }

  /** Where the log goes, for the line that reports an unexpected failure: " (details in FILE)", or "". */
  static String logHint() {
    String file = System.getProperty(LOG_FILE);
    return file == null || file.equals("System.err") ? "" : " (details in " + Path.of(file).toAbsolutePath() + ")";
  }
}
