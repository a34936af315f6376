package pmf.signals.llm;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One worker's share of the provider's quota, as two token buckets: requests per minute and prompt tokens per minute
 * (either 0 = unlimited). Callers reserve a slot and wait until it comes; slots are handed out in order, so concurrent
 * callers queue fairly instead of stampeding.
 *
 * <p>A server may count its quota over a sliding minute, in which a bucket of capacity {@code b} and rate {@code r}
 * admits {@code b + 60r}; so the steady rate keeps {@link #HEADROOM} of the quota free and the burst is about a
 * second's worth. On top, the calls the server may still be counting (see {@link SlidingMinute}) are capped at
 * the share less the headroom outright, so callers that wake late after a pause, or requests delayed on their way,
 * can never make a minute the server sees hold more than our share. A 429 lowers the rate (×0.7, never below a tenth of the share) and holds every caller back for the
 * server's retry delay; each success then wins back 5% of the configured rate.
 */
public final class Throttle {
  /** Share of the request quota left unused, for clocks and counting that differ slightly from the server's. */
  public static final double HEADROOM = 0.01;
  /** Share of the token quota left unused: enough that a second's burst plus a minute's rate stays within it. */
  static final double TOKEN_HEADROOM = 0.02;

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final double configuredPerMinute;
  private final double tokensPerMinute;
  private final Sleeper sleeper;
  private double requestsPerMinute;
  private final Bucket requests;
  private final Bucket tokens;
  private final SlidingMinute minute;

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
    this.tokensPerMinute = tpm * (1 - TOKEN_HEADROOM);
    this.sleeper = sleeper;
    this.requests = rpm <= 0 ? null : new Bucket(Math.max(1, configuredPerMinute / 60));
    this.tokens = tpm <= 0 ? null : new Bucket(Math.max(1, tokensPerMinute / 60));
    this.minute = rpm <= 0 ? null : new SlidingMinute((int) Math.max(1, Math.floor(configuredPerMinute)));
  }

  /** The share {@code share} (e.g. 1/workers) of a quota of {@code rpm} requests and {@code tpm} tokens a minute. */
  public static Throttle create(int rpm, long tpm, double share) {
    return new Throttle(rpm * share, tpm * share, Sleeper.SYSTEM);
  }

  static Throttle withClock(double rpm, double tpm, Sleeper sleeper) {
    return new Throttle(rpm, tpm, sleeper);
  }

  /**
   * Waits until one request of {@code promptTokens} may be sent: first for its slot in the buckets, then for room in
   * the sliding minute. Every successful {@code acquire} must be followed by one {@link #release} when the call has
   * ended, however it ended.
   */
  public void acquire(long promptTokens) throws InterruptedException {
    long slot = reserve(sleeper.nanoTime(), promptTokens);
    if (slot > 0) {
      sleeper.sleepNanos(slot);
    }
    if (minute == null) {
      return;
    }
    while (true) {
      long pause;
      synchronized (this) {
        pause = minute.admit(sleeper.nanoTime());
        if (pause == 0) {
          return;
        }
        if (pause < 0) {
          wait(); // every slot is held by a call in flight: the next release frees one
          continue;
        }
      }
      sleeper.sleepNanos(pause);
    }
  }

  /** The call that {@link #acquire} let go has ended (answered, failed or timed out). */
  public synchronized void release() {
    if (minute != null) {
      minute.ended(sleeper.nanoTime());
      notifyAll();
    }
  }

  /**
   * Room in the sliding minute at {@code now}: 0 and the call is counted, or how long to wait before asking again
   * (negative: until the next release).
   */
  synchronized long admit(long now) {
    return minute == null ? 0 : minute.admit(now);
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

  /**
   * The calls a server may still be counting in its sliding minute. A request reaches the server somewhere between
   * its send and its answer, so a call counts from its send until a minute after its answer: however late it
   * arrived, no minute the server can see holds more than {@code limit} of ours. The cost is the latency: the
   * steady rate is {@code limit} per (minute + latency).
   */
  private static final class SlidingMinute {
    private final int limit;
    private final ArrayDeque<Long> ended = new ArrayDeque<>();
    private int inFlight;

    SlidingMinute(int limit) {
      this.limit = limit;
    }

    long admit(long now) {
      while (!ended.isEmpty() && ended.peekFirst() + MINUTE <= now) {
        ended.pollFirst();
      }
      if (inFlight + ended.size() < limit) {
        inFlight++;
        return 0;
      }
      return ended.isEmpty() ? -1 : Math.max(1, ended.peekFirst() + MINUTE - now);
    }

    void ended(long now) {
      if (inFlight > 0) {
        inFlight--;
        ended.addLast(now);
      }
    }
  }
}
