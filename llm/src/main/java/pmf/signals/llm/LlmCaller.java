package pmf.signals.llm;

import java.io.Serializable;

/**
 * The one-method seam to a model provider, as in Beam's RequestResponseIO: a caller makes exactly one attempt and
 * classifies its failure; throttling, retries and dead letters are the caller of this interface's business.
 * Implementations are serializable configuration; {@link #setup()} opens the client on the worker.
 */
public interface LlmCaller extends Serializable {

  /** Opens clients; called once per worker-side instance before any {@link #call}. Thread-safe afterwards. */
  default void setup() throws Exception {}

  /** One attempt, no retries. Must be safe to call from many threads at once. */
  LlmReply call(LlmRequest request) throws LlmCallException;

  /** Model name stored with every row. */
  String model();

  default void teardown() throws Exception {}
}
