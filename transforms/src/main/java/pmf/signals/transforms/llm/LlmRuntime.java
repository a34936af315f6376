package pmf.signals.transforms.llm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What all DoFn instances of one run share inside one worker JVM: the opened caller, the quota, the budget and the
 * in-flight window. Beam creates several DoFn instances per JVM (one per thread); the quota and budget are the
 * worker's, so they must be shared, not copied. Reference-counted: the last instance to let go closes the caller, but
 * the quota, budget and in-flight count stay for {@link #LINGER}, so a later stage of the same run (the segments'
 * personas, after a runner has torn the analysis stage down) still sees what the server counts and what was spent.
 */
public final class LlmRuntime {
  /** How long a runtime nobody uses keeps its quota and budget; then it is dropped at the next acquire. */
  static final Duration LINGER = Duration.ofHours(1);

  private static final Map<String, LlmRuntime> RUNTIMES = new ConcurrentHashMap<>();

  private final LlmCaller caller;
  private final Throttle throttle;
  private final Budget budget;
  private final Semaphore window;
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private int users;
  private long idleSince = System.nanoTime();

  private LlmRuntime(LlmCaller caller, Throttle throttle, Budget budget, int window) {
    this.caller = caller;
    this.throttle = throttle;
    this.budget = budget;
    this.window = new Semaphore(window, true);
  }

  /**
   * The runtime of run {@code key} in this JVM, created by the first instance to ask; its caller is set up whenever
   * the runtime goes from unused to used.
   */
  public static LlmRuntime acquire(
      String key, LlmCaller caller, Supplier<Throttle> throttle, Supplier<Budget> budget, int window)
      throws Exception {
    synchronized (RUNTIMES) {
      long now = System.nanoTime();
      RUNTIMES.values().removeIf(r -> r.users == 0 && now - r.idleSince > LINGER.toNanos());
      LlmRuntime runtime = RUNTIMES.get(key);
      if (runtime == null) {
        runtime = new LlmRuntime(caller, throttle.get(), budget.get(), window);
        RUNTIMES.put(key, runtime);
      }
      if (runtime.users == 0) {
        runtime.caller.setup();
      }
      runtime.users++;
      return runtime;
    }
  }

  /** Lets go of the runtime; the last user closes the caller (the quota and budget linger). */
  public void release() throws Exception {
    synchronized (RUNTIMES) {
      if (--users == 0) {
        idleSince = System.nanoTime();
        caller.teardown();
      }
    }
  }

  public LlmCaller caller() {
    return caller;
  }

  public Throttle throttle() {
    return throttle;
  }

  public Budget budget() {
    return budget;
  }

  /** Calls in flight in this worker, across all its DoFn instances. */
  public Semaphore window() {
    return window;
  }

  /** A failure no retry can fix (a rejected key), once seen: later users are not sent at all. */
  public String fatal() {
    return fatal.get();
  }

  public void markFatal(String reason) {
    fatal.compareAndSet(null, reason);
  }
}
