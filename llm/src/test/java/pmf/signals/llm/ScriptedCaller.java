package pmf.signals.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Answers from a script, in order, one reply text or failure per call; records what it was asked. In-process only. */
public final class ScriptedCaller implements LlmCaller {
  private final Deque<Object> script = new ArrayDeque<>();
  public final List<LlmRequest> asked = new ArrayList<>();
  private final String model;

  public ScriptedCaller(String model) {
    this.model = model;
  }

  /** Adds the next reply: its text ({@code String}) or the failure ({@link LlmCallException}) to throw. */
  public ScriptedCaller then(Object replyTextOrFailure) {
    script.add(replyTextOrFailure);
    return this;
  }

  @Override
  public synchronized LlmReply call(LlmRequest request) throws LlmCallException {
    asked.add(request);
    Object next = script.poll();
    if (next instanceof LlmCallException e) {
      throw e;
    }
    return new LlmReply((String) next, "STOP", 200, 60);
  }

  @Override
  public String model() {
    return model;
  }
}
