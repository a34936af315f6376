package pmf.signals.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make test-newcomer}'s verdict on what {@code make demo} left in OUTPUTDIR: an index listing at least
 * {@code minDates} dates, and a last date whose daily summary has a trained return model with a hold-out AUC, the
 * things a one-date demo cannot show. Exit 0 and one line when it holds; exit 1 and one line saying what is missing.
 *
 * <pre>java -cp ... pmf.signals.devtools.DemoCheck OUTPUTDIR [MIN_DATES]</pre>
 */
public final class DemoCheck {
  private static final Pattern DATE_LINK = Pattern.compile("href=\"(\\d{4}-\\d{2}-\\d{2})/report\\.html\"");

  private DemoCheck() {}

  public static void main(String[] args) throws Exception {
    String verdict = check(Path.of(args.length > 0 ? args[0] : "out"), args.length > 1 ? Integer.parseInt(args[1]) : 14);
    System.out.println(verdict);
    System.exit(verdict.startsWith("FAILED") ? 1 : 0);
  }

  static String check(Path outputDir, int minDates) throws Exception {
    Path index = outputDir.resolve("index.html");
    if (!Files.isRegularFile(index)) {
      return "FAILED: make demo wrote no " + index;
    }
    TreeSet<String> dates = new TreeSet<>();
    Matcher m = DATE_LINK.matcher(Files.readString(index));
    while (m.find()) {
      dates.add(m.group(1));
    }
    if (dates.size() < minDates) {
      return "FAILED: " + index + " lists " + dates.size() + " dates, fewer than " + minDates;
    }
    Path summary = outputDir.resolve(dates.last()).resolve(Demo.DAILY_SUMMARY);
    if (!Files.isRegularFile(summary)) {
      return "FAILED: the last date in " + index + " has no " + summary;
    }
    JsonNode model = new ObjectMapper().readTree(summary.toFile()).path("return_model");
    JsonNode auc = model.path("holdout").path("auc");
    if (!"trained".equals(model.path("status").asText()) || !auc.isNumber()) {
      return "FAILED: " + summary + " has no trained return model with an AUC (status: "
          + model.path("status").asText("missing") + ")";
    }
    return "ok: " + index + " lists " + dates.size() + " dates; " + dates.last() + " has a trained return model,"
        + " hold-out AUC " + auc.asText();
  }
}
