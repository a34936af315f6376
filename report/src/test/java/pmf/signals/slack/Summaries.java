package pmf.signals.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.transforms.json.Json;

/** Day summaries for the digest tests: {@code docs/daily-summary.example.json}, and every text of a payload. */
final class Summaries {

  private Summaries() {}

  /** A fresh, mutable copy of the documented example summary. */
  static ObjectNode example() {
    try (InputStream in = Summaries.class.getResourceAsStream("/docs/daily-summary.example.json")) {
      if (in == null) {
        throw new IllegalStateException("docs/daily-summary.example.json is not on the test classpath");
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fallback text and the text of every text object in the blocks, in order. */
  static List<String> texts(ObjectNode payload) {
    List<String> texts = new ArrayList<>();
    texts.add(payload.path("text").asText());
    payload.path("blocks").forEach(block -> {
      texts.add(block.path("text").path("text").asText(""));
      block.path("fields").forEach(f -> texts.add(f.path("text").asText()));
      block.path("elements").forEach(e -> texts.add(e.path("text").asText()));
    });
    texts.removeIf(String::isEmpty);
    return texts;
  }

  /** All texts of a payload as one string, for "contains" checks. */
  static String allText(ObjectNode payload) {
    return String.join("\n", texts(payload));
  }
}
