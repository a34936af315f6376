package pmf.signals.transforms.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.json.Json;

/**
 * The {@code llm_answers} table: answers to the calls that are not one user's — a segment's persona, the day's roll-up,
 * a label's embedding — by the hash of what was asked, so a re-run of a date asks nothing it asked before. A lookup or
 * store that fails costs a call, never the run: it is logged and treated as a miss.
 */
public final class LlmAnswers implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(LlmAnswers.class);
  static final String FIND = "SELECT input_hash, answer::text FROM llm_answers WHERE input_hash = ANY(?::text[])";
  static final String STORE = "INSERT INTO llm_answers (input_hash, kind, model, answer) VALUES (?, ?, ?, ?::jsonb)"
      + " ON CONFLICT (input_hash) DO UPDATE SET answer = EXCLUDED.answer, created_at = now()";

  private final JdbcIO.DataSourceConfiguration source;
  private transient DataSource dataSource;

  private LlmAnswers(JdbcIO.DataSourceConfiguration source) {
    this.source = source;
  }

  /** The answers stored in {@code source}'s database. */
  public static LlmAnswers in(JdbcIO.DataSourceConfiguration source) {
    return new LlmAnswers(source);
  }

  /** The key of one question: what kind of answer, from which model and prompt version, to which input. */
  public static String key(String kind, String model, String promptVersion, String input) {
    return InputHash.of(kind, input, promptVersion, model); // the same digest as a user's input, with the kind first
  }

  /** The stored answers among {@code keys}; empty when the table cannot be read. */
  public Map<String, JsonNode> find(Collection<String> keys) {
    Map<String, JsonNode> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    try (Connection conn = dataSource().getConnection(); PreparedStatement q = conn.prepareStatement(FIND)) {
      q.setArray(1, conn.createArrayOf("text", keys.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), Json.tree(rs.getString(2)));
        }
      }
    } catch (SQLException | JsonProcessingException | RuntimeException e) {
      LOG.warn("llm_answers could not be read ({}); those answers are asked again", e.getClass().getSimpleName());
    }
    return found;
  }

  /** Keeps {@code answer} under {@code key}. */
  public void store(String key, String kind, String model, JsonNode answer) {
    storeAll(Map.of(key, answer), kind, model);
  }

  /** Keeps every answer under its key, in one batch on one connection. */
  public void storeAll(Map<String, ? extends JsonNode> answers, String kind, String model) {
    if (answers.isEmpty()) {
      return;
    }
    try (Connection conn = dataSource().getConnection(); PreparedStatement upsert = conn.prepareStatement(STORE)) {
      for (Map.Entry<String, ? extends JsonNode> a : answers.entrySet()) {
        upsert.setString(1, a.getKey());
        upsert.setString(2, kind);
        upsert.setString(3, model);
        upsert.setString(4, Json.write(a.getValue()));
        upsert.addBatch();
      }
      upsert.executeBatch();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("llm_answers could not keep a {} answer ({}); a re-run asks it again", kind,
          e.getClass().getSimpleName());
    }
  }

  private synchronized DataSource dataSource() {
    if (dataSource == null) {
      dataSource = JdbcIO.DataSourceProviderFromDataSourceConfiguration.of(source).apply(null);
    }
    return dataSource;
  }
}
