package pmf.signals.pipeline;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * The README's table of options, generated from {@link PmfOptions}' annotations so it cannot go stale: a test checks
 * that the README holds exactly this table. {@code java -cp pipeline/target/pmf-signals.jar
 * pmf.signals.pipeline.OptionsTable} prints it.
 */
public final class OptionsTable {
  private OptionsTable() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  /** One row per option of {@link PmfOptions}, in declaration order of its getters (by name, for stability). */
  static String markdown() {
    StringBuilder md = new StringBuilder("| option | default | what it does |\n|---|---|---|\n");
    Arrays.stream(PmfOptions.class.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("get") || m.getName().startsWith("is"))
        .filter(m -> m.isAnnotationPresent(Description.class))
        .sorted(Comparator.comparing(OptionsTable::name))
        .forEach(m -> md.append("| `--").append(name(m)).append("` | ").append(defaultOf(m)).append(" | ")
            .append(m.getAnnotation(Description.class).value().replace("|", "\\|")).append(" |\n"));
    return md.toString();
  }

  private static String name(Method getter) {
    String n = getter.getName().replaceFirst("^(get|is)", "");
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  private static String defaultOf(Method m) {
    Object value = m.isAnnotationPresent(Default.String.class) ? m.getAnnotation(Default.String.class).value()
        : m.isAnnotationPresent(Default.Integer.class) ? m.getAnnotation(Default.Integer.class).value()
        : m.isAnnotationPresent(Default.Long.class) ? m.getAnnotation(Default.Long.class).value()
        : m.isAnnotationPresent(Default.Double.class) ? m.getAnnotation(Default.Double.class).value()
        : m.isAnnotationPresent(Default.Boolean.class) ? m.getAnnotation(Default.Boolean.class).value()
        : null;
    return value == null ? "—" : "`" + value + "`";
  }

  /** The names of every option, for checks. */
  static java.util.List<String> names() {
    return Arrays.stream(PmfOptions.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Description.class)).map(OptionsTable::name).sorted()
        .collect(Collectors.toList());
  }
}
