package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import java.time.Duration;
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

  private static final RetryPolicy NO_WAIT = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

  private static LlmRuntime.Exchange<String> exchange(LlmRuntime runtime, ScriptedCaller caller) throws Exception {
    return runtime.exchange(caller, new LlmRequest("system", "question", 100), "user", NO_WAIT, 5,
        (sent, reply) -> reply.text().startsWith("ok")
            ? LlmRuntime.Read.answer(reply.text())
            : LlmRuntime.Read.unusable(new LlmCallException(LlmCallException.Kind.BAD_ANSWER, "schema_invalid"),
                new LlmRequest("system", sent.userTurn() + " [repair]", 100)),
        (sent, failure) -> failure.kind() == LlmCallException.Kind.BAD_ANSWER ? null : sent);
  }

  @Test
  public void exchange_asksAgainWithTheRepairedRequest_andCountsEveryCallsTokens() throws Exception {
    LlmRuntime runtime = acquire(UUID.randomUUID().toString(), new CountingCaller());
    ScriptedCaller caller = new ScriptedCaller("scripted")
        .then(new LlmCallException(LlmCallException.Kind.TRANSIENT, "http_503", null, 0, 0)).then("not json")
        .then("ok: answer");

    LlmRuntime.Exchange<String> done = exchange(runtime, caller);

    assertThat(done.value(), equalTo("ok: answer"));
    assertThat(done.calls(), equalTo(3));
    assertThat(done.tokensIn(), equalTo(400));
    assertThat(caller.asked.get(1).userTurn(), equalTo("question"));
    assertThat(caller.asked.get(2).userTurn(), equalTo("question [repair]"));
    runtime.release();
  }

  @Test
  public void exchange_stopsWhenRepairSaysAskingAgainCannotHelp_andAPermanentFailureStopsTheRun() throws Exception {
    LlmRuntime runtime = acquire(UUID.randomUUID().toString(), new CountingCaller());
    LlmRuntime.Exchange<String> blocked = exchange(runtime,
        new ScriptedCaller("scripted").then(new LlmCallException(LlmCallException.Kind.BAD_ANSWER, "finish_safety"))
            .then("ok: unused"));
    assertThat(blocked.value(), equalTo(null));
    assertThat(blocked.failure().reason(), equalTo("finish_safety"));
    assertThat(blocked.calls(), equalTo(1));
    assertThat(runtime.fatal(), equalTo(null));

    LlmRuntime.Exchange<String> rejected = exchange(runtime,
        new ScriptedCaller("scripted").then(
            new LlmCallException(LlmCallException.Kind.PERMANENT, "http_400_api_key_invalid")));
    assertThat(rejected.calls(), equalTo(1));
    assertThat(runtime.fatal(), equalTo("http_400_api_key_invalid"));
    runtime.release();
  }
}
