package pmf.signals.report;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as inline SVG: each row is a label over one or more bars, each bar a filled share of a faint
 * full-width track, its figure in a column on the right. Data bars carry {@code class="mark"} so a test can count
 * them. Panels stack, or stand side by side to save height.
 */
final class SvgBarChart {
  private SvgBarChart() {}

  /** One bar: its length as a fraction of the track, the figure printed after it, and its colour. */
  record Bar(double fraction, String figure, String colour) {}

  record Row(String label, List<Bar> bars) {}

  /** A titled group of rows; a chart may hold several (friction themes beside use-case themes). */
  record Panel(String heading, List<Row> rows) {}

  record LegendItem(String label, String colour) {}

  /** The drawing's own width in SVG units; it scales to its box, so a chart for a half-width card is narrower. */
  static final int WIDTH = 1000;
  private static final int FIGURE_ROOM = 150;
  private static final int PANEL_GAP = 40;
  private static final int BAR_HEIGHT = 16;
  private static final int BAR_GAP = 4;
  private static final int LABEL_HEIGHT = 20;
  private static final int ROW_GAP = 12;
  private static final int HEADING_HEIGHT = 30;
  private static final int LEGEND_HEIGHT = 28;
  private static final int CHARS_PER_100_UNITS = 13;

  static String render(String chart, String description, int width, List<LegendItem> legend, List<Panel> panels,
      boolean sideBySide) {
    StringBuilder body = new StringBuilder();
    int top = 0;
    if (!legend.isEmpty()) {
      body.append(legend(legend, 0));
      top += LEGEND_HEIGHT;
    }
    int columns = sideBySide ? Math.max(1, panels.size()) : 1;
    int columnWidth = (width - PANEL_GAP * (columns - 1)) / columns;
    int bottom = top;
    int y = top;
    for (int i = 0; i < panels.size(); i++) {
      int x = sideBySide ? i * (columnWidth + PANEL_GAP) : 0;
      y = panel(body, panels.get(i), x, sideBySide ? top : y, columnWidth);
      bottom = Math.max(bottom, y);
    }
    return open(chart, description, width, bottom) + body + "</svg>";
  }

  /** Draws one panel with its left edge at x; returns the y below it. */
  private static int panel(StringBuilder body, Panel panel, int x, int top, int width) {
    int y = top;
    if (!panel.heading().isEmpty()) {
      body.append(text(x, y + 18, "panel-heading", panel.heading()));
      y += HEADING_HEIGHT;
    }
    for (Row row : panel.rows()) {
      y = row(body, row, x, y, width);
    }
    return y + ROW_GAP;
  }

  private static int row(StringBuilder body, Row row, int x, int top, int width) {
    int track = width - FIGURE_ROOM;
    body.append("<g class=\"row\">");
    body.append(text(x, top + 14, "label", shortened(row.label(), width)));
    int y = top + LABEL_HEIGHT;
    for (Bar bar : row.bars()) {
      double fraction = Math.max(0, Math.min(1, bar.fraction()));
      // A non-zero value keeps a sliver of bar so it never looks like missing data.
      double drawn = fraction > 0 ? Math.max(fraction * track, 2) : 0;
      body.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\"/>",
          x, y, track, BAR_HEIGHT, Palette.TRACK));
      body.append(String.format(Locale.ROOT,
          "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\">"
              + "<title>%s: %s</title></rect>",
          x, y, drawn, BAR_HEIGHT, bar.colour(), Html.escape(row.label()), Html.escape(bar.figure())));
      body.append(text(x + track + 10, y + BAR_HEIGHT - 3, "figure", bar.figure()));
      y += BAR_HEIGHT + BAR_GAP;
    }
    body.append("</g>");
    return y + ROW_GAP - BAR_GAP;
  }

  static String legend(List<LegendItem> items, int y) {
    StringBuilder out = new StringBuilder("<g class=\"legend\">");
    int x = 0;
    for (LegendItem item : items) {
      out.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>", x, y + 4, item.colour()));
      out.append(text(x + 18, y + 15, "legend-label", item.label()));
      x += 18 + item.label().length() * 7 + 28;
    }
    return out.append("</g>").toString();
  }

  static String open(String chart, String description, int width, int height) {
    return String.format(Locale.ROOT,
        "<svg data-chart=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">",
        chart, width, height, Html.escape(description));
  }

  static String text(double x, double y, String cssClass, String text) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">%s</text>",
        x, y, cssClass, Html.escape(text));
  }

  /** SVG text does not wrap: a label longer than its column is cut, and its bar's tooltip keeps it whole. */
  private static String shortened(String label, int width) {
    int room = width * CHARS_PER_100_UNITS / 100;
    return label.length() <= room ? label : label.substring(0, room - 1) + "…";
  }
}
