package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.report.SvgBarChart.Bar;
import pmf.signals.report.SvgBarChart.LegendItem;
import pmf.signals.report.SvgBarChart.Panel;
import pmf.signals.report.SvgBarChart.Row;
import pmf.signals.report.SvgLineChart.Series;

/**
 * The report's four charts from the summary JSON: trends, funnel, personas, themes. Each returns an {@code <svg
 * data-chart="...">}, or an empty string when there is nothing to draw (the caller then says so in words).
 */
final class ReportCharts {
  private ReportCharts() {}

  /** The funnel sits in a half-width card beside the key rates: a narrower drawing keeps its text readable there. */
  private static final int HALF_WIDTH = 500;

  static String trends(JsonNode trends) {
    if (!trends.isArray() || trends.isEmpty()) {
      return "";
    }
    List<String> dates = new ArrayList<>();
    for (JsonNode day : trends) {
      dates.add(SummaryFacts.text(day.path("date")));
    }
    SvgLineChart.Panel active = new SvgLineChart.Panel("Active users per day",
        List.of(new Series("active users", Palette.ACTIVE_USERS, values(trends, "active"))),
        value -> Figures.number(value));
    SvgLineChart.Panel rates = new SvgLineChart.Panel("Return, credit limit and job success",
        List.of(
            new Series("back within 7 days", Palette.RETURN, values(trends, "return_d7")),
            new Series("hit the credit limit", Palette.CREDIT_EXHAUSTION, values(trends, "credit_exhaustion")),
            new Series("jobs that succeeded", Palette.JOB_SUCCESS, values(trends, "job_success_rate"))),
        Figures::percent);
    return SvgLineChart.render("trends", "Active users, 7-day return, credit exhaustion and job success by day",
        dates, List.of(active, rates));
  }

  private static List<Double> values(JsonNode trends, String field) {
    List<Double> values = new ArrayList<>();
    for (JsonNode day : trends) {
      values.add(day.path(field).isNumber() ? day.path(field).asDouble() : null);
    }
    return values;
  }

  static String funnel(JsonNode funnel) {
    List<SummaryFacts.FunnelStep> steps = SummaryFacts.funnel(funnel);
    if (steps.isEmpty() || steps.get(0).users() == 0) {
      return "";
    }
    List<Row> rows = new ArrayList<>();
    for (SummaryFacts.FunnelStep step : steps) {
      String figure = Figures.number(step.users()) + " users · " + Figures.percent(step.ofFirst());
      rows.add(new Row(SummaryFacts.capitalised(step.step()),
          List.of(new Bar(step.ofFirst(), figure, Palette.FUNNEL))));
    }
    return SvgBarChart.render("funnel", "Users at each step of the day's funnel, as a share of active users",
        HALF_WIDTH, List.of(), List.of(new Panel("", rows)), false);
  }

  static String personas(JsonNode personas) {
    if (!personas.isArray() || personas.isEmpty()) {
      return "";
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode persona : personas) {
      JsonNode share = persona.path("share");
      JsonNode returned = persona.path("return_rate");
      String label = SummaryFacts.text(persona.path("name")) + " — " + Figures.number(persona.path("users")) + " users";
      rows.add(new Row(label,
          List.of(
              new Bar(share.asDouble(0), Figures.percent(share) + " of active users", Palette.PERSONA_SHARE),
              new Bar(returned.asDouble(0), Figures.percent(returned) + " come back", Palette.RETURN))));
    }
    return SvgBarChart.render("personas", "Each persona's share of active users and its return rate",
        SvgBarChart.WIDTH, List.of(new LegendItem("share of active users", Palette.PERSONA_SHARE),
            new LegendItem("return rate", Palette.RETURN)),
        List.of(new Panel("", rows)), false);
  }

  /** Friction and use-case themes on one scale of distinct users, so their sizes compare honestly. */
  static String themes(JsonNode themes) {
    JsonNode frictions = themes.path("frictions");
    JsonNode useCases = themes.path("use_cases");
    if (frictions.isEmpty() && useCases.isEmpty()) {
      return "";
    }
    double most = Math.max(mostUsers(frictions), mostUsers(useCases));
    List<Panel> panels = new ArrayList<>();
    if (!frictions.isEmpty()) {
      panels.add(new Panel("Where users get stuck", themeRows(frictions, most, Palette.FRICTION)));
    }
    if (!useCases.isEmpty()) {
      panels.add(new Panel("What users try to do", themeRows(useCases, most, Palette.USE_CASE)));
    }
    return SvgBarChart.render("themes", "Distinct users per friction theme and per use-case theme",
        SvgBarChart.WIDTH, List.of(), panels, true);
  }

  private static List<Row> themeRows(JsonNode themes, double most, String colour) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode theme : themes) {
      double users = theme.path("users").asDouble(0);
      String share = theme.path("share").isNumber() ? " · " + Figures.percent(theme.path("share")) : "";
      rows.add(new Row(SummaryFacts.text(theme.path("theme")),
          List.of(new Bar(most > 0 ? users / most : 0, Figures.number(users) + " users" + share, colour))));
    }
    return rows;
  }

  private static double mostUsers(JsonNode themes) {
    double most = 0;
    for (JsonNode theme : themes) {
      most = Math.max(most, theme.path("users").asDouble(0));
    }
    return most;
  }
}
