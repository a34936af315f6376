package pmf.signals.transforms.model;

/**
 * The one dead-letter type of the pipeline: which user, which stage, and why. It deliberately carries no message
 * content, so a dead letter can never leak what the user wrote.
 */
public record Failure(String userId, String stage, String reason) {}
