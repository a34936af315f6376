package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmf.signals.transforms.discover.Discovered;
import pmf.signals.transforms.discover.DiscoveredTheme;
import pmf.signals.transforms.embed.Vectors;
import pmf.signals.transforms.json.Json;

/**
 * Pure: the day's themes discovered in what users wrote ({@link Discovered}) as the summary shows them. Offline they
 * are the friction and use-case themes (the rules' labels only hint at a cause: {@code rule_hint}); with an LLM they
 * stand beside its themes under {@code themes.discovered}, and an LLM theme no cluster of what users wrote comes near
 * is flagged ({@code written_support: null}).
 */
public final class WrittenThemes {
  /**
   * MiniLM cosine between an LLM theme's label and a discovered cluster's centre from which the cluster supports it
   * (a label and the centre of the lines it names: checked on the fake Gemini's labels against the bench's clusters).
   */
  public static final double SUPPORTS = 0.40;

  private WrittenThemes() {}

  /** The discovered themes of one kind as summary themes; {@code population} is the share's base. */
  public static List<Theme> asThemes(List<DiscoveredTheme> found, double population) {
    List<Theme> out = new ArrayList<>();
    for (DiscoveredTheme d : found) {
      // Named two ways when both say something: by its users' words, and by what its lines came right after.
      List<String> labels = d.after() == null || d.terms().isEmpty() ? List.of(d.name())
          : List.of(d.name(), String.join(", ", d.terms()), d.after());
      out.add(new Theme(d.name(), labels, d.cause(), d.users(), d.distinctUsers(),
          population == 0 ? 0 : d.users() / population, d.heldBack(), d.creditsLost(), Double.NaN, d.gaveUp(), false));
    }
    return out;
  }

  /**
   * Adds {@code themes.discovered} to the summary: what discovery read, each discovered theme with its evidence against
   * the day's baseline, and, offline, the rules' label most of its users hold (at least k of them) as a cause hint.
   */
  public static void describe(ObjectNode summary, Discovered found, DayTally t, int k) {
    ObjectNode themes = (ObjectNode) summary.get("themes");
    ObjectNode d = themes.putObject("discovered");
    d.put("method", found.method());
    d.put("lines", found.lines());
    d.put("users", found.users());
    d.put("fitted_lines", found.fitted());
    d.set("frictions", list(found.of(DiscoveredTheme.FRICTION), t.frictions, k));
    d.set("use_cases", list(found.of(DiscoveredTheme.USE_CASE), t.useCases, k));
    d.set("follow_ups", list(found.of(DiscoveredTheme.FOLLOW_UP), Map.of(), k));
  }

  private static ArrayNode list(List<DiscoveredTheme> found, Map<String, DayTally.LabelStat> ruleLabels, int k) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (DiscoveredTheme d : found) {
      ObjectNode n = out.addObject();
      n.put("theme", d.name());
      d.terms().forEach(n.putArray("terms")::add);
      n.put("users", Math.round(d.users()));
      n.put("distinct_users", d.distinctUsers());
      n.put("lines", d.lines());
      if (DiscoveredTheme.FRICTION.equals(d.kind()) || DiscoveredTheme.FOLLOW_UP.equals(d.kind())) {
        n.put("after_trouble", round(d.troubleRate())).put("after_trouble_baseline", round(d.baselineTrouble()));
        n.put("left", round(d.leftRate())).put("left_baseline", round(d.baselineLeft()));
        n.put("returned", round(d.returnRate())).put("returned_baseline", round(d.baselineReturn()));
      }
      if (d.cause() != null) {
        n.put("cause", d.cause());
      }
      if (d.service() != null) {
        n.put("service", d.service());
      }
      String hint = ruleHint(d, ruleLabels, k);
      if (hint != null) {
        n.put("rule_hint", hint);
      }
    }
    return out;
  }

  /** The analyzer's label held by the most of the theme's users, if at least k of them hold it. */
  static String ruleHint(DiscoveredTheme d, Map<String, DayTally.LabelStat> labels, int k) {
    String best = null;
    long bestUsers = k - 1L;
    for (Map.Entry<String, DayTally.LabelStat> e : labels.entrySet()) {
      long shared = e.getValue().users.keySet().stream().filter(d.userIds()::contains).count();
      if (shared > bestUsers) {
        best = e.getKey();
        bestUsers = shared;
      }
    }
    return best;
  }

  /**
   * Marks each LLM theme in {@code themes.use_cases} and {@code themes.frictions} with the discovered theme whose centre
   * is nearest its labels ({@code written_support}: name and cosine), or null when none is within {@link #SUPPORTS}:
   * nothing users wrote today supports it.
   */
  public static void checkLlmThemes(ObjectNode summary, Discovered found, LabelEmbedder miniLm) {
    ObjectNode themes = (ObjectNode) summary.get("themes");
    int unsupported = 0;
    for (String kind : List.of("use_cases", "frictions")) {
      for (JsonNode node : themes.path(kind)) {
        ObjectNode theme = (ObjectNode) node;
        DiscoveredTheme best = null;
        double bestCosine = -1;
        List<String> labels = new ArrayList<>();
        theme.path("labels").forEach(l -> labels.add(l.asText()));
        if (labels.isEmpty()) {
          labels.add(theme.path("theme").asText());
        }
        for (String label : labels) {
          float[] v = Vectors.unit(miniLm.embed(label));
          for (DiscoveredTheme d : found.themes()) {
            double cos = Vectors.dot(v, d.centroid());
            if (cos > bestCosine) {
              bestCosine = cos;
              best = d;
            }
          }
        }
        if (best != null && bestCosine >= SUPPORTS) {
          theme.putObject("written_support").put("theme", best.name()).put("kind", best.kind())
              .put("cosine", round(bestCosine));
        } else {
          theme.putNull("written_support");
          unsupported++;
        }
      }
    }
    themes.with("discovered").put("llm_themes_unsupported", unsupported);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
