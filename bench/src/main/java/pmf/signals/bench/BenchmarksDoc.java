package pmf.signals.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * docs/BENCHMARKS.md holds each bench's latest figures, in a section the bench itself rewrites when it finishes: the
 * document always shows what the code measured last, never a history. {@code report(name)} tees what the bench prints.
 */
final class BenchmarksDoc {
  static final Path FILE = Path.of("docs", "BENCHMARKS.md");

  private final String name;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private BenchmarksDoc(String name) {
    this.name = name;
  }

  /** A stream that prints to stdout and keeps a copy for {@code name}'s section. */
  static BenchmarksDoc of(String name) {
    return new BenchmarksDoc(name);
  }

  PrintStream report(PrintStream stdout) {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        stdout.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        stdout.write(b, off, len);
        copy.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
  }

  /** Replaces the section between this bench's markers (appends it when new); says where on stderr. */
  void save() {
    String begin = "<!-- bench:" + name + " -->";
    String end = "<!-- /bench:" + name + " -->";
    String body = begin + "\n`make " + name + "`, " + LocalDate.now(ZoneOffset.UTC) + ":\n\n```\n"
        + copy.toString(StandardCharsets.UTF_8).strip() + "\n```\n" + end;
    try {
      String doc = Files.exists(FILE) ? Files.readString(FILE) : "# Benchmarks\n";
      int from = doc.indexOf(begin);
      int to = doc.indexOf(end);
      doc = from >= 0 && to > from ? doc.substring(0, from) + body + doc.substring(to + end.length())
          : doc.stripTrailing() + "\n\n" + body + "\n";
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, doc);
      System.err.println("figures written to " + FILE.toAbsolutePath() + " (section " + name + ")");
    } catch (IOException e) {
      System.err.println("warning: could not update " + FILE + ": " + e.getMessage());
    }
  }
}
