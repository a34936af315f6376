package pmf.signals.track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Records downloads, shares and credit-limit hits in {@code user_actions}, where pmf-signals reads them the next day.
 *
 * <p>Safe to call from a request thread: a call puts the row in a bounded in-memory queue and returns; one background
 * thread writes the queue in batches of up to {@code batchSize} rows, or whatever is queued every {@code
 * flushInterval}, one transaction per batch. A call never waits for the database and never throws: when the queue is
 * full (the database is slow or down), the tracker is closed, or the user id is unusable (null, empty, longer than
 * 255 characters, or holding U+0000), the row is dropped, counted in {@link #dropped()}, and the call returns false.
 * A batch that fails is retried once, then its rows are lost and it is counted in {@link #failedBatches()}.
 *
 * <p>Each row gets a random UUID, the UTC time of the call as {@code created_at} (a timestamp without time zone, as the
 * data contract says), and its metadata as a JSON object ({@code {}} without any).
 *
 * <pre>{@code
 * UserActions actions = UserActions.builder(dataSource)      // a pooled DataSource: one connection per batch
 *     .batchSize(100).flushInterval(Duration.ofSeconds(1)).queueCapacity(10_000).build();
 * actions.download(userId, Map.of("job_id", jobId, "format", "png"));
 * actions.share(userId, Map.of("channel", "linkedin", "job_id", jobId));
 * actions.creditLimit(userId, Map.of("credits_needed", 8, "credits_remaining", 2, "service", "image_generation"));
 * actions.close();                                           // at shutdown: writes what is queued
 * }</pre>
 */
public final class UserActions implements AutoCloseable {
  /** Where connections come from: one is taken per batch and closed after it. */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection get() throws SQLException;
  }

  private record Row(UUID id, String userId, String action, String metadata, LocalDateTime createdAt) {}

  private static final System.Logger LOG = System.getLogger(UserActions.class.getName());

  private final ConnectionSource connections;
  private final int batchSize;
  private final long intervalNanos;
  private final Clock clock;
  private final String insert;
  private final BlockingQueue<Row> queue;
  private final Thread writer;
  private final Object progress = new Object();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong flushTarget = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;
  private volatile boolean writerDone;

  private UserActions(Builder b) {
    this.connections = b.connections;
    this.batchSize = b.batchSize;
    this.intervalNanos = b.flushInterval.toNanos();
    this.clock = b.clock;
    this.insert = "INSERT INTO " + b.table
        + " (id, user_id, action, metadata, created_at) VALUES (?, ?, ?, CAST(? AS jsonb), ?)";
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.writer = new Thread(this::writeLoop, "user-actions-writer");
    writer.setDaemon(true);
    writer.start();
  }

  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is required");
    }
    return new Builder(dataSource::getConnection);
  }

  public static Builder builder(ConnectionSource connections) {
    if (connections == null) {
      throw new IllegalArgumentException("connections is required");
    }
    return new Builder(connections);
  }

  /** The user downloaded a result. Returns false when the row was dropped (see the class comment). */
  public boolean download(String userId, Map<String, ?> metadata) {
    return record("download", userId, metadata);
  }

  public boolean download(String userId) {
    return record("download", userId, null);
  }

  /** The user shared a result. */
  public boolean share(String userId, Map<String, ?> metadata) {
    return record("share", userId, metadata);
  }

  public boolean share(String userId) {
    return record("share", userId, null);
  }

  /** The user wanted something their credits could not pay for. */
  public boolean creditLimit(String userId, Map<String, ?> metadata) {
    return record("credit_limit", userId, metadata);
  }

  public boolean creditLimit(String userId) {
    return record("credit_limit", userId, null);
  }

  private boolean record(String action, String userId, Map<String, ?> metadata) {
    try {
      if (closing || userId == null || userId.isEmpty() || userId.length() > 255 || userId.indexOf('\0') >= 0) {
        dropped.incrementAndGet();
        return false;
      }
      Row row = new Row(UUID.randomUUID(), userId, action, MetadataJson.of(metadata),
          LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      if (!queue.offer(row)) {
        dropped.incrementAndGet();
        return false;
      }
      accepted.incrementAndGet();
      if (writerDone && queue.remove(row)) { // close() finished between the check above and the offer
        dropped.incrementAndGet();
        return false;
      }
      if (queue.size() >= batchSize) {
        LockSupport.unpark(writer);
      }
      return true;
    } catch (RuntimeException e) { // a metadata value whose toString() throws, a map changed while read...
      dropped.incrementAndGet();
      return false;
    }
  }

  /**
   * Blocks until every row recorded before this call is written or counted as failed: for tests and shutdown hooks,
   * not for request threads.
   */
  public void flush() {
    long target = accepted.get();
    flushTarget.accumulateAndGet(target, Math::max);
    LockSupport.unpark(writer);
    synchronized (progress) {
      while (processed.get() < target && !writerDone) {
        try {
          progress.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Writes what is queued, then stops the writer; later calls drop their rows. Blocks like {@link #flush()}. */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(writer);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    while (queue.poll() != null) { // rows offered while the writer was finishing
      dropped.incrementAndGet();
    }
  }

  /** Rows committed to the database. */
  public long written() {
    return written.get();
  }

  /** Batches committed. */
  public long batches() {
    return batches.get();
  }

  /** Batches that failed twice; their rows are lost. */
  public long failedBatches() {
    return failedBatches.get();
  }

  /** Rows never queued: the queue was full, the tracker closed, or the user id unusable. */
  public long dropped() {
    return dropped.get();
  }

  private void writeLoop() {
    List<Row> batch = new ArrayList<>(batchSize);
    long due = System.nanoTime() + intervalNanos;
    try {
      while (true) {
        boolean stopping = closing; // read before the queue: a row queued before close() is still written
        boolean hurry = stopping || flushTarget.get() > processed.get();
        int queued = queue.size();
        long now = System.nanoTime();
        if (queued >= batchSize || queued > 0 && (hurry || now - due >= 0)) {
          queue.drainTo(batch, batchSize);
          write(batch);
          batch.clear();
          due = System.nanoTime() + intervalNanos;
        } else if (queued == 0 && stopping) {
          return;
        } else {
          if (queued == 0 && now - due >= 0) {
            due = now + intervalNanos; // idle: the next row waits at most one interval
          }
          LockSupport.parkNanos(this, due - now);
        }
      }
    } finally {
      writerDone = true;
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  private void write(List<Row> rows) {
    Exception first = insert(rows);
    Exception second = first == null ? null : insert(rows);
    if (first == null || second == null) {
      written.addAndGet(rows.size());
      batches.incrementAndGet();
    } else {
      failedBatches.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING,
          "user_actions: a batch of " + rows.size() + " rows failed twice and is lost: " + reason(second));
    }
    processed.addAndGet(rows.size());
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** The error's first line, without the rows a driver may quote in a batch error (user ids, metadata). */
  private static String reason(Exception e) {
    Exception cause = e instanceof SQLException && ((SQLException) e).getNextException() != null
        ? ((SQLException) e).getNextException() : e;
    String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    return cause.getClass().getSimpleName() + ": " + message;
  }

  /** One attempt in one transaction: null when it committed, else what went wrong. */
  private Exception insert(List<Row> rows) {
    boolean committed = false;
    try (Connection c = connections.get()) {
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(insert)) {
        for (Row row : rows) {
          st.setObject(1, row.id());
          st.setString(2, row.userId());
          st.setString(3, row.action());
          st.setString(4, row.metadata());
          st.setObject(5, row.createdAt());
          st.addBatch();
        }
        st.executeBatch();
        c.commit();
        committed = true;
        c.setAutoCommit(true); // as a pool expects it back
      } catch (SQLException | RuntimeException e) {
        if (!committed) {
          try {
            c.rollback();
          } catch (SQLException ignored) {
            // the connection is gone, and with it the transaction
          }
        }
        throw e;
      }
      return null;
    } catch (SQLException | RuntimeException e) {
      return committed ? null : e; // a failure after the commit (closing, resetting) loses no row
    }
  }

  /** Settings, each checked when it is set. */
  public static final class Builder {
    private final ConnectionSource connections;
    private int batchSize = 100;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int queueCapacity = 10_000;
    private String table = "user_actions";
    private Clock clock = Clock.systemUTC();

    private Builder(ConnectionSource connections) {
      this.connections = connections;
    }

    /** Most rows in one batch: 1 to 10,000 (default 100). */
    public Builder batchSize(int rows) {
      if (rows < 1 || rows > 10_000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 10,000, got " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /** Longest a queued row waits for a batch to fill: 1 ms to 1 hour (default 1 s). */
    public Builder flushInterval(Duration interval) {
      if (interval == null || interval.compareTo(Duration.ofMillis(1)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("flushInterval must be between 1 ms and 1 hour, got " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /** Rows held in memory while the database catches up: at least batchSize, at most 10,000,000 (default 10,000). */
    public Builder queueCapacity(int rows) {
      if (rows < 1 || rows > 10_000_000) {
        throw new IllegalArgumentException("queueCapacity must be between 1 and 10,000,000, got " + rows);
      }
      this.queueCapacity = rows;
      return this;
    }

    /** The table, optionally schema-qualified (default user_actions). */
    public Builder table(String name) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
        throw new IllegalArgumentException("table must be a plain identifier such as user_actions or app.user_actions,"
            + " got " + name);
      }
      this.table = name;
      return this;
    }

    /** Where created_at comes from (tests); default the system clock. */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock is required");
      }
      this.clock = clock;
      return this;
    }

    /** Starts the writer thread. */
    public UserActions build() {
      if (queueCapacity < batchSize) {
        throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be at least batchSize ("
            + batchSize + ")");
      }
      return new UserActions(this);
    }
  }
}
