package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The throttle on a simulated clock: what it admits, minute by sliding minute. */
public class ThrottleTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;

  /** A clock that only moves when a caller sleeps. */
  static final class FakeClock implements Throttle.Sleeper {
    long now = 1_000 * SECOND;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos;
    }
  }

  /** Greedy callers that send the moment they may: the admission times over {@code minutes}. */
  private static List<Long> admitted(Throttle throttle, FakeClock clock, long tokensEach, int minutes)
      throws InterruptedException {
    List<Long> times = new ArrayList<>();
    long end = clock.now + minutes * MINUTE;
    while (clock.now < end) {
      throttle.acquire(tokensEach);
      times.add(clock.now);
      throttle.release();
    }
    return times;
  }

  private static int busiestMinute(List<Long> times) {
    int busiest = 0;
    int from = 0;
    for (int to = 0; to < times.size(); to++) {
      while (times.get(to) - times.get(from) >= MINUTE) {
        from++;
      }
      busiest = Math.max(busiest, to - from + 1);
    }
    return busiest;
  }

  @Test
  public void noSlidingMinuteEverSeesMoreThanTheQuotaYetNearlyAllOfItIsUsed() throws Exception {
    FakeClock clock = new FakeClock();
    List<Long> times = admitted(Throttle.withClock(300, 0, clock), clock, 1, 10);

    // Not even the opening burst plus a full minute: the headroom stays free.
    assertThat(busiestMinute(times), lessThanOrEqualTo((int) Math.floor(300 * (1 - Throttle.HEADROOM))));
    // After the first minute, every full minute carries at least 95% of the quota.
    long start = times.get(0) + MINUTE;
    for (long t = start; t + MINUTE <= times.get(times.size() - 1); t += 7 * SECOND) {
      long from = t;
      long count = times.stream().filter(x -> x >= from && x < from + MINUTE).count();
      assertThat(count, greaterThanOrEqualTo(285L));
    }
  }

  @Test
  public void aCallCountsAgainstTheMinuteUntilAMinuteAfterItEnded() {
    FakeClock clock = new FakeClock();
    Throttle throttle = Throttle.withClock(3.5 / (1 - Throttle.HEADROOM), 0, clock); // room for 3 a minute
    long start = clock.now;
    assertThat(throttle.admit(start), equalTo(0L));
    assertThat(throttle.admit(start), equalTo(0L));
    assertThat(throttle.admit(start), equalTo(0L));
    // All three still in flight: only a release can make room.
    assertThat(throttle.admit(start + 2 * MINUTE), lessThan(0L));

    clock.now = start + 10 * SECOND; // the first answer came after 10 s; the server may have seen it as late as that
    throttle.release();

    assertThat(throttle.admit(start + MINUTE), equalTo(10 * SECOND));
    assertThat(throttle.admit(start + 70 * SECOND), equalTo(0L));
  }

  @Test
  public void tokensPerMinuteLimitHeavyRequests() throws Exception {
    FakeClock clock = new FakeClock();
    // 1,000 requests a minute would be allowed, but 60,000 tokens a minute at 2,000 each is 30.
    List<Long> times = admitted(Throttle.withClock(1000, 60_000, clock), clock, 2_000, 5);

    assertThat(busiestMinute(times), lessThanOrEqualTo(30));
    assertThat(times.size(), greaterThanOrEqualTo(5 * 28));
  }

  @Test
  public void concurrentReservationsGetDistinctLaterSlots() {
    Throttle throttle = Throttle.withClock(600, 0, new FakeClock());
    long now = 5 * SECOND;
    long previous = -1;
    for (int i = 0; i < 10; i++) {
      long wait = throttle.reserve(now, 1);
      assertThat(wait, greaterThanOrEqualTo(previous));
      previous = wait;
    }
    // A burst of about a second's worth, then one slot every ~101 ms (600/min less the headroom).
    assertThat(previous, greaterThan(0L));
    assertThat(throttle.reserve(now, 1) - previous, greaterThanOrEqualTo(100_000_000L));
  }

  @Test
  public void aQuotaErrorSlowsDownHoldsEveryoneForTheServersDelayAndSuccessWinsTheRateBack() {
    FakeClock clock = new FakeClock();
    Throttle throttle = Throttle.withClock(600, 0, clock);
    double full = throttle.currentRpm();

    throttle.onQuotaExceeded(clock.now, Duration.ofSeconds(7));

    assertThat(throttle.currentRpm(), lessThan(full));
    assertThat(throttle.reserve(clock.now, 1), greaterThanOrEqualTo(7 * SECOND));
    for (int i = 0; i < 40; i++) {
      throttle.onSuccess(clock.now);
    }
    assertThat(throttle.currentRpm(), equalTo(full));
  }

  @Test
  public void repeatedQuotaErrorsNeverStopTheThrottle() {
    Throttle throttle = Throttle.withClock(600, 0, new FakeClock());
    for (int i = 0; i < 100; i++) {
      throttle.onQuotaExceeded(0, null);
    }
    assertThat(throttle.currentRpm(), greaterThanOrEqualTo(600 * (1 - Throttle.HEADROOM) / 10 - 1e-9));
  }

  @Test
  public void aRequestBiggerThanAMinutesTokensIsAdmittedOnceTheBucketIsFull() {
    Throttle throttle = Throttle.withClock(100, 1_000, new FakeClock());
    long wait = throttle.reserve(0, 5_000);
    assertThat(wait, equalTo(0L));
    // ...and pays for it: the next request waits until the debt is repaid.
    assertThat(throttle.reserve(0, 1), greaterThan(4 * MINUTE));
  }

  @Test
  public void aShareOfTheQuotaIsThatShare() throws Exception {
    FakeClock clock = new FakeClock();
    Throttle half = new Throttle(600 * 0.5, 0, clock);
    assertThat(busiestMinute(admitted(half, clock, 1, 3)), lessThanOrEqualTo(300));
  }
}
