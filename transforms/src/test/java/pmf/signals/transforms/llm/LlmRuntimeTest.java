package pmf.signals.transforms.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import java.util.UUID;
import org.junit.Test;

public class LlmRuntimeTest {
  /** Counts how often the runtime opens and closes it. */
  static final class CountingCaller implements LlmCaller {
    int setups;
    int teardowns;

    @Override
    public void setup() {
      setups++;
    }

    @Override
    public LlmReply call(LlmRequest request) {
      return new LlmReply("{}", "STOP", 1, 1);
    }

    @Override
    public String model() {
      return "counting";
    }

    @Override
    public void teardown() {
      teardowns++;
    }
  }

  private static LlmRuntime acquire(String run, LlmCaller caller) throws Exception {
    return LlmRuntime.acquire(run, caller, () -> Throttle.create(60, 0, 1), () -> new Budget(1.0), 4);
  }

  @Test
  public void aLaterStageOfTheRunFindsTheQuotaAndSpendTheAnalysisStageLeft() throws Exception {
    String run = UUID.randomUUID().toString();
    CountingCaller caller = new CountingCaller();
    LlmRuntime analysis = acquire(run, caller);
    LlmRuntime sameStage = acquire(run, caller);
    analysis.budget().record(0.4);
    analysis.markFatal("http_400_invalid_argument");
    analysis.release();
    sameStage.release();

    LlmRuntime personas = acquire(run, caller);

    assertThat(personas.throttle(), sameInstance(analysis.throttle()));
    assertThat(personas.window(), sameInstance(analysis.window()));
    assertThat(personas.budget().spent(), equalTo(0.4));
    assertThat(personas.fatal(), equalTo("http_400_invalid_argument"));
    // The client is closed when the last user lets go and opened again for the next.
    assertThat(caller.setups, equalTo(2));
    assertThat(caller.teardowns, equalTo(1));
    personas.release();
    assertThat(caller.teardowns, equalTo(2));
  }

  @Test
  public void anotherRunGetsItsOwnQuotaAndBudget() throws Exception {
    LlmRuntime one = acquire(UUID.randomUUID().toString(), new CountingCaller());
    LlmRuntime two = acquire(UUID.randomUUID().toString(), new CountingCaller());
    one.budget().record(0.5);

    assertThat(two.budget().spent(), equalTo(0.0));
    one.release();
    two.release();
  }
}
