package pmf.signals.devtools.gemini;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeGemini} until killed, for local runs:
 * {@code java -cp ... pmf.signals.devtools.gemini.FakeGeminiServer --port=8089 --rpm=600 --tpm=0
 * --latencyMs=1500 --key=fake-gemini-key --seed=42 --fault.INTERNAL_500=0.01 --noRetryInfo
 * --retire=gemini-3.5-flash-lite}. Serves the models of {@link FakeModels#asOf20261207()} (e.g.
 * gemini-3.5-flash-lite, gemini-2.5-flash-lite, gemini-embedding-001) and answers 404 for retired ones such as
 * gemini-2.5-flash; {@code --retire} (comma-separated) retires more. Prints the base URL on stdout.
 */
public final class FakeGeminiServer {

  private FakeGeminiServer() {}

  public static void main(String[] args) throws InterruptedException {
    Behaviour.Builder b = Behaviour.builder();
    int port = 0;
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
      switch (name) {
        case "--port": port = Integer.parseInt(value); break;
        case "--rpm": b.rpm(Integer.parseInt(value)); break;
        case "--tpm": b.tpm(Long.parseLong(value)); break;
        case "--latencyMs": b.latency(Duration.ofMillis(Long.parseLong(value))); break;
        case "--slowMs": b.slowDelay(Duration.ofMillis(Long.parseLong(value))); break;
        case "--key": b.apiKey(value); break;
        case "--seed": b.seed(Long.parseLong(value)); break;
        case "--threads": b.threads(Integer.parseInt(value)); break;
        case "--noRetryInfo": b.quotaRetryInfo(false); break;
        case "--retire": for (String model : value.split(",")) b.retire(model.trim()); break;
        default:
          if (name.startsWith("--fault.")) {
            b.faultRate(Fault.valueOf(name.substring("--fault.".length())), Double.parseDouble(value));
          } else {
            System.err.println("unknown option: " + arg);
            System.exit(2);
          }
      }
    }
    FakeGemini fake = FakeGemini.start(b.build(), port);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    System.out.println(fake.baseUrl());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
