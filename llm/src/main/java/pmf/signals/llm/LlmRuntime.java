package pmf.signals.llm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
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

  /** What a reply held: a value to keep, or why it is unusable and the request to try next (null: don't ask again). */
  public record Read<T>(T value, LlmCallException failure, LlmRequest next) {
    public static <T> Read<T> answer(T value) {
      return new Read<>(value, null, null);
    }

    public static <T> Read<T> unusable(LlmCallException failure, LlmRequest next) {
      return new Read<>(null, failure, next);
    }
  }

  /** How one request ended — its value, or the last failure — and what it took. */
  public record Exchange<T>(T value, LlmCallException failure, int calls, int tokensIn, int tokensOut) {}

  /**
   * Sends {@code request} until a reply reads as a value or asking again stops making sense: a 429 holds back every
   * caller of this worker for the server's delay (at most {@code maxQuotaWaits} times), other failures back off as
   * {@code policy} says, and a permanent one (a rejected key) stops the run's later calls too. After a failure,
   * {@code repair} gives the next request, or null when the same question would only fail the same way.
   */
  public <T> Exchange<T> exchange(LlmCaller with, LlmRequest request, String jitterKey, RetryPolicy policy,
      int maxQuotaWaits, BiFunction<LlmRequest, LlmReply, Read<T>> reader,
      BiFunction<LlmRequest, LlmCallException, LlmRequest> repair) throws InterruptedException {
    int calls = 0;
    int failures = 0;
    int quotaWaits = 0;
    int tokensIn = 0;
    int tokensOut = 0;
    while (true) {
      throttle.acquire(request.estimatedPromptTokens());
      calls++;
      LlmCallException failure;
      LlmRequest next;
      try {
        LlmReply reply;
        try {
          reply = with.call(request);
        } finally {
          throttle.release();
        }
        throttle.onSuccess(System.nanoTime());
        tokensIn += reply.tokensIn();
        tokensOut += reply.tokensOut();
        Read<T> read = reader.apply(request, reply);
        if (read.failure() == null) {
          return new Exchange<>(read.value(), null, calls, tokensIn, tokensOut);
        }
        failure = read.failure();
        next = read.next();
      } catch (LlmCallException e) {
        failure = e;
        tokensIn += e.tokensIn();
        tokensOut += e.tokensOut();
        next = repair.apply(request, e);
      }
      boolean retry;
      if (failure.kind() == LlmCallException.Kind.QUOTA) {
        // Our share of the quota was too big a guess: slow down and hold every caller back for the server's delay,
        // or, when it gave none, for an exponential backoff with jitter.
        quotaWaits++;
        throttle.onQuotaExceeded(System.nanoTime(), policy.delayBefore(quotaWaits, failure, jitterKey));
        retry = quotaWaits <= maxQuotaWaits;
      } else {
        failures++;
        if (failure.kind() == LlmCallException.Kind.PERMANENT) {
          markFatal(failure.explained());
        }
        retry = next != null && policy.shouldRetry(failures, failure);
        if (retry) {
          Thread.sleep(policy.delayBefore(failures, failure, jitterKey).toMillis());
        }
      }
      if (!retry) {
        return new Exchange<>(null, failure, calls, tokensIn, tokensOut);
      }
      request = next == null ? request : next;
    }
  }
}
