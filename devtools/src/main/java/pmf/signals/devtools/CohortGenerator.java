package pmf.signals.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.devtools.cohort.CohortRows;
import pmf.signals.devtools.cohort.CohortSimulator;
import pmf.signals.devtools.cohort.CopyTextRows;
import pmf.signals.devtools.cohort.RowCounter;
import pmf.signals.devtools.cohort.TruthWriter;
import pmf.signals.devtools.cohort.UserTruth;
import pmf.signals.devtools.cohort.UserTruth.MessyRow;

/**
 * Makes a synthetic beta cohort with planted ground truth and loads it into the source tables.
 *
 * <pre>{@code
 * try (EmbeddedDb db = EmbeddedDb.start(null); Connection c = db.connect()) {
 *   LoadStats stats = CohortGenerator.load(CohortSpec.of(1_000, 42), c, Path.of("out/truth/cohort-42.json"));
 * }
 * }</pre>
 *
 * <p>Users are made on a second thread in chunks and sent with COPY while the next chunk is made, so the
 * cohort is never in memory and both cores work; the truth file is streamed alongside.
 */
public final class CohortGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(CohortGenerator.class);
  /** Users per COPY chunk: a few MB of rows, enough to amortise each COPY round trip. */
  static final int CHUNK_USERS = 500;
  private static final Object END = new Object();
  private static final Pattern INDEX_NAME = Pattern.compile("CREATE INDEX IF NOT EXISTS (\\w+)");

  private CohortGenerator() {}

  /** Loads into empty source tables (created if absent); refuses non-empty ones. */
  public static LoadStats load(CohortSpec spec, Connection conn, Path truthFile) throws SQLException, IOException {
    return load(spec, conn, truthFile, false);
  }

  /**
   * Loads the cohort in one transaction, then creates the indexes and ANALYZEs.
   *
   * @param truthFile where the truth JSON goes, or null for none
   * @param replace truncate the source tables first; without it, non-empty tables are refused
   * @throws CohortLoadException if the tables hold data and {@code replace} is false
   */
  public static LoadStats load(CohortSpec spec, Connection conn, Path truthFile, boolean replace)
      throws SQLException, IOException {
    long started = System.nanoTime();
    TruthWriter truth = truthFile == null ? null
        : new TruthWriter(truthFile, spec);
    boolean autoCommit = conn.getAutoCommit();
    conn.setAutoCommit(false);
    ExecutorService generator = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "cohort-generator");
      t.setDaemon(true);
      return t;
    });
    try {
      EmbeddedDb.createSourceSchema(conn);
      List<String> filled = nonEmptyTables(conn);
      if (!filled.isEmpty() && !replace) {
        throw new CohortLoadException("source tables already hold rows (" + String.join(", ", filled)
            + "); pass --replace to truncate them first");
      }
      List<String[]> primaryKeys;
      try (Statement st = conn.createStatement()) {
        // Truncating in this transaction is also what allows COPY ... FREEZE below.
        st.execute("TRUNCATE " + String.join(", ", TruthWriter.TABLES));
        // Indexes are rebuilt after the load: far faster than maintaining them row by row during COPY.
        for (String index : indexNames()) {
          st.execute("DROP INDEX IF EXISTS " + index);
        }
        primaryKeys = dropPrimaryKeys(conn);
      }
      CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
      BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(2);
      Future<long[]> made = generator.submit(() -> {
        try {
          return produce(spec, truth, new ChunkHandoff(chunks));
        } finally {
          chunks.put(END);
        }
      });
      long copyNanos = 0;
      long waitNanos = 0;
      while (true) {
        long t = System.nanoTime();
        Object chunk = take(chunks);
        waitNanos += System.nanoTime() - t;
        if (chunk == END) {
          break;
        }
        t = System.nanoTime();
        ((CopyTextRows) chunk).copyInto(copy, true);
        copyNanos += System.nanoTime() - t;
      }
      long[] counts = result(made);
      long indexing = System.nanoTime();
      try (Statement st = conn.createStatement()) {
        for (String[] pk : primaryKeys) {
          st.execute("ALTER TABLE " + pk[0] + " ADD CONSTRAINT " + pk[1] + " " + pk[2]);
        }
      }
      conn.commit();
      EmbeddedDb.createIndexes(conn);
      conn.commit();
      LOG.info("COPY took {} s and waited {} s for the generator; keys, indexes and ANALYZE took {} s",
          seconds(copyNanos), seconds(waitNanos), seconds(System.nanoTime() - indexing));
      if (truth != null) {
        truth.publish();
      }
      LoadStats stats = LoadStats.of(counts, (System.nanoTime() - started) / 1e9);
      LOG.info("Loaded cohort seed {}: {}", spec.seed(), stats.summary());
      return stats;
    } catch (SQLException | IOException | RuntimeException e) {
      conn.rollback();
      throw e;
    } finally {
      generator.shutdownNow();
      awaitQuietly(generator);
      if (truth != null) {
        truth.close();
      }
      conn.setAutoCommit(autoCommit);
    }
  }

  /**
   * Makes the cohort into any sink, without a database (tests, benchmarks of the generator itself).
   *
   * @param truthFile where the truth JSON goes, or null for none
   */
  public static LoadStats generate(CohortSpec spec, CohortRows sink, Path truthFile) throws IOException {
    long started = System.nanoTime();
    try (TruthWriter truth = truthFile == null ? null
        : new TruthWriter(truthFile, spec)) {
      long[] counts = produce(spec, truth, new Chunks() {
        @Override
        public CohortRows first() {
          return sink;
        }

        @Override
        public CohortRows next(boolean last) {
          return sink;
        }
      });
      if (truth != null) {
        truth.publish();
      }
      return LoadStats.of(counts, (System.nanoTime() - started) / 1e9);
    }
  }

  /** Where each chunk of users goes: {@link #next} is called after every {@link #CHUNK_USERS} users. */
  private interface Chunks {
    CohortRows first();

    CohortRows next(boolean last) throws InterruptedException;
  }

  /** Hands each full chunk to the COPY thread and starts a new one. */
  private static final class ChunkHandoff implements Chunks {
    private final BlockingQueue<Object> queue;
    private CopyTextRows current = new CopyTextRows();

    ChunkHandoff(BlockingQueue<Object> queue) {
      this.queue = queue;
    }

    @Override
    public CohortRows first() {
      return current;
    }

    @Override
    public CohortRows next(boolean last) throws InterruptedException {
      queue.put(current);
      current = last ? null : new CopyTextRows();
      return current;
    }
  }

  private static long[] produce(CohortSpec spec, TruthWriter truth, Chunks chunks) throws IOException {
    CohortSimulator simulator = new CohortSimulator(spec);
    RowCounter rows = new RowCounter(chunks.first());
    int progressStep = Math.max(CHUNK_USERS, spec.users() / 10);
    try {
      for (int i = 0; i < spec.users(); i++) {
        UserTruth user = simulator.simulateUser(i, rows);
        if (truth != null) {
          truth.user(user);
        }
        if ((i + 1) % CHUNK_USERS == 0) {
          rows.redirect(chunks.next(false));
        }
        if ((i + 1) % progressStep == 0) {
          LOG.info("Generated {}/{} users", i + 1, spec.users());
        }
      }
      List<MessyRow> orphans = spec.messy() ? simulator.writeOrphans(rows) : new ArrayList<>();
      chunks.next(true);
      long[] counts = rows.counts();
      if (truth != null) {
        truth.finish(simulator.messyCounts(), orphans, counts);
      }
      return counts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CohortLoadException("cohort generation interrupted", e);
    }
  }

  /** After a failed COPY the generator is interrupted; let it stop before its truth file is removed. */
  private static void awaitQuietly(ExecutorService generator) {
    try {
      generator.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private static Object take(BlockingQueue<Object> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CohortLoadException("cohort load interrupted", e);
    }
  }

  private static long[] result(Future<long[]> made) throws IOException {
    try {
      return made.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CohortLoadException("cohort load interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new CohortLoadException("cohort generation failed: " + cause, cause);
    }
  }

  private static List<String> nonEmptyTables(Connection conn) throws SQLException {
    List<String> filled = new ArrayList<>();
    try (Statement st = conn.createStatement()) {
      for (String table : TruthWriter.TABLES) {
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
          rs.next();
          if (rs.getBoolean(1)) {
            filled.add(table);
          }
        }
      }
    }
    return filled;
  }

  /**
   * Drops the source tables' primary keys for the load and returns {table, name, definition} to restore them:
   * a key built by one sort after COPY costs seconds, where millions of random-id inserts into a live b-tree
   * cost minutes. A key that something depends on (a foreign key) is kept.
   */
  private static List<String[]> dropPrimaryKeys(Connection conn) throws SQLException {
    List<String[]> keys = new ArrayList<>();
    String sql = "SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid)"
        + " FROM pg_constraint c WHERE c.contype = 'p' AND c.conrelid = ANY (ARRAY["
        + java.util.Arrays.stream(TruthWriter.TABLES).map(t -> "'" + t + "'::regclass")
            .collect(java.util.stream.Collectors.joining(", ")) + "])"
        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid)"
        + " ORDER BY 1";
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        keys.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    try (Statement st = conn.createStatement()) {
      for (String[] key : keys) {
        st.execute("ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]);
      }
    }
    return keys;
  }

  /** Index names from indexes.sql, so the load can drop exactly what it will recreate. */
  static List<String> indexNames() {
    List<String> names = new ArrayList<>();
    Matcher m = INDEX_NAME.matcher(EmbeddedDb.resourceText(EmbeddedDb.INDEXES_RESOURCE));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
