package pmf.signals.transforms.model;

import java.time.Instant;

/** The {@code users} row of an active user; {@code known=false} when activity names a user missing from it. */
public record UserProfile(
    boolean known,
    Instant createdAt,
    String plan,
    Integer creditsRemaining,
    Boolean analyticsConsent,
    Instant firstSuccessAt) {

  public static UserProfile unknown() {
    return new UserProfile(false, null, null, null, null, null);
  }

  /** Only an explicit yes is consent: null or a missing user is a no. */
  public boolean consented() {
    return known && Boolean.TRUE.equals(analyticsConsent);
  }
}
