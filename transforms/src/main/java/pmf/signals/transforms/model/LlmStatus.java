package pmf.signals.transforms.model;

/** Why a row has (or lacks) insights; stored as {@code analysis_cache.llm_status}. */
public enum LlmStatus {
  OK("ok"),
  OFFLINE("offline"),
  SKIPPED("skipped"),
  NO_CONSENT("no_consent"),
  FAILED("failed"),
  INHERITED("inherited");

  private final String dbValue;

  LlmStatus(String dbValue) {
    this.dbValue = dbValue;
  }

  public String dbValue() {
    return dbValue;
  }
}
