package pmf.signals.transforms.model;

import java.time.Instant;

/** A paid service job (image, video, ...). {@code creditsUsed} may be null or negative in real data. */
public record ServiceJob(
    String id,
    String conversationId,
    String service,
    String status,
    Integer creditsUsed,
    String error,
    Instant createdAt,
    Instant completedAt) {
  public ServiceJob {
    service = Canonical.of(service);
    status = Canonical.of(status);
    error = Canonical.of(error);
  }

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  public boolean failed() {
    return "failed".equals(status);
  }

  public boolean cancelled() {
    return "cancelled".equals(status);
  }

  /** Credits this job really cost; null and negative values count as zero (and are reported as data quality). */
  public int validCredits() {
    return creditsUsed == null || creditsUsed < 0 ? 0 : creditsUsed;
  }
}
