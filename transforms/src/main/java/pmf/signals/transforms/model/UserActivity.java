package pmf.signals.transforms.model;

import java.util.List;

/** Everything one active user did inside the analysis window, as read from the source tables. */
public record UserActivity(
    String userId,
    UserProfile profile,
    List<Conversation> conversations,
    List<ServiceJob> jobs,
    List<UserAction> actions,
    DataQuality quality) {}
