package pmf.signals.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.devtools.gemini.RecordedRequest;
import pmf.signals.transforms.analyze.PromptTemplate;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiModels;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.LlmRequest;

/**
 * Issue 3's throughput benchmark. A fake Gemini with a requests-per-minute quota (a 60 s sliding window, as strict as
 * any real limiter) and a fixed latency serves, in one run and one after the other:
 *
 * <ol>
 *   <li>the pipeline's Gemini stage: {@code --workers} worker JVMs ({@link LlmWorker}), each with its share of the
 *       quota, analysing {@code --users} users between them;
 *   <li>the seed's approach: one call at a time with a 100 ms sleep between calls, for {@code --seedCalls} calls.
 * </ol>
 *
 * It prints the achieved rate against the quota, the 429s (all, and after the first 10 s), the busiest 60 s window
 * the server saw, and the ratio of the two approaches' rates.
 *
 * <pre>make bench-llm   # or: LlmThroughput --users=1000 --rpm=600 --latencyMs=1500 --workers=2 --seedCalls=40</pre>
 */
public final class LlmThroughput {
  private static final String KEY = "bench-key-not-secret";
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  public static void main(String[] args) throws Exception {
    BenchmarksDoc doc = BenchmarksDoc.of("bench-llm");
    PrintStream report = doc.report(System.out);
    System.setOut(System.err);
    int users = Args.integer(args, "users", 1000);
    int rpm = Args.integer(args, "rpm", 600);
    int latencyMs = Args.integer(args, "latencyMs", 1500);
    int workers = Args.integer(args, "workers", 2);
    int seedCalls = Args.integer(args, "seedCalls", 40);
    Path work = Files.createTempDirectory("pmf-bench-llm");

    report.printf("fake Gemini: %d requests/min (60 s sliding window), %d ms latency; %d users, %d worker JVMs%n",
        rpm, latencyMs, users, workers);
    Rates pipeline;
    try (FakeGemini fake = FakeGemini.start(behaviour(rpm, latencyMs))) {
      long started = System.nanoTime();
      List<String> statuses = runWorkers(fake.baseUrl(), users, workers, rpm, work);
      double wall = (System.nanoTime() - started) / 1e9;
      pipeline = Rates.of(fake.requests(), latencyMs / 1000.0);
      report.printf("pipeline stage: %s in %.1f s wall (worker JVM start included)%n", String.join(" | ", statuses), wall);
      report.printf("  %d answers; %.1f calls/min from first to last call = %.1f%% of the quota%n",
          pipeline.ok, pipeline.perMinute, 100 * pipeline.perMinute / rpm);
      report.printf("  %.1f users/min from first call to last answer (the latency tail included) = %.1f%% of the quota%n",
          pipeline.endToEndPerMinute, 100 * pipeline.endToEndPerMinute / rpm);
      report.printf("  429s: %d in all, %d after the first 10 s%s; busiest 60 s window: %d requests admitted (quota %d)%n",
          pipeline.rejected, pipeline.rejectedAfter10s,
          pipeline.lateRejections.isEmpty() ? "" : " (at " + pipeline.lateRejections + ")",
          pipeline.busiestWindow, rpm);
    }

    Rates seed;
    try (FakeGemini fake = FakeGemini.start(behaviour(rpm, latencyMs))) {
      seedApproach(fake.baseUrl(), seedCalls);
      seed = Rates.of(fake.requests(), latencyMs / 1000.0);
      report.printf("seed approach (sequential, 100 ms sleep): %d answers, %.1f calls/min = %.1f%% of the quota%n",
          seed.ok, seed.endToEndPerMinute, 100 * seed.endToEndPerMinute / rpm);
    }
    report.printf("ratio, pipeline stage / seed approach: %.1fx%n", pipeline.endToEndPerMinute / seed.endToEndPerMinute);
    doc.save();
  }

  private static Behaviour behaviour(int rpm, int latencyMs) {
    return Behaviour.builder()
        .apiKey(KEY)
        .rpm(rpm)
        .latency(Duration.ofMillis(latencyMs))
        .responder(new InsightsResponder())
        .threads(256)
        .build();
  }

  private static List<String> runWorkers(String baseUrl, int users, int workers, int rpm, Path work)
      throws IOException, InterruptedException {
    List<Process> processes = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx2g",
              "-cp",
              System.getProperty("java.class.path"),
              LlmWorker.class.getName(),
              "--baseUrl=" + baseUrl,
              "--worker=" + w,
              "--workers=" + workers,
              "--users=" + users,
              "--rpm=" + rpm);
      pb.environment().put(GeminiCaller.DEFAULT_API_KEY_ENV, KEY);
      pb.redirectError(work.resolve("worker-" + w + ".log").toFile());
      processes.add(pb.start());
    }
    List<String> statuses = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Process p = processes.get(w);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("worker " + w + " failed; see " + work.resolve("worker-" + w + ".log"));
      }
      statuses.add("worker " + w + " " + out);
    }
    return statuses;
  }

  /** What the seed did: one call, then a 100 ms pause, then the next. */
  private static void seedApproach(String baseUrl, int calls) throws Exception {
    PromptTemplate prompt = PromptTemplate.load("user_analysis", 2);
    GeminiCaller caller =
        GeminiCaller.builder("gemini-3.5-flash-lite")
            .thinking(GeminiModels.bundled().thinking("gemini-3.5-flash-lite", "minimal"))
            .baseUrl(baseUrl).apiKey(KEY).responseSchema(prompt.schemaJson()).build();
    caller.setup();
    try {
      for (int i = 0; i < calls; i++) {
        String context = "user " + i + ": asked for a product photo, downloaded it";
        try {
          caller.call(new LlmRequest(prompt.systemInstruction(), prompt.userTurn(context), 2048));
        } catch (LlmCallException e) {
          // The seed logged and moved on; the rate below counts answers only.
        }
        Thread.sleep(100);
      }
    } finally {
      caller.teardown();
    }
  }

  /** Rates the server saw, from its own request log and clock. */
  private record Rates(
      long ok,
      double perMinute,
      double endToEndPerMinute,
      long rejected,
      long rejectedAfter10s,
      List<String> lateRejections,
      int busiestWindow) {

    static Rates of(List<RecordedRequest> requests, double latencySeconds) {
      List<Long> okAt = new ArrayList<>();
      long first = Long.MAX_VALUE;
      long rejected = 0;
      for (RecordedRequest r : requests) {
        first = Math.min(first, r.receivedAtNanos());
        if (r.status() == 200) {
          okAt.add(r.receivedAtNanos());
        }
      }
      long rejectedLate = 0;
      List<String> lateAt = new ArrayList<>();
      for (RecordedRequest r : requests) {
        if (r.status() == 429) {
          rejected++;
          if (r.receivedAtNanos() - first > 10 * SECOND) {
            rejectedLate++;
            lateAt.add(String.format("%.1f s", (r.receivedAtNanos() - first) / 1e9));
          }
        }
      }
      okAt.sort(Long::compare);
      long last = okAt.get(okAt.size() - 1);
      double span = (last - okAt.get(0)) / 1e9;
      double perMinute = okAt.size() < 2 ? 0 : (okAt.size() - 1) / span * 60;
      // End to end: from the first request to the last answer, which arrives one latency after its request.
      double endToEnd = okAt.size() / ((last - first) / 1e9 + latencySeconds) * 60;
      int busiest = 0;
      int from = 0;
      for (int to = 0; to < okAt.size(); to++) {
        while (okAt.get(to) - okAt.get(from) >= 60 * SECOND) {
          from++;
        }
        busiest = Math.max(busiest, to - from + 1);
      }
      return new Rates(okAt.size(), perMinute, endToEnd, rejected, rejectedLate, List.copyOf(lateAt), busiest);
    }
  }
}
