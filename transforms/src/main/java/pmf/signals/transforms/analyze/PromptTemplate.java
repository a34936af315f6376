package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmf.signals.privacy.Sha256;
import pmf.signals.transforms.json.Json;

/**
 * A versioned prompt from {@code prompts/}: {@code NAME.vN.md} (a "## System" part shared by every user, so the
 * model's prefix cache can reuse it, and a "## User" part with a {@code {{context}}} slot) and the JSON schema its
 * answer must match. {@link #version()} names it with a hash of both files, so an edited prompt is never mistaken
 * for the old one.
 */
public final class PromptTemplate implements Serializable {
  private static final Pattern SYSTEM = Pattern.compile("(?m)^## System[ \\t]*$");
  private static final Pattern USER = Pattern.compile("(?m)^## User[ \\t]*$");
  private static final String SLOT = "{{context}}";

  private final String version;
  private final String system;
  private final String user;
  private final String schemaJson;

  private PromptTemplate(String version, String system, String user, String schemaJson) {
    this.version = version;
    this.system = system;
    this.user = user;
    this.schemaJson = schemaJson;
  }

  /** Loads {@code prompts/NAME.vN.md} and {@code prompts/NAME.vN.schema.json} from the classpath. */
  public static PromptTemplate load(String name, int version) {
    String base = "prompts/" + name + ".v" + version;
    return parse(name + ".v" + version, resource(base + ".md"), resource(base + ".schema.json"));
  }

  /** Pure: splits the template, checks it, and names it with a hash of template and schema. */
  public static PromptTemplate parse(String name, String template, String schemaJson) {
    Matcher system = SYSTEM.matcher(template);
    Matcher user = USER.matcher(template);
    if (!system.find() || !user.find() || user.start() < system.end()) {
      throw new IllegalArgumentException(name + ": needs a '## System' section followed by a '## User' one");
    }
    String userPart = template.substring(user.end()).strip();
    if (!userPart.contains(SLOT)) {
      throw new IllegalArgumentException(name + ": the user section has no " + SLOT + " slot");
    }
    try {
      Json.tree(schemaJson);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": the schema is not valid JSON", e);
    }
    MessageDigest sha = Sha256.create();
    sha.update(template.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(schemaJson.getBytes(StandardCharsets.UTF_8));
    String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    return new PromptTemplate(
        name + "#" + hash, template.substring(system.end(), user.start()).strip(), userPart, schemaJson);
  }

  /** Name, version and content hash, e.g. {@code user_analysis.v2#3f2a9c0d1e4b}: stored with every row. */
  public String version() {
    return version;
  }

  /** The system instruction: the same for every user. */
  public String systemInstruction() {
    return system;
  }

  /** The user turn for one user's (already scrubbed) context. */
  public String userTurn(String context) {
    return user.replace(SLOT, context);
  }

  /** The schema as its file spells it, for the provider's responseSchema. */
  public String schemaJson() {
    return schemaJson;
  }

  /** The schema the answer must match (Gemini's responseSchema dialect). */
  public JsonNode schema() {
    try {
      return Json.tree(schemaJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = PromptTemplate.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("prompt file " + path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
