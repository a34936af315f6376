package pmf.signals.transforms.read;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters turned into JDBC's positional {@code ?}, remembering which name goes where.
 * Skips string literals, quoted identifiers, comments and PostgreSQL's {@code ::} casts.
 */
public record NamedSql(String sql, List<String> parameterNames) implements Serializable {

  public static NamedSql parse(String text) {
    StringBuilder sql = new StringBuilder(text.length());
    List<String> names = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, i + 1);
        end = end < 0 ? n : end + 1;
        sql.append(text, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        sql.append(text, i, end);
        i = end;
      } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
        sql.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        names.add(text.substring(i + 1, end));
        sql.append('?');
        i = end;
      } else {
        sql.append(c);
        i++;
      }
    }
    return new NamedSql(sql.toString(), List.copyOf(names));
  }
}
