package pmf.signals.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Slack's Block Kit the digest uses — header, section, context and divider blocks with text objects —
 * as small builders, and a validator that checks a payload against Slack's limits for them.
 *
 * <pre>{@code
 * List<String> problems = BlockKit.validate(SlackDigest.payload(summary, null));   // empty when Slack accepts it
 * }</pre>
 */
public final class BlockKit {

  public static final int MAX_BLOCKS = 50;
  public static final int MAX_HEADER_CHARS = 150;
  public static final int MAX_SECTION_TEXT_CHARS = 3000;
  public static final int MAX_FIELDS = 10;
  public static final int MAX_FIELD_CHARS = 2000;
  public static final int MAX_CONTEXT_ELEMENTS = 10;
  /** Any text object's limit; context elements have no tighter one. */
  public static final int MAX_TEXT_CHARS = 3000;
  public static final int MAX_BLOCK_ID_CHARS = 255;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> BLOCK_TYPES = Set.of("header", "section", "context", "divider");
  // A '<' may only open a plain web link: <https://…> or <https://…|label>, never <!here>, <@U1> or <#C1>.
  private static final Pattern LINK = Pattern.compile("<https?://[^\\s<>|]+(\\|[^<>]*)?>");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt);");

  private BlockKit() {}

  // ---------------------------------------------------------------------------------------------
  // Builders

  static ObjectNode header(String plainText) {
    ObjectNode block = block("header");
    block.set("text", plainText(plainText));
    return block;
  }

  static ObjectNode section(String mrkdwnText) {
    ObjectNode block = block("section");
    block.set("text", mrkdwn(mrkdwnText));
    return block;
  }

  static ObjectNode section(String mrkdwnText, List<String> mrkdwnFields) {
    ObjectNode block = section(mrkdwnText);
    ArrayNode fields = block.putArray("fields");
    mrkdwnFields.forEach(f -> fields.add(mrkdwn(f)));
    return block;
  }

  static ObjectNode context(String mrkdwnText) {
    ObjectNode block = block("context");
    block.putArray("elements").add(mrkdwn(mrkdwnText));
    return block;
  }

  static ObjectNode divider() {
    return block("divider");
  }

  static ObjectNode mrkdwn(String text) {
    ObjectNode node = NODES.objectNode();
    node.put("type", "mrkdwn");
    node.put("text", text);
    return node;
  }

  static ObjectNode plainText(String text) {
    ObjectNode node = NODES.objectNode();
    node.put("type", "plain_text");
    node.put("text", text);
    node.put("emoji", true);
    return node;
  }

  private static ObjectNode block(String type) {
    ObjectNode block = NODES.objectNode();
    block.put("type", type);
    return block;
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  /**
   * What Slack would refuse (or silently mangle) in an incoming-webhook payload {@code {"text", "blocks"}}: block
   * types other than header, section, context and divider; missing or unknown fields; texts over their limits; more
   * than 50 blocks or 10 fields; and unescaped {@code &}, {@code <}, {@code >} that are not a plain web link.
   *
   * @return one line per problem, naming where it is ({@code blocks[2].fields[0].text}); empty when valid
   */
  public static List<String> validate(ObjectNode payload) {
    List<String> problems = new ArrayList<>();
    if (payload == null) {
      problems.add("payload: missing");
      return problems;
    }
    unknownFields(payload, "payload", Set.of("text", "blocks"), problems);
    JsonNode text = payload.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      problems.add("text: the fallback notification text is missing");
    } else {
      escaping(text.asText(), "text", problems);
    }
    JsonNode blocks = payload.get("blocks");
    if (blocks == null || !blocks.isArray() || blocks.isEmpty()) {
      problems.add("blocks: missing or empty");
      return problems;
    }
    if (blocks.size() > MAX_BLOCKS) {
      problems.add("blocks: " + blocks.size() + " blocks, more than " + MAX_BLOCKS);
    }
    for (int i = 0; i < blocks.size(); i++) {
      block(blocks.get(i), "blocks[" + i + "]", problems);
    }
    return problems;
  }

  private static void block(JsonNode block, String where, List<String> problems) {
    if (!block.isObject()) {
      problems.add(where + ": not an object");
      return;
    }
    String type = block.path("type").asText("");
    if (!BLOCK_TYPES.contains(type)) {
      problems.add(where + ".type: '" + type + "' is not one of " + BLOCK_TYPES);
      return;
    }
    JsonNode blockId = block.get("block_id");
    if (blockId != null && (!blockId.isTextual() || blockId.asText().length() > MAX_BLOCK_ID_CHARS)) {
      problems.add(where + ".block_id: must be a string of at most " + MAX_BLOCK_ID_CHARS + " characters");
    }
    switch (type) {
      case "header":
        unknownFields(block, where, Set.of("type", "block_id", "text"), problems);
        required(block, "text", where, problems);
        textObject(block.get("text"), where + ".text", Set.of("plain_text"), MAX_HEADER_CHARS, problems);
        break;
      case "section":
        unknownFields(block, where, Set.of("type", "block_id", "text", "fields"), problems);
        section(block, where, problems);
        break;
      case "context":
        unknownFields(block, where, Set.of("type", "block_id", "elements"), problems);
        context(block, where, problems);
        break;
      default: // divider
        unknownFields(block, where, Set.of("type", "block_id"), problems);
    }
  }

  private static void section(JsonNode block, String where, List<String> problems) {
    JsonNode text = block.get("text");
    JsonNode fields = block.get("fields");
    if (text == null && fields == null) {
      problems.add(where + ": a section needs text or fields");
    }
    if (text != null) {
      textObject(text, where + ".text", Set.of("mrkdwn", "plain_text"), MAX_SECTION_TEXT_CHARS, problems);
    }
    if (fields != null) {
      if (!fields.isArray() || fields.isEmpty()) {
        problems.add(where + ".fields: must be a non-empty array");
        return;
      }
      if (fields.size() > MAX_FIELDS) {
        problems.add(where + ".fields: " + fields.size() + " fields, more than " + MAX_FIELDS);
      }
      for (int i = 0; i < fields.size(); i++) {
        textObject(fields.get(i), where + ".fields[" + i + "]", Set.of("mrkdwn", "plain_text"), MAX_FIELD_CHARS,
            problems);
      }
    }
  }

  private static void context(JsonNode block, String where, List<String> problems) {
    JsonNode elements = block.get("elements");
    if (elements == null || !elements.isArray() || elements.isEmpty()) {
      problems.add(where + ".elements: must be a non-empty array");
      return;
    }
    if (elements.size() > MAX_CONTEXT_ELEMENTS) {
      problems.add(where + ".elements: " + elements.size() + " elements, more than " + MAX_CONTEXT_ELEMENTS);
    }
    for (int i = 0; i < elements.size(); i++) {
      textObject(elements.get(i), where + ".elements[" + i + "]", Set.of("mrkdwn", "plain_text"), MAX_TEXT_CHARS,
          problems);
    }
  }

  private static void textObject(JsonNode node, String where, Set<String> types, int maxChars, List<String> problems) {
    if (node == null) {
      return; // reported by the caller as a missing field
    }
    if (!node.isObject()) {
      problems.add(where + ": not a text object");
      return;
    }
    String type = node.path("type").asText("");
    if (!types.contains(type)) {
      problems.add(where + ".type: '" + type + "' is not one of " + types);
    }
    unknownFields(node, where, "mrkdwn".equals(type) ? Set.of("type", "text", "verbatim") : Set.of("type", "text", "emoji"),
        problems);
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual() || text.asText().isEmpty()) {
      problems.add(where + ".text: missing or empty");
      return;
    }
    int length = text.asText().length();
    if (length > maxChars) {
      problems.add(where + ".text: " + length + " characters, more than " + maxChars);
    }
    escaping(text.asText(), where + ".text", problems);
  }

  /** Every {@code <} opens a plain web link and every {@code &} is one of Slack's three entities. */
  private static void escaping(String text, String where, List<String> problems) {
    String withoutLinks = LINK.matcher(text).replaceAll("");
    if (withoutLinks.indexOf('<') >= 0 || withoutLinks.indexOf('>') >= 0) {
      problems.add(where + ": unescaped '<' or '>' outside a web link (a mention, channel alert or broken link)");
    }
    Matcher entities = ENTITY.matcher(withoutLinks);
    String withoutEntities = entities.replaceAll("");
    if (withoutEntities.indexOf('&') >= 0) {
      problems.add(where + ": unescaped '&' (write &amp;)");
    }
  }

  private static void required(JsonNode node, String field, String where, List<String> problems) {
    if (node.get(field) == null) {
      problems.add(where + "." + field + ": missing");
    }
  }

  private static void unknownFields(JsonNode node, String where, Set<String> allowed, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(where + "." + name + ": not a field this validator allows");
      }
    }
  }
}
