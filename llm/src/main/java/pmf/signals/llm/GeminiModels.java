package pmf.signals.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Gemini models this release knows, from {@code gemini-models.json} shipped in the jar: whether Google still serves
 * each (or when it retired it, and what it named instead), how its thinking is set, and its list prices. Google retires
 * models on its own schedule, so the launcher checks the chosen model here and against the service before any work.
 *
 * <pre>{@code
 * GeminiModels models = GeminiModels.bundled();
 * ThinkingChoice thinking = models.thinking("gemini-3.5-flash-lite", "minimal");   // level MINIMAL
 * }</pre>
 */
public final class GeminiModels implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String RESOURCE = "gemini-models.json";
  private static volatile GeminiModels bundled;

  /** USD per million tokens: standard calls, and the Batch API's. */
  public record Price(double input, double output, double batchInput, double batchOutput) implements Serializable {}

  /**
   * How a model's thinking is set: by {@code level} (Gemini 3: one of {@code levels}, {@code least} the cheapest), or by
   * a token {@code budget} of {@code min..max} ({@code off}: 0 turns it off).
   */
  public record Thinking(String by, List<String> levels, String least, int min, int max, boolean off)
      implements Serializable {
    boolean byLevel() {
      return "level".equals(by);
    }
  }

  /** One model; {@code price} is null when the catalogue could not price it. */
  public record Model(String name, String kind, boolean retired, LocalDate retiredOn, String replacement,
      Thinking thinking, Price price, Integer outputTokenLimit, String note) implements Serializable {}

  private final String checked;
  private final Map<String, Model> models;

  private GeminiModels(String checked, Map<String, Model> models) {
    this.checked = checked;
    this.models = models;
  }

  /** The catalogue shipped in the jar. */
  public static GeminiModels bundled() {
    if (bundled == null) {
      try (InputStream in = GeminiModels.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the jar");
        }
        bundled = parse(new ObjectMapper().readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
    return bundled;
  }

  static GeminiModels parse(JsonNode root) {
    Map<String, Model> models = new LinkedHashMap<>();
    for (JsonNode m : root.path("models")) {
      JsonNode t = m.path("thinking");
      List<String> levels = new ArrayList<>();
      t.path("levels").forEach(l -> levels.add(l.asText()));
      Thinking thinking = t.isMissingNode() ? null : new Thinking(t.path("by").asText(), List.copyOf(levels),
          t.path("least").asText(null), t.path("min").asInt(), t.path("max").asInt(), t.path("off").asBoolean());
      JsonNode p = m.path("usd_per_million");
      Price price = p.isObject() ? new Price(p.path("input").asDouble(), p.path("output").asDouble(),
          p.path("batch_input").asDouble(), p.path("batch_output").asDouble()) : null;
      String name = m.path("name").asText();
      models.put(name, new Model(name, m.path("kind").asText(), "retired".equals(m.path("status").asText()),
          m.hasNonNull("retired_on") ? LocalDate.parse(m.get("retired_on").asText()) : null,
          m.path("replacement").asText(null), thinking, price,
          m.hasNonNull("output_token_limit") ? m.get("output_token_limit").asInt() : null, m.path("note").asText(null)));
    }
    return new GeminiModels(root.path("checked").asText(), Map.copyOf(models));
  }

  /** The day the catalogue was checked against Google's pages. */
  public String checked() {
    return checked;
  }

  public Optional<Model> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** Every model, sorted by name. */
  public List<Model> all() {
    return models.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** The first model Google still serves down the chain of named replacements, or null when there is none. */
  public String currentReplacement(String name) {
    Model m = models.get(name);
    for (int hops = 0; m != null && m.retired() && m.replacement() != null && hops < 10; hops++) {
      String next = m.replacement();
      m = models.get(next);
      if (m == null || !m.retired()) {
        return next;
      }
    }
    return null;
  }

  /** One line for a model Google no longer serves: when it went, and what to use instead. */
  public String retiredLine(String name) {
    Model m = models.get(name);
    String when = m != null && m.retiredOn() != null ? " on " + m.retiredOn() : "";
    String use = currentReplacement(name);
    return "--geminiModel=" + name + ": Google retired this model" + when
        + (use == null ? "" : "; its replacement is " + use + " (--geminiModel=" + use + ")")
        + " [model catalogue checked " + checked + "]";
  }

  /** What a request sets for thinking: a token budget, a level, or neither (the model's default). */
  public record ThinkingChoice(Integer budget, String level) implements Serializable {
    public static final ThinkingChoice MODEL_DEFAULT = new ThinkingChoice(null, null);

    @Override
    public String toString() {
      return budget != null ? "budget " + budget : level != null ? "level " + level : "the model's default";
    }
  }

  /**
   * What {@code --geminiThinking=option} sends to {@code model}: {@code minimal} (the least the model allows: level
   * MINIMAL, or budget 0 where thinking can be turned off), a level ({@code low}, {@code medium}, {@code high}), a budget
   * in tokens, or {@code model} (send nothing). A combination the model cannot take is an IllegalArgumentException whose
   * message is one line naming what it takes; a model the catalogue does not know gets the option as given.
   */
  public ThinkingChoice thinking(String model, String option) {
    String o = option == null ? "minimal" : option.strip().toLowerCase(Locale.ROOT);
    Thinking t = find(model).map(Model::thinking).orElse(null);
    if (o.equals("model")) {
      return ThinkingChoice.MODEL_DEFAULT;
    }
    if (o.matches("-?\\d+")) {
      int budget = Integer.parseInt(o);
      if (t != null && t.byLevel()) {
        throw new IllegalArgumentException("--geminiThinking=" + option + ": " + model
            + " sets thinking by level (" + String.join(", ", t.levels()).toLowerCase(Locale.ROOT) + "), not by a budget");
      }
      if (t != null && budget != -1 && !(budget == 0 && t.off()) && (budget < t.min() || budget > t.max())) {
        throw new IllegalArgumentException("--geminiThinking=" + option + ": " + model + " takes a thinking budget of "
            + (t.off() ? "0 (off), " : "") + t.min() + ".." + t.max() + " tokens, or -1 (dynamic)");
      }
      return new ThinkingChoice(budget, null);
    }
    List<String> known = List.of("minimal", "low", "medium", "high");
    if (!known.contains(o)) {
      throw new IllegalArgumentException("--geminiThinking=" + option
          + " is not a level (minimal, low, medium, high), a budget in tokens, or 'model'");
    }
    if (t == null) {
      return o.equals("minimal") ? ThinkingChoice.MODEL_DEFAULT : new ThinkingChoice(null, o.toUpperCase(Locale.ROOT));
    }
    if (t.byLevel()) {
      String level = o.toUpperCase(Locale.ROOT);
      if (!t.levels().contains(level)) {
        throw new IllegalArgumentException("--geminiThinking=" + option + ": " + model + " takes the levels "
            + String.join(", ", t.levels()).toLowerCase(Locale.ROOT));
      }
      return new ThinkingChoice(null, level);
    }
    if (o.equals("minimal")) {
      return new ThinkingChoice(t.off() ? 0 : t.min(), null);
    }
    throw new IllegalArgumentException("--geminiThinking=" + option + ": " + model + " sets thinking by a token budget"
        + " (" + (t.off() ? "0 turns it off, or " : "") + t.min() + ".." + t.max() + "), not by a level");
  }
}
