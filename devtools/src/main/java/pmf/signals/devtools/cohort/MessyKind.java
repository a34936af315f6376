package pmf.signals.devtools.cohort;

/** Bad input planted on purpose (--messy): each kind is counted in the truth file under "messy". */
public enum MessyKind {
  NULL_CONTENT("null_content", "messages", 0.004),
  EMPTY_CONTENT("empty_content", "messages", 0.004),
  HUGE_MESSAGE("huge_message", "messages", 0),
  UNKNOWN_ROLE("unknown_role", "messages", 0.002),
  FUTURE_MESSAGE("future_message", "messages", 0.002),
  FUTURE_JOB("future_job", "service_jobs", 0.002),
  FUTURE_ACTION("future_action", "user_actions", 0.002),
  NULL_CREDITS_USED("null_credits_used", "service_jobs", 0.003),
  NEGATIVE_CREDITS_USED("negative_credits_used", "service_jobs", 0.002),
  MALFORMED_METADATA("malformed_metadata", "user_actions", 0.004),
  USER_WITHOUT_CONVERSATIONS("user_without_conversations", "users", 0.01),
  // Rows of no real user: written once per cohort, after the users.
  ORPHAN_MESSAGE("orphan_message", "messages", 0.003),
  ORPHAN_USER_CONVERSATION("orphan_user_conversation", "conversations", 0.002),
  ORPHAN_USER_CONVERSATION_MESSAGE("orphan_user_conversation_message", "messages", 0),
  ORPHAN_USER_JOB("orphan_user_job", "service_jobs", 0.003);

  public final String label;
  public final String table;
  /** Planned rows per user in the cohort (at least one of each); 0 means fixed or derived. */
  final double rate;

  MessyKind(String label, String table, double rate) {
    this.label = label;
    this.table = table;
    this.rate = rate;
  }

  /** Planted against one real user (the rest are orphans). */
  boolean perUser() {
    return ordinal() <= USER_WITHOUT_CONVERSATIONS.ordinal();
  }

  int plannedCount(int users) {
    if (this == HUGE_MESSAGE) {
      return 1;
    }
    return rate == 0 ? 0 : (int) Math.max(1, Math.round(users * rate));
  }
}
