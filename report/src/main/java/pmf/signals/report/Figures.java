package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Numbers and dates as people read them: 1,151 · 14% · 0.84 · 23 Nov 2026. */
final class Figures {
  private Figures() {}

  static final String UNKNOWN = "n/a";
  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** A count or measure: grouped thousands, at most two decimals, no trailing zeros ("5,230", "3.4", "0.84"). */
  static String number(double value) {
    DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    format.setRoundingMode(RoundingMode.HALF_UP);
    // Through the decimal the value prints as, so 0.845 rounds to 0.85 as a person would.
    return format.format(BigDecimal.valueOf(value));
  }

  static String number(JsonNode node) {
    return node.isNumber() ? number(node.asDouble()) : UNKNOWN;
  }

  /** A rate in [0, 1] as a whole percent; under 1% keeps one decimal so a small non-zero rate never reads as 0%. */
  static String percent(double rate) {
    double percent = rate * 100;
    if (percent != 0 && Math.abs(percent) < 1) {
      return BigDecimal.valueOf(percent).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }
    return number(Math.round(percent)) + "%";
  }

  static String percent(JsonNode node) {
    return node.isNumber() ? percent(node.asDouble()) : UNKNOWN;
  }

  /**
   * A 95% interval as "87%–91%"; bounds that round alike get one more decimal ("86.9%–87.1%"), and bounds equal
   * even then are one value, so an interval never reads "95% – 95%".
   */
  static String interval(JsonNode low, JsonNode high) {
    if (!low.isNumber() || !high.isNumber()) {
      return UNKNOWN;
    }
    String from = percent(low);
    String to = percent(high);
    if (from.equals(to)) {
      from = percentToTenths(low.asDouble());
      to = percentToTenths(high.asDouble());
    }
    return from.equals(to) ? from : from + "–" + to;
  }

  private static String percentToTenths(double rate) {
    return BigDecimal.valueOf(rate * 100).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
  }

  /** A score such as an AUC or a probability: always two decimals ("0.84", "0.50"). */
  static String score(JsonNode node) {
    return node.isNumber() ? String.format(Locale.ENGLISH, "%.2f", node.asDouble()) : UNKNOWN;
  }

  /** "2026-11-23" as "23 Nov 2026"; anything that is not an ISO date is shown as it came. */
  static String date(String isoDate) {
    try {
      return LocalDate.parse(isoDate).format(LONG_DATE);
    } catch (DateTimeParseException e) {
      return isoDate;
    }
  }

  /** "2026-11-23" as "23 Nov", for chart axes. */
  static String shortDate(String isoDate) {
    try {
      return LocalDate.parse(isoDate).format(SHORT_DATE);
    } catch (DateTimeParseException e) {
      return isoDate;
    }
  }

  /** A window node's "from".."to" as briefly as it stays clear: "10–16 Nov 2026", "25 Oct – 9 Nov 2026". */
  static String window(JsonNode window) {
    String from = window.path("from").asText("?");
    String to = window.path("to").asText("?");
    try {
      LocalDate start = LocalDate.parse(from);
      LocalDate end = LocalDate.parse(to);
      if (start.getYear() != end.getYear()) {
        return date(from) + " – " + date(to);
      }
      String startText = start.getMonth() == end.getMonth()
          ? String.valueOf(start.getDayOfMonth()) : start.format(SHORT_DATE) + " ";
      return startText + (start.getMonth() == end.getMonth() ? "–" : "– ") + date(to);
    } catch (DateTimeParseException e) {
      return date(from) + " – " + date(to);
    }
  }

  /** Whether a metric's values are rates, so they read as percentages ("job failure rate", "download share"). */
  static boolean namesARate(String metric) {
    String name = metric.toLowerCase(Locale.ROOT);
    return name.endsWith("rate") || name.endsWith("share") || name.endsWith("%");
  }

  /** A metric's value: a percentage when the metric names a rate, else a plain number. */
  static String metricValue(String metric, JsonNode value) {
    return namesARate(metric) ? percent(value) : number(value);
  }
}
