package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.WillingnessToPay;

/**
 * Reads a model's answer as untrusted data: it must be JSON matching the prompt's response schema (Gemini's dialect:
 * {@code type}, {@code properties}, {@code required}, {@code items}, {@code enum}, {@code minimum}, {@code maximum},
 * {@code maxItems}, {@code maxLength}, {@code nullable}), with no string longer than {@value #MAX_STRING} characters. Anything else is
 * a list of errors naming the path and the rule, never quoting the answer: these reasons are stored, and an answer
 * may echo what the user wrote.
 */
public final class InsightsParser {
  static final int MAX_STRING = 500;

  private InsightsParser() {}

  /** Insights, or why not: exactly one of the two is set. */
  public record Parsed(Insights insights, List<String> errors) {}

  public static Parsed parse(String answer, JsonNode schema, String source) {
    if (answer == null || answer.isBlank()) {
      return failed("empty answer");
    }
    JsonNode tree;
    try {
      tree = Json.tree(unfenced(answer.strip()));
    } catch (JsonProcessingException e) {
      return failed(e.getLocation() == null
          ? "not JSON"
          : "not JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
    List<String> errors = new ArrayList<>();
    check(tree, schema, "$", errors);
    if (!errors.isEmpty()) {
      return new Parsed(null, List.copyOf(errors.subList(0, Math.min(errors.size(), 10))));
    }
    return new Parsed(insights(tree, source), List.of());
  }

  private static Parsed failed(String error) {
    return new Parsed(null, List.of(error));
  }

  /** Tolerates a {@code ```json ... ```} fence around the answer, as some models add. */
  static String unfenced(String text) {
    if (text.startsWith("```")) {
      int firstLine = text.indexOf('\n');
      int end = text.lastIndexOf("```");
      if (firstLine > 0 && end > firstLine) {
        return text.substring(firstLine + 1, end).strip();
      }
    }
    return text;
  }

  /** Pure: appends to {@code errors} every way {@code value} breaks {@code schema}. */
  static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
    if (value == null || value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(path + ": is null");
      }
      return;
    }
    String type = schema.path("type").asText("").toUpperCase(Locale.ROOT);
    switch (type) {
      case "OBJECT" -> {
        if (!value.isObject()) {
          errors.add(path + ": expected an object");
          return;
        }
        for (JsonNode required : schema.path("required")) {
          if (!value.has(required.asText())) {
            errors.add(path + "." + required.asText() + ": is missing");
          }
        }
        JsonNode properties = schema.path("properties");
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (properties.has(field.getKey())) {
            check(field.getValue(), properties.get(field.getKey()), path + "." + field.getKey(), errors);
          } else {
            errors.add(path + ": unexpected field");
          }
        }
      }
      case "ARRAY" -> {
        if (!value.isArray()) {
          errors.add(path + ": expected an array");
          return;
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          errors.add(path + ": " + value.size() + " items, at most " + schema.get("maxItems").asInt() + " allowed");
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
        }
      }
      case "STRING" -> {
        if (!value.isTextual()) {
          errors.add(path + ": expected a string");
          return;
        }
        int most = schema.has("maxLength") ? Math.min(MAX_STRING, schema.get("maxLength").asInt()) : MAX_STRING;
        if (value.asText().length() > most) {
          errors.add(path + ": " + value.asText().length() + " characters, at most " + most);
        }
        if (schema.has("enum")) {
          boolean allowed = false;
          for (JsonNode option : schema.get("enum")) {
            allowed |= option.asText().equals(value.asText());
          }
          if (!allowed) {
            errors.add(path + ": not one of " + schema.get("enum"));
          }
        }
      }
      case "INTEGER", "NUMBER" -> {
        if (!value.isNumber() || (type.equals("INTEGER") && !value.canConvertToExactIntegral())) {
          errors.add(path + ": expected " + (type.equals("INTEGER") ? "an integer" : "a number"));
          return;
        }
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
          errors.add(path + ": " + value + " is below minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
          errors.add(path + ": " + value + " is above maximum " + schema.get("maximum"));
        }
      }
      case "BOOLEAN" -> {
        if (!value.isBoolean()) {
          errors.add(path + ": expected true or false");
        }
      }
      default -> errors.add(path + ": the schema has an unknown type " + type);
    }
  }

  /** Maps a schema-valid answer onto the record; {@code source} names the model. */
  private static Insights insights(JsonNode a, String source) {
    List<FrictionPoint> frictions = new ArrayList<>();
    for (JsonNode f : a.path("friction_points")) {
      frictions.add(new FrictionPoint(f.path("description").asText(), f.path("severity").asInt(),
          f.path("evidence").asText(), f.hasNonNull("cause") ? f.get("cause").asText() : null));
    }
    JsonNode wtp = a.path("willingness_to_pay");
    return new Insights(
        source,
        a.path("summary").asText(),
        strings(a.path("use_cases")),
        a.path("goal").asText(),
        frictions,
        strings(a.path("value_signals")),
        new WillingnessToPay(wtp.path("signal").asText(), wtp.path("evidence").asText()),
        a.path("frustration").asInt(),
        strings(a.path("assistant_errors")),
        a.path("persona_hint").asText());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return List.copyOf(out);
  }
}
