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

  private static final Pattern NAME = Pattern.compile("^--\\s*name:\\s*(\\w+)\\s*$");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  private final Map<String, String> blocks;

  private SourceQueries(Map<String, String> blocks) {
    this.blocks = blocks;
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
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> block : raw.entrySet()) {
      resolved.put(block.getKey(), inline(block.getValue(), raw, origin, 0));
    }
    return new SourceQueries(resolved);
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
