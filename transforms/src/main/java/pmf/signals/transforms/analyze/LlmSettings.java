package pmf.signals.transforms.analyze;

import java.io.Serializable;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;

/**
 * How the LLM stage may spend: the provider's quota (shared by {@code workers} processes, each taking an equal
 * part), calls in flight per worker, retries, the prompt and answer budgets, and the run's dollar cap (0 = none).
 */
public record LlmSettings(
    int rpm,
    long tpm,
    int workers,
    int concurrency,
    RetryPolicy retry,
    int maxPromptTokens,
    int maxOutputTokens,
    double maxCostUsd,
    PriceTable prices)
    implements Serializable {

  public LlmSettings {
    if (rpm <= 0) {
      throw new IllegalArgumentException("--llmRpm must be positive");
    }
    if (tpm < 0) {
      throw new IllegalArgumentException("--llmTpm must be 0 (no limit) or positive");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("--llmWorkers must be at least 1");
    }
    if (concurrency < 1 || concurrency > 512) {
      throw new IllegalArgumentException("--llmConcurrency must be between 1 and 512");
    }
    if (maxPromptTokens < 500) {
      throw new IllegalArgumentException("--maxPromptTokens must be at least 500");
    }
    if (maxOutputTokens < 256) {
      throw new IllegalArgumentException("--maxOutputTokens must be at least 256");
    }
    if (maxCostUsd < 0) {
      throw new IllegalArgumentException("--maxLlmCostUsd must be 0 (no cap) or positive");
    }
  }
}
