package pmf.signals.transforms.model;

import java.time.Instant;
import java.util.List;

/** A conversation with its messages inside the analysis window, oldest first. */
public record Conversation(String id, String title, Instant createdAt, List<Message> messages) {}
