package pmf.signals.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the real entry point in-process and keeps what it printed and returned. */
record PipelineRun(int exitCode, String out, String err) {

  static PipelineRun of(String jdbcUrl, String date, Path outputDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("--jdbcUrl=" + jdbcUrl, "--date=" + date, "--outputDir=" + outputDir));
    args.addAll(Arrays.asList(extra));
    return withArgs(args.toArray(String[]::new));
  }

  static PipelineRun withArgs(String... args) {
    return withEnv(System.getenv(), args);
  }

  /** Runs with {@code env} standing in for the process environment (where the launcher looks for secrets). */
  static PipelineRun withEnv(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = DailyAnalysisPipeline.run(args, o, e, env);
    }
    return new PipelineRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
