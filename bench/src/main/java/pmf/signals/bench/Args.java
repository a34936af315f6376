package pmf.signals.bench;

/** {@code --name=value} arguments of the benchmark mains; the last occurrence wins. */
final class Args {
  private Args() {}

  static int integer(String[] args, String name, int fallback) {
    return Integer.parseInt(string(args, name, String.valueOf(fallback)));
  }

  static String string(String[] args, String name, String fallback) {
    String value = fallback;
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        value = arg.substring(name.length() + 3);
      }
    }
    return value;
  }
}
