package pmf.signals.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped {@code runner-configs/*.properties} as pipeline arguments, the way {@code make run CONFIG=...} passes
 * them, so the tests run the configurations people use.
 */
final class RunnerConfigs {
  /** The repository root seen from this module's tests (Maven runs them in {@code pipeline/}). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private RunnerConfigs() {}

  /** {@code --key=value} for each line of {@code runner-configs/NAME.properties}; {@code overrides} replace keys. */
  static List<String> args(String name, String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(ROOT.resolve("runner-configs").resolve(name + ".properties"))) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          options.put(key(trimmed), trimmed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Arrays.stream(overrides).forEach(o -> options.put(key(o.substring(2)), o.substring(2)));
    List<String> args = new ArrayList<>();
    options.values().forEach(kv -> args.add("--" + kv));
    return args;
  }

  private static String key(String keyValue) {
    int eq = keyValue.indexOf('=');
    return eq < 0 ? keyValue : keyValue.substring(0, eq);
  }
}
