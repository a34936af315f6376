package pmf.signals.devtools.cohort;

import java.util.UUID;

/** Where generated rows go, one call per row; timestamps are epoch milliseconds (UTC). */
public interface CohortRows {
  void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent);

  void conversation(String id, String userId, String title, long createdAt, long updatedAt);

  void message(String id, String conversationId, String role, String content, long createdAt);

  void job(String id, String userId, String conversationId, String service, String status, Integer creditsUsed,
      String error, long createdAt, Long completedAt);

  /** {@code metadataJson} is JSON text (any JSON value) or null for SQL NULL. */
  void action(UUID id, String userId, String action, String metadataJson, long createdAt);
}
