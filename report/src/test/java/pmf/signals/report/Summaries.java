package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import pmf.signals.transforms.json.Json;

/** Daily summaries to render: the documented example, a month of history, and nearly empty ones. */
final class Summaries {
  private Summaries() {}

  /** docs/daily-summary.example.json, copied into the test classpath by the pom: the shape SummarizeDay writes. */
  static ObjectNode documentedExample() {
    return resource("/report/daily-summary.example.json");
  }

  /** The example grown to 21 days of trends, 3 things to build, 5 personas and 11 themes. */
  static ObjectNode month() {
    return resource("/report/daily-summary.month.json");
  }

  /** The pipeline's own summary of a first run (DailySummaryPipelineTest's cohort): no history, no model, tier B. */
  static ObjectNode firstRun() {
    return resource("/report/daily-summary.first-run.json");
  }

  /** A first day: nothing but the date and a few users, no history, no model, no personas. */
  static ObjectNode firstDay() {
    return (ObjectNode) tree("""
        {"analysis_date": "2026-11-01", "users": {"active": 12, "new": 12},
         "return_model": {"status": "not enough history", "days_of_history": 1, "days_needed": 14},
         "personas": [], "trends": [], "top_to_build": [], "themes": {"use_cases": [], "frictions": []},
         "funnel": [], "min_group_users": 5}
        """);
  }

  static JsonNode tree(String json) {
    try {
      return Json.tree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode resource(String path) {
    try (InputStream in = Summaries.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the test classpath");
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
