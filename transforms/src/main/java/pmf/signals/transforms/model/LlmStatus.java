package pmf.signals.transforms.model;

/** Why a row has (or lacks) insights; stored as {@code analysis_cache.llm_status}. */
public enum LlmStatus {
  OK("ok"),
  OFFLINE("offline"),
  SKIPPED("skipped"),
  NO_CONSENT("no_consent"),
  FAILED("failed"),
  INHERITED("inherited"),
  /** Same input as an earlier row that has insights: copied, no call made. */
  CACHED("cached"),
  /** The run's --maxLlmCostUsd was reached before this user's call started. */
  SKIPPED_BUDGET("skipped_budget");

  private final String dbValue;

  LlmStatus(String dbValue) {
    this.dbValue = dbValue;
  }

  public String dbValue() {
    return dbValue;
  }
}
