package pmf.signals.transforms.model;

import java.util.List;

/**
 * Everything one active user did inside the analysis window, as read from the source tables. {@code sourceHash}
 * fingerprints the rows it was built from (SHA-256 of the query's payloads), so unchanged input is recognisable
 * without re-reading it.
 */
public record UserActivity(
    String userId,
    UserProfile profile,
    List<Conversation> conversations,
    List<ServiceJob> jobs,
    List<UserAction> actions,
    DataQuality quality,
    String sourceHash) {}
