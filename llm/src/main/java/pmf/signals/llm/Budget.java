package pmf.signals.llm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's share of the run's dollar cap ({@code --maxLlmCostUsd}; 0 = no cap). A user's calls may start only
 * while the spend is below the cap; spend is recorded when they finish. So the cap is passed by at most what the
 * calls already in flight cost, never more.
 */
public final class Budget {
  private final double capUsd;
  private final AtomicLong spentMicros = new AtomicLong();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public Budget(double capUsd) {
    this.capUsd = capUsd;
  }

  /** May another user's calls start? Counts the answer either way. */
  public boolean tryStart() {
    if (capUsd > 0 && spent() >= capUsd) {
      refused.incrementAndGet();
      return false;
    }
    started.incrementAndGet();
    return true;
  }

  public void record(double usd) {
    spentMicros.addAndGet(Math.round(usd * 1e6));
  }

  public double spent() {
    return spentMicros.get() / 1e6;
  }

  public long started() {
    return started.get();
  }

  public long refused() {
    return refused.get();
  }
}
