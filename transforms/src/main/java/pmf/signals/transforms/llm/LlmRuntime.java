package pmf.signals.transforms.llm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What all DoFn instances of one run share inside one worker JVM: the opened caller, the quota, the budget and the
 * in-flight window. Beam creates several DoFn instances per JVM (one per thread); the quota and budget are the
 * worker's, so they must be shared, not copied. Reference-counted: the last instance to let go closes the caller.
 */
public final class LlmRuntime {
  private static final Map<String, LlmRuntime> RUNTIMES = new ConcurrentHashMap<>();

  private final String key;
  private final LlmCaller caller;
  private final Throttle throttle;
  private final Budget budget;
  private final Semaphore window;
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private int users;

  private LlmRuntime(String key, LlmCaller caller, Throttle throttle, Budget budget, int window) {
    this.key = key;
    this.caller = caller;
    this.throttle = throttle;
    this.budget = budget;
    this.window = new Semaphore(window, true);
  }

  /** The runtime of run {@code key} in this JVM, created (and its caller set up) by the first instance to ask. */
  public static LlmRuntime acquire(
      String key, LlmCaller caller, Supplier<Throttle> throttle, Supplier<Budget> budget, int window)
      throws Exception {
    synchronized (RUNTIMES) {
      LlmRuntime runtime = RUNTIMES.get(key);
      if (runtime == null) {
        caller.setup();
        runtime = new LlmRuntime(key, caller, throttle.get(), budget.get(), window);
        RUNTIMES.put(key, runtime);
      }
      runtime.users++;
      return runtime;
    }
  }

  /** Lets go of the runtime; the last user closes the caller. */
  public void release() throws Exception {
    synchronized (RUNTIMES) {
      if (--users == 0) {
        RUNTIMES.remove(key);
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
