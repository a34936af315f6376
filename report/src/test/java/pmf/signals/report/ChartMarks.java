package pmf.signals.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the charts back out of report.html (or the DOM Chromium dumps): which charts, and how many data marks. */
final class ChartMarks {
  private ChartMarks() {}

  private static final Pattern MARK = Pattern.compile("<(rect|polyline|circle)\\b[^>]*\\bclass=\"mark\"");

  /** The {@code <svg data-chart="NAME">} element's markup, or "" when the page has no such chart. */
  static String chart(String html, String name) {
    Matcher open = Pattern.compile("<svg\\b[^>]*\\bdata-chart=\"" + name + "\"").matcher(html);
    if (!open.find()) {
      return "";
    }
    int end = html.indexOf("</svg>", open.start());
    return end < 0 ? "" : html.substring(open.start(), end);
  }

  static int charts(String html) {
    Matcher charts = Pattern.compile("<svg\\b[^>]*\\bdata-chart=\"").matcher(html);
    int count = 0;
    while (charts.find()) {
      count++;
    }
    return count;
  }

  /** Data marks of the given element ("rect", "polyline", "circle") in one chart. */
  static int marks(String html, String chart, String element) {
    Matcher marks = MARK.matcher(chart(html, chart));
    int count = 0;
    while (marks.find()) {
      if (marks.group(1).equals(element)) {
        count++;
      }
    }
    return count;
  }
}
