package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import pmf.signals.transforms.json.Json;

/**
 * What the day's LLM roll-up is given: the daily summary's aggregates only — counts, rates, the return model's figures,
 * and the theme labels and persona names that already passed the k-threshold — as compact JSON. Nothing that is not in
 * the stored summary, and none of its prose (the template answers, persona descriptions, methods) that the model would
 * only paraphrase.
 */
public final class DayBrief {
  private static final List<String> KEPT = List.of("analysis_date", "users", "value", "funnel", "success");
  private static final int TREND_DAYS = 7;

  private DayBrief() {}

  /** Pure: the brief of {@code summary} (a {@code daily_summary} document). */
  public static String text(JsonNode summary) {
    ObjectNode brief = Json.MAPPER.createObjectNode();
    KEPT.forEach(k -> {
      if (summary.has(k)) {
        brief.set(k, summary.get(k).deepCopy());
      }
    });
    brief.put("tier", summary.path("tier").path("name").asText(""));
    brief.put("min_group_users", summary.path("min_group_users").asInt());
    ArrayNode top = brief.putArray("top_to_build");
    for (JsonNode pick : summary.path("top_to_build")) {
      top.addObject().put("rank", pick.path("rank").asInt()).put("theme", pick.path("theme").asText())
          .set("evidence", pick.path("evidence").deepCopy());
    }
    ObjectNode themes = brief.putObject("themes");
    for (String kind : List.of("use_cases", "frictions")) {
      ArrayNode out = themes.putArray(kind);
      for (JsonNode t : summary.path("themes").path(kind)) {
        ObjectNode theme = ((ObjectNode) t.deepCopy());
        theme.remove(List.of("labels", "trend"));
        out.add(theme);
      }
    }
    ObjectNode model = brief.putObject("return_model");
    summary.path("return_model").fields().forEachRemaining(f -> {
      if (!f.getKey().equals("method")) {
        model.set(f.getKey(), f.getValue().deepCopy());
      }
    });
    ArrayNode personas = brief.putArray("personas");
    for (JsonNode p : summary.path("personas")) {
      ObjectNode persona = ((ObjectNode) p.deepCopy());
      persona.remove(List.of("description", "segment_id"));
      personas.add(persona);
    }
    ArrayNode trends = brief.putArray("trends");
    JsonNode all = summary.path("trends");
    for (int i = Math.max(0, all.size() - TREND_DAYS); i < all.size(); i++) {
      trends.add(all.get(i).deepCopy());
    }
    return Json.write(brief);
  }
}
