package pmf.signals.devtools.cohort;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.copy.CopyManager;

/**
 * A chunk of rows in PostgreSQL's COPY text format, one buffer per table, sent with one COPY each.
 * Text format needs only backslash, newline, carriage return and tab escaped; NULL is {@code \N}.
 */
public final class CopyTextRows implements CohortRows {
  private static final String[] TABLES = {"users", "conversations", "messages", "service_jobs", "user_actions"};
  private static final String[] COLUMNS = {
    "id, created_at, plan, credits_remaining, analytics_consent",
    "id, user_id, title, created_at, updated_at",
    "id, conversation_id, role, content, created_at",
    "id, user_id, conversation_id, service, status, credits_used, error, created_at, completed_at",
    "id, user_id, action, metadata, created_at"
  };

  private final StringBuilder[] buffers = new StringBuilder[TABLES.length];
  private final long[] rows = new long[TABLES.length];

  public CopyTextRows() {
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = new StringBuilder(1 << 16);
    }
  }

  @Override
  public void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent) {
    StringBuilder b = start(0);
    text(b, id).append('\t');
    time(b, createdAt).append('\t');
    text(b, plan).append('\t');
    value(b, creditsRemaining).append('\t');
    value(b, analyticsConsent).append('\n');
  }

  @Override
  public void conversation(String id, String userId, String title, long createdAt, long updatedAt) {
    StringBuilder b = start(1);
    text(b, id).append('\t');
    text(b, userId).append('\t');
    text(b, title).append('\t');
    time(b, createdAt).append('\t');
    time(b, updatedAt).append('\n');
  }

  @Override
  public void message(String id, String conversationId, String role, String content, long createdAt) {
    StringBuilder b = start(2);
    text(b, id).append('\t');
    text(b, conversationId).append('\t');
    text(b, role).append('\t');
    text(b, content).append('\t');
    time(b, createdAt).append('\n');
  }

  @Override
  public void job(String id, String userId, String conversationId, String service, String status, Integer creditsUsed,
      String error, long createdAt, Long completedAt) {
    StringBuilder b = start(3);
    text(b, id).append('\t');
    text(b, userId).append('\t');
    text(b, conversationId).append('\t');
    text(b, service).append('\t');
    text(b, status).append('\t');
    value(b, creditsUsed).append('\t');
    text(b, error).append('\t');
    time(b, createdAt).append('\t');
    if (completedAt == null) {
      b.append("\\N");
    } else {
      time(b, completedAt);
    }
    b.append('\n');
  }

  @Override
  public void action(UUID id, String userId, String action, String metadataJson, long createdAt) {
    StringBuilder b = start(4);
    b.append(id).append('\t');
    text(b, userId).append('\t');
    text(b, action).append('\t');
    text(b, metadataJson).append('\t');
    time(b, createdAt).append('\n');
  }

  /**
   * Sends every table's buffer with its own COPY. {@code freeze} needs the tables created or truncated
   * in the current transaction; it writes the rows already frozen, so no vacuum is needed after a load.
   */
  public void copyInto(CopyManager copy, boolean freeze) throws SQLException, IOException {
    for (int i = 0; i < TABLES.length; i++) {
      if (rows[i] == 0) {
        continue;
      }
      String sql = "COPY " + TABLES[i] + " (" + COLUMNS[i] + ") FROM STDIN" + (freeze ? " WITH (FREEZE)" : "");
      byte[] bytes = buffers[i].toString().getBytes(StandardCharsets.UTF_8);
      copy.copyIn(sql, new ByteArrayInputStream(bytes));
    }
  }

  private StringBuilder start(int table) {
    rows[table]++;
    return buffers[table];
  }

  private static StringBuilder text(StringBuilder b, String s) {
    if (s == null) {
      return b.append("\\N");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          b.append(c);
      }
    }
    return b;
  }

  private static StringBuilder value(StringBuilder b, Object v) {
    return v == null ? b.append("\\N") : b.append(v);
  }

  /** ISO-8601 UTC; PostgreSQL reads it for timestamptz and drops the zone for plain timestamp. */
  private static StringBuilder time(StringBuilder b, long epochMillis) {
    return b.append(Instant.ofEpochMilli(epochMillis));
  }
}
