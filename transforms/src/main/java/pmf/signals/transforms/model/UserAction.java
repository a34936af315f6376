package pmf.signals.transforms.model;

import java.time.Instant;

/** A behavioural action. {@code metadata} is the raw JSON object, or null when absent or malformed. */
public record UserAction(String id, String action, String metadata, boolean metadataMalformed, Instant createdAt) {
  public UserAction {
    action = Canonical.of(action);
  }
}
