package pmf.signals.transforms.tier;

/** Why a user was (or was not) sent to the analyzer today; stored as {@code analysis_cache.selection}. */
public enum Selection {
  /** Tiers A and B: every consenting user is analysed. */
  CENSUS("census"),
  /** Drawn by the hash of (user, date, seed) within their segment. */
  SAMPLE("sample"),
  /** Tier C: among the users nearest their segment's centre. */
  NEAREST("nearest"),
  /** Tier D: far from every segment, so analysed in their own stratum. */
  OUTLIER("outlier"),
  /** Not analysed: given their segment's insights. */
  INHERIT("inherited"),
  /** Tiers A and B over --maxLlmCallsPerRun: metrics only. */
  OVER_BUDGET("over_budget"),
  /** No consent or no users row: never analysed, never sampled. */
  NOT_ELIGIBLE("not_eligible");

  private final String dbValue;

  Selection(String dbValue) {
    this.dbValue = dbValue;
  }

  public String dbValue() {
    return dbValue;
  }

  /** Sent to the analyzer (or its cache). */
  public boolean analysed() {
    return this == CENSUS || this == SAMPLE || this == NEAREST || this == OUTLIER;
  }
}
