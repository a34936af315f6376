package pmf.signals.transforms.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named SQL blocks of {@code db/queries.sql} ("-- name: X" headers), with {@code ${block}} references inlined.
 * Keeping every source query in one file lets a team map its own schema without touching code.
 */
public final class SourceQueries implements Serializable {
  public static final String BUNDLED = "db/queries.sql";
  public static final List<String> REQUIRED =
      List.of("active_users", "active_user_count", "users", "conversations", "jobs", "actions", "activity", "source_quality");

  /**
   * Blocks the launcher may replace to meet a database where it is: the consent expression, and the three that read
   * {@code user_actions} (absent until a team starts tracking).
   */
  public static final String CONSENT = "consent";
  public static final List<String> ACTION_BLOCKS = List.of("action_users", "actions", "future_actions");

  private static final Pattern NAME = Pattern.compile("^--\\s*name:\\s*(\\w+)\\s*$");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  private final Map<String, String> raw;
  private final Map<String, String> blocks;
  private final String origin;

  private SourceQueries(Map<String, String> raw, Map<String, String> blocks, String origin) {
    this.raw = raw;
    this.blocks = blocks;
    this.origin = origin;
  }

  /** Loads {@code path}, or the bundled default when it is null or empty. */
  public static SourceQueries load(String path) throws IOException {
    if (path == null || path.isEmpty()) {
      try (InputStream in = SourceQueries.class.getClassLoader().getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new IOException("bundled " + BUNDLED + " is missing from the classpath");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
      }
    }
    return parse(Files.readString(Path.of(path)), path);
  }

  /** Splits the file into blocks and checks that every required block is present and every reference resolves. */
  public static SourceQueries parse(String text, String origin) {
    Map<String, String> raw = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      Matcher name = NAME.matcher(line.strip());
      if (name.matches()) {
        if (current != null) {
          raw.put(current, body.toString().strip());
        }
        current = name.group(1);
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      raw.put(current, body.toString().strip());
    }
    for (String required : REQUIRED) {
      if (!raw.containsKey(required) || raw.get(required).isEmpty()) {
        throw new IllegalArgumentException(origin + ": missing query block '-- name: " + required + "'");
      }
    }
    return resolve(raw, origin);
  }

  private static SourceQueries resolve(Map<String, String> raw, String origin) {
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> block : raw.entrySet()) {
      resolved.put(block.getKey(), inline(block.getValue(), raw, origin, 0));
    }
    return new SourceQueries(Map.copyOf(raw), resolved, origin);
  }

  /** These queries with some blocks replaced (before inlining, so every block that references them changes too). */
  public SourceQueries with(Map<String, String> replacements) {
    Map<String, String> changed = new LinkedHashMap<>(raw);
    changed.putAll(replacements);
    return resolve(changed, origin);
  }

  /** These queries with {@code rewrite} applied to every block's text before inlining. */
  public SourceQueries rewritten(java.util.function.UnaryOperator<String> rewrite) {
    Map<String, String> changed = new LinkedHashMap<>();
    raw.forEach((name, sql) -> changed.put(name, rewrite.apply(sql)));
    return resolve(changed, origin);
  }

  /** Whether the file has a block of this name (a team's older copy may lack the optional ones). */
  public boolean has(String name) {
    return raw.containsKey(name);
  }

  /** Whether any block of the file, before inlining, references {@code ${name}}. */
  public boolean references(String name) {
    return raw.values().stream().anyMatch(sql -> sql.contains("${" + name + "}"));
  }

  /** Where the file came from: the bundled name or the --queries path. */
  public String origin() {
    return origin;
  }

  /** The block names, in file order. */
  public List<String> names() {
    return List.copyOf(blocks.keySet());
  }

  private static String inline(String sql, Map<String, String> raw, String origin, int depth) {
    if (depth > 5) {
      throw new IllegalArgumentException(origin + ": query references nest too deeply (a cycle?)");
    }
    Matcher ref = REFERENCE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (ref.find()) {
      String target = raw.get(ref.group(1));
      if (target == null) {
        throw new IllegalArgumentException(origin + ": unknown query reference ${" + ref.group(1) + "}");
      }
      ref.appendReplacement(out, Matcher.quoteReplacement(inline(target, raw, origin, depth + 1)));
    }
    ref.appendTail(out);
    return out.toString();
  }

  public String sql(String name) {
    String sql = blocks.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no query block named " + name);
    }
    return sql;
  }
}
