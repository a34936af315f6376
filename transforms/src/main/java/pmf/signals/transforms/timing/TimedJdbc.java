package pmf.signals.transforms.timing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * JdbcIO's connections with the time spent waiting on the database timed: statements executed, batches sent, rows
 * fetched and commits, each recorded as {@link StageClock#addDatabase database time} of the step that made the call.
 * JdbcIO's own loops are not ours to time; its calls into the driver are. Everything else passes straight through.
 *
 * <pre>{@code
 * JdbcIO.<T>write().withDataSourceProviderFn(TimedJdbc.of(dataSource))
 * }</pre>
 */
public final class TimedJdbc implements SerializableFunction<Void, DataSource> {
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeBatch", "executeLargeUpdate");

  private final SerializableFunction<Void, DataSource> pool;
  private final StageClock clock;

  private TimedJdbc(SerializableFunction<Void, DataSource> pool, StageClock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** JdbcIO's pool for {@code config} (one per JVM, as {@code withDataSourceConfiguration} has it), timed. */
  public static TimedJdbc of(JdbcIO.DataSourceConfiguration config) {
    return new TimedJdbc(JdbcIO.DataSourceProviderFromDataSourceConfiguration.of(config), StageClock.system());
  }

  @Override
  public DataSource apply(Void input) {
    DataSource pooled = pool.apply(input);
    return proxy(DataSource.class, new Forward(pooled) {
      @Override
      Object after(Method method, Object result) {
        return result instanceof Connection c ? connection(c) : result;
      }
    });
  }

  private Connection connection(Connection target) {
    return proxy(Connection.class, new Forward(target) {
      @Override
      Object call(Method method, Object[] args) throws Throwable {
        return method.getName().equals("commit") ? timed(this, method, args) : forward(method, args);
      }

      @Override
      Object after(Method method, Object result) {
        if (result instanceof PreparedStatement s) {
          return statement(PreparedStatement.class, s);
        }
        return result instanceof Statement s ? statement(Statement.class, s) : result;
      }
    });
  }

  private <S extends Statement> S statement(Class<S> type, S target) {
    return proxy(type, new Forward(target) {
      @Override
      Object call(Method method, Object[] args) throws Throwable {
        return EXECUTIONS.contains(method.getName()) ? timed(this, method, args) : forward(method, args);
      }

      @Override
      Object after(Method method, Object result) {
        return result instanceof ResultSet rs ? resultSet(rs) : result;
      }
    });
  }

  /** A result set whose fetches are summed and recorded once, when it is closed. */
  private ResultSet resultSet(ResultSet target) {
    return proxy(ResultSet.class, new Forward(target) {
      private long wall;
      private long cpu;
      private long first = -1;
      private long last;

      @Override
      Object call(Method method, Object[] args) throws Throwable {
        if (method.getName().equals("next")) {
          StageClock.Lap lap = clock.lap();
          Object more = forward(method, args);
          StageClock.Timed t = lap.elapsed();
          wall += t.wallNanos();
          cpu += t.cpuNanos();
          first = first < 0 ? t.startMillis() : first;
          last = t.endMillis();
          return more;
        }
        if (method.getName().equals("close") && first >= 0) {
          clock.addDatabase(new StageClock.Timed(wall, cpu, first, last));
          first = -1;
        }
        return forward(method, args);
      }
    });
  }

  /** One call to the database, recorded as database time. */
  private Object timed(Forward call, Method method, Object[] args) throws Throwable {
    StageClock.Lap lap = clock.lap();
    Object result = call.forward(method, args);
    clock.addDatabase(lap.elapsed());
    return result;
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(TimedJdbc.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** Forwards every call to the target; {@link #after} may wrap what it returns. */
  private abstract static class Forward implements InvocationHandler {
    private final Object target;

    Forward(Object target) {
      this.target = target;
    }

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return after(method, call(method, args));
    }

    /** The call as it is made: forwarded unless a subclass times it. */
    Object call(Method method, Object[] args) throws Throwable {
      return forward(method, args);
    }

    final Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    Object after(Method method, Object result) {
      return result;
    }
  }
}
