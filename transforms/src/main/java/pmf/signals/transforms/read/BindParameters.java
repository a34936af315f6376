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

/** Binds named values to a {@link NamedSql}'s positional parameters; instants go as timestamptz. */
public final class BindParameters implements JdbcIO.StatementPreparator {
  private final List<String> names;
  private final HashMap<String, Serializable> values;

  public BindParameters(NamedSql sql, Map<String, ?> values) {
    this.names = sql.parameterNames();
    this.values = new HashMap<>();
    for (String name : names) {
      Object value = values.get(name);
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

  public void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      Object value = values.get(names.get(i));
      if (value instanceof Instant instant) {
        statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}
