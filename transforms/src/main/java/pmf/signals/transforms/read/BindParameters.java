package pmf.signals.transforms.read;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * Binds named values to a {@link NamedSql}'s positional parameters; instants go as timestamptz. As a
 * {@link JdbcIO.PreparedStatementSetter} of a partition number it also binds {@code :partition}.
 */
public final class BindParameters implements JdbcIO.StatementPreparator, JdbcIO.PreparedStatementSetter<Integer> {
  public static final String PARTITION = "partition";

  private final List<String> names;
  private final HashMap<String, Serializable> values;

  public BindParameters(NamedSql sql, Map<String, ?> values) {
    this.names = sql.parameterNames();
    this.values = new HashMap<>();
    for (String name : names) {
      Object value = name.equals(PARTITION) ? Integer.valueOf(0) : values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("query uses :" + name + " but no value is defined for it");
      }
      this.values.put(name, (Serializable) value);
    }
  }

  @Override
  public void setParameters(PreparedStatement statement) throws SQLException {
    bind(statement);
  }

  @Override
  public void setParameters(Integer partition, PreparedStatement statement) throws SQLException {
    bind(statement, partition);
  }

  public void bind(PreparedStatement statement) throws SQLException {
    bind(statement, 0);
  }

  private void bind(PreparedStatement statement, int partition) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      Object value = names.get(i).equals(PARTITION) ? Integer.valueOf(partition) : values.get(names.get(i));
      if (value instanceof Instant instant) {
        statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}
