package pmf.signals.transforms.model;

/** One row of the activity query: a user's JSON payloads per source table, as PostgreSQL built them (any may be null). */
public record UserPayloads(String userId, String users, String conversations, String jobs, String actions) {}
