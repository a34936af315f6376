package pmf.signals.transforms.llm;

import java.time.Duration;

/**
 * One worker's share of the provider's quota, as two token buckets: requests per minute and prompt tokens per minute
 * (either 0 = unlimited). Callers reserve a slot and wait until it comes; slots are handed out in order, so concurrent
 * callers queue fairly instead of stampeding.
 *
 * <p>A server may count its quota over a sliding minute, in which a bucket of capacity {@code b} and rate {@code r}
 * admits {@code b + 60r}; so the steady rate keeps {@link #HEADROOM} of the quota free and the burst is about a
 * second's worth. A 429 lowers the rate (×0.7, never below a tenth of the share) and holds every caller back for the
 * server's retry delay; each success then wins back 5% of the configured rate.
 */
public final class Throttle {
  /** Share of the quota left unused so that a burst plus the steady rate never exceeds a sliding minute's quota. */
  public static final double HEADROOM = 0.02;

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final double configuredPerMinute;
  private final double tokensPerMinute;
  private final Sleeper sleeper;
  private double requestsPerMinute;
  private final Bucket requests;
  private final Bucket tokens;

  /** How the blocking {@link #acquire} waits and reads the time; tests substitute a fake clock. */
  public interface Sleeper {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    Sleeper SYSTEM =
        new Sleeper() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
          }
        };
  }

  Throttle(double rpm, double tpm, Sleeper sleeper) {
    this.configuredPerMinute = rpm * (1 - HEADROOM);
    this.requestsPerMinute = configuredPerMinute;
    this.tokensPerMinute = tpm * (1 - HEADROOM);
    this.sleeper = sleeper;
    this.requests = rpm <= 0 ? null : new Bucket(Math.max(1, configuredPerMinute / 60));
    this.tokens = tpm <= 0 ? null : new Bucket(Math.max(1, tokensPerMinute / 60));
  }

  /** The share {@code share} (e.g. 1/workers) of a quota of {@code rpm} requests and {@code tpm} tokens a minute. */
  public static Throttle create(int rpm, long tpm, double share) {
    return new Throttle(rpm * share, tpm * share, Sleeper.SYSTEM);
  }

  static Throttle withClock(double rpm, double tpm, Sleeper sleeper) {
    return new Throttle(rpm, tpm, sleeper);
  }

  /** Waits until one request of {@code promptTokens} may be sent. */
  public void acquire(long promptTokens) throws InterruptedException {
    long wait = reserve(sleeper.nanoTime(), promptTokens);
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /**
   * Books the next free slot for one request of {@code promptTokens} and returns how long from {@code now} the caller
   * must wait for it (0 = send now). A request larger than a whole minute's tokens is admitted once the bucket is
   * full, so it waits but never deadlocks.
   */
  public synchronized long reserve(long now, long promptTokens) {
    long at = now;
    if (requests != null) {
      at = Math.max(at, requests.slotFor(1, now, requestsPerMinute / MINUTE));
    }
    if (tokens != null) {
      at = Math.max(at, tokens.slotFor(promptTokens, now, tokensPerMinute / MINUTE));
    }
    if (requests != null) {
      requests.take(1, at, requestsPerMinute / MINUTE);
    }
    if (tokens != null) {
      tokens.take(promptTokens, at, tokensPerMinute / MINUTE);
    }
    return at - now;
  }

  /** The server said 429: slow down, and let nobody send before its retry delay (when it gave one) has passed. */
  public synchronized void onQuotaExceeded(long now, Duration retryAfter) {
    if (requests == null) {
      return;
    }
    requestsPerMinute = Math.max(configuredPerMinute / 10, requestsPerMinute * 0.7);
    if (retryAfter != null) {
      requests.holdUntil(now + retryAfter.toNanos());
    }
  }

  /** A call went through: win back part of the configured rate. */
  public synchronized void onSuccess(long now) {
    requestsPerMinute = Math.min(configuredPerMinute, requestsPerMinute + configuredPerMinute * 0.05);
  }

  /** The request rate this throttle allows now, after any slowing down. */
  public synchronized double currentRpm() {
    return requests == null ? Double.POSITIVE_INFINITY : requestsPerMinute;
  }

  /**
   * A token bucket kept as "the time at which it was last full minus what has been taken": the level at time t is
   * {@code min(capacity, (t - emptyAt) * rate)}, and taking n moves {@code emptyAt} forward by n / rate.
   */
  private static final class Bucket {
    private final double capacity;
    private double emptyAt;
    private long heldUntil = Long.MIN_VALUE;

    Bucket(double capacity) {
      this.capacity = capacity;
      this.emptyAt = Double.NaN; // NaN: full
    }

    /** The earliest time at or after {@code now} at which {@code n} units are available. */
    long slotFor(double n, long now, double perNano) {
      double empty = emptyAt(now, perNano);
      double need = Math.min(n, capacity); // more than a full bucket is admitted once the bucket is full
      long at = (long) Math.ceil(empty + need / perNano);
      return Math.max(Math.max(at, now), heldUntil);
    }

    void take(double n, long at, double perNano) {
      double empty = emptyAt(at, perNano);
      emptyAt = empty + n / perNano;
    }

    void holdUntil(long until) {
      heldUntil = Math.max(heldUntil, until);
    }

    /** {@code emptyAt}, but never further back than "full at {@code t}". */
    private double emptyAt(long t, double perNano) {
      double fullSince = t - capacity / perNano;
      if (Double.isNaN(emptyAt) || emptyAt < fullSince) {
        return fullSince;
      }
      return emptyAt;
    }
  }
}
