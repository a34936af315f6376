package pmf.signals.devtools.cohort;

import java.util.UUID;

/** Counts rows per table on their way to another sink. */
public final class RowCounter implements CohortRows {
  private final long[] counts = new long[5];
  private CohortRows target;

  public RowCounter(CohortRows target) {
    this.target = target;
  }

  /** Later rows go to a new sink (the next COPY chunk); counts carry on. */
  public void redirect(CohortRows newTarget) {
    this.target = newTarget;
  }

  public long[] counts() {
    return counts.clone();
  }

  @Override
  public void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent) {
    counts[0]++;
    target.user(id, createdAt, plan, creditsRemaining, analyticsConsent);
  }

  @Override
  public void conversation(String id, String userId, String title, long createdAt, long updatedAt) {
    counts[1]++;
    target.conversation(id, userId, title, createdAt, updatedAt);
  }

  @Override
  public void message(String id, String conversationId, String role, String content, long createdAt) {
    counts[2]++;
    target.message(id, conversationId, role, content, createdAt);
  }

  @Override
  public void job(String id, String userId, String conversationId, String service, String status, Integer creditsUsed,
      String error, long createdAt, Long completedAt) {
    counts[3]++;
    target.job(id, userId, conversationId, service, status, creditsUsed, error, createdAt, completedAt);
  }

  @Override
  public void action(UUID id, String userId, String action, String metadataJson, long createdAt) {
    counts[4]++;
    target.action(id, userId, action, metadataJson, createdAt);
  }
}
