package pmf.signals.llm;

import java.io.Serializable;

/**
 * How a later stage of a run reaches the run's LLM spending rules on its worker: the quota and budget this worker
 * shares with the user analysis, the retry policy, and the prices. Serializable configuration; acquire on the worker.
 */
public interface LlmRun extends Serializable {
  /** This worker's runtime of the run; {@link LlmRuntime#release()} it when done. */
  LlmRuntime acquire() throws Exception;

  RetryPolicy retry();

  PriceTable prices();
}
