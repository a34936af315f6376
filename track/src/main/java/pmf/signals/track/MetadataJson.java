package pmf.signals.track;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes a flat map as a JSON object, with no library: strings, numbers, booleans and null are written as such; any
 * other value is written as the JSON string of its {@code toString()}. NaN and infinities, which JSON cannot hold,
 * become null; U+0000, which PostgreSQL's jsonb refuses, becomes U+FFFD.
 */
final class MetadataJson {
  private MetadataJson() {}

  /** {@code {}} for a null or empty map. */
  static String of(Map<String, ?> metadata) {
    StringBuilder out = new StringBuilder("{");
    if (metadata != null) {
      for (Map.Entry<String, ?> entry : metadata.entrySet()) {
        if (out.length() > 1) {
          out.append(',');
        }
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        value(out, entry.getValue());
      }
    }
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? value.toString() : "null");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal) {
      out.append(value);
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\0' -> out.append('\uFFFD');
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
