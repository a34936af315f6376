package pmf.signals.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Line charts over dates as inline SVG, in stacked panels sharing the date axis (counts in one, rates in another, so
 * neither scale flattens the other). Lines are {@code <polyline class="mark">}, each day a
 * {@code <circle class="mark">}; a missing value breaks the line instead of drawing it as zero.
 */
final class SvgLineChart {
  private SvgLineChart() {}

  /** One line: a value per date (null where unknown). */
  record Series(String name, String colour, List<Double> values) {}

  /** A titled panel with its own y scale and tick format. */
  record Panel(String heading, List<Series> series, DoubleFunction<String> tickFormat) {}

  private static final int WIDTH = SvgBarChart.WIDTH;
  private static final int LEFT = 64;
  private static final int RIGHT = 24;
  private static final int PLOT_HEIGHT = 170;
  private static final int PANEL_TOP = 58;
  private static final int AXIS_ROOM = 34;
  private static final int MAX_DATE_LABELS = 10;

  static String render(String chart, String description, List<String> dates, List<Panel> panels) {
    StringBuilder body = new StringBuilder();
    int y = 0;
    for (Panel panel : panels) {
      panel(body, panel, dates, y);
      y += PANEL_TOP + PLOT_HEIGHT + AXIS_ROOM;
    }
    return SvgBarChart.open(chart, description, WIDTH, y) + body + "</svg>";
  }

  private static void panel(StringBuilder body, Panel panel, List<String> dates, int top) {
    body.append(SvgBarChart.text(0, top + 18, "panel-heading", panel.heading()));
    List<SvgBarChart.LegendItem> legend = new ArrayList<>();
    for (Series series : panel.series()) {
      legend.add(new SvgBarChart.LegendItem(series.name(), series.colour()));
    }
    body.append(SvgBarChart.legend(legend, top + 26));
    int plotTop = top + PANEL_TOP;
    double max = niceMax(panel.series());
    yAxis(body, plotTop, max, panel.tickFormat());
    xAxis(body, dates, plotTop + PLOT_HEIGHT);
    for (Series series : panel.series()) {
      line(body, series, dates, plotTop, max, panel.tickFormat());
    }
  }

  private static void yAxis(StringBuilder body, int plotTop, double max, DoubleFunction<String> format) {
    int ticks = 4;
    for (int i = 0; i <= ticks; i++) {
      double value = max * i / ticks;
      double y = plotTop + PLOT_HEIGHT - PLOT_HEIGHT * (double) i / ticks;
      body.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>",
          LEFT, y, WIDTH - RIGHT, y, Palette.GRID));
      body.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
          LEFT - 8, y + 4, Html.escape(format.apply(value))));
    }
  }

  private static void xAxis(StringBuilder body, List<String> dates, int baseline) {
    int every = (int) Math.ceil(dates.size() / (double) MAX_DATE_LABELS);
    for (int i = 0; i < dates.size(); i++) {
      boolean last = i == dates.size() - 1;
      boolean clearOfLast = dates.size() - 1 - i >= every / 2.0;
      // The last date is always labelled: it is the day the report is about.
      if (last || (i % every == 0 && clearOfLast)) {
        body.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
            x(i, dates.size()), baseline + 20, Html.escape(Figures.shortDate(dates.get(i)))));
      }
    }
  }

  private static void line(
      StringBuilder body, Series series, List<String> dates, int plotTop, double max, DoubleFunction<String> format) {
    List<String> run = new ArrayList<>();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < dates.size(); i++) {
      Double value = i < series.values().size() ? series.values().get(i) : null;
      if (value == null) {
        flush(body, run, series.colour());
        continue;
      }
      double x = x(i, dates.size());
      double y = plotTop + PLOT_HEIGHT - PLOT_HEIGHT * (max > 0 ? value / max : 0);
      run.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      dots.append(String.format(Locale.ROOT,
          "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s, %s: %s</title></circle>",
          x, y, series.colour(), Html.escape(Figures.date(dates.get(i))), Html.escape(series.name()),
          Html.escape(format.apply(value))));
    }
    flush(body, run, series.colour());
    body.append(dots);
  }

  private static void flush(StringBuilder body, List<String> run, String colour) {
    if (!run.isEmpty()) {
      body.append(String.format(Locale.ROOT,
          "<polyline class=\"mark\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\" "
              + "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
          String.join(" ", run), colour));
      run.clear();
    }
  }

  private static double x(int index, int count) {
    double plotWidth = WIDTH - LEFT - RIGHT - 20;
    return count <= 1 ? LEFT + 10 + plotWidth / 2 : LEFT + 10 + plotWidth * index / (count - 1);
  }

  /** The top of the y axis: four round steps (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) reaching every value. */
  static double niceMax(List<Series> series) {
    double max = 0;
    for (Series s : series) {
      for (Double value : s.values()) {
        if (value != null) {
          max = Math.max(max, value);
        }
      }
    }
    if (max <= 0) {
      return 1;
    }
    double rawStep = max / 4;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)));
    double step = magnitude * 10;
    for (double nice : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (nice * magnitude >= rawStep) {
        step = nice * magnitude;
        break;
      }
    }
    return step * 4;
  }
}
