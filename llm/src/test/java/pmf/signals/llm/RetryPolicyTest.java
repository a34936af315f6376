package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import org.junit.Test;
import pmf.signals.llm.LlmCallException.Kind;

public class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.withMaxAttempts(4);

  @Test
  public void permanentErrorsAreNeverRetriedOthersUntilTheAttemptsRunOut() {
    assertThat(policy.shouldRetry(1, new LlmCallException(Kind.PERMANENT, "http_400_invalid_argument")), equalTo(false));
    assertThat(policy.shouldRetry(1, new LlmCallException(Kind.TRANSIENT, "http_503_unavailable")), equalTo(true));
    assertThat(policy.shouldRetry(3, new LlmCallException(Kind.BAD_ANSWER, "finish_safety")), equalTo(true));
    assertThat(policy.shouldRetry(4, new LlmCallException(Kind.BAD_ANSWER, "finish_safety")), equalTo(false));
  }

  @Test
  public void quotaErrorsWaitAtLeastWhatTheServerAsked() {
    LlmCallException quota = new LlmCallException(Kind.QUOTA, "http_429", Duration.ofMillis(19_420), 0, 0);
    Duration wait = policy.delayBefore(1, quota, "u1");
    assertThat(wait.toMillis(), greaterThanOrEqualTo(19_420L));
    assertThat(wait.toMillis(), lessThan(20_420L));
  }

  @Test
  public void backoffIsExponentialCappedAndJitteredDeterministically() {
    LlmCallException e = new LlmCallException(Kind.TRANSIENT, "timeout");
    for (int attempt = 1; attempt <= 10; attempt++) {
      long ceiling = Math.min(60_000, 1000L << (attempt - 1));
      long wait = policy.delayBefore(attempt, e, "u1").toMillis();
      assertThat(wait, lessThanOrEqualTo(ceiling));
      assertThat(policy.delayBefore(attempt, e, "u1").toMillis(), equalTo(wait));
    }
    // Different users spread out instead of retrying in lockstep.
    long distinct = java.util.stream.IntStream.range(0, 50)
        .mapToLong(i -> policy.delayBefore(3, e, "user-" + i).toMillis()).distinct().count();
    assertThat(distinct, greaterThanOrEqualTo(45L));
  }

  @Test(expected = IllegalArgumentException.class)
  public void zeroAttemptsIsRefused() {
    RetryPolicy.withMaxAttempts(0);
  }
}
