package pmf.signals.track;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * UserActions against a real (embedded) PostgreSQL. Nothing here sleeps or asserts on elapsed time: batches are
 * counted, and a stalled database is a connection that waits on a latch the test opens. The timeouts only stop a hung
 * test.
 */
public class UserActionsTest {
  private static final Duration NEVER = Duration.ofHours(1); // no batch is written because time passed
  private String url;

  @Before
  public void arrange() {
    url = TrackDb.withUserActions();
  }

  private UserActions.Builder tracker() {
    return UserActions.builder(() -> DriverManager.getConnection(url));
  }

  private long rowsInTable() throws SQLException {
    return TrackDb.count(url, "SELECT count(*) FROM user_actions");
  }

  @Test(timeout = 60_000)
  public void rowsLandWithTheirActionUserMetadataAndTheUtcTimeOfTheCall() throws Exception {
    Instant at = Instant.parse("2026-11-23T23:30:15.123456Z");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("job_id", "job-7");
    metadata.put("note", "say \"hi\"\n\t\\ é 😀 \u0001");
    metadata.put("credits", 8);
    metadata.put("ratio", 0.25);
    metadata.put("paid", true);
    metadata.put("gone", null);
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    TimeZone zone = TimeZone.getDefault();
    // A JVM far from UTC: created_at must still be the UTC time of the call, not the local one.
    TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
    try (UserActions actions = UserActions.builder(dataSource).clock(Clock.fixed(at, ZoneOffset.UTC)).build()) {
      assertThat(actions.download("u-1", metadata), equalTo(true));
      assertThat(actions.share("u-2"), equalTo(true));
      assertThat(actions.creditLimit("u-3", Map.of("credits_needed", 8, "service", "upscale")),
          equalTo(true));
      actions.flush();
      assertThat(actions.written(), equalTo(3L));
      assertThat(actions.dropped(), equalTo(0L));
      assertThat(actions.failedBatches(), equalTo(0L));
    } finally {
      TimeZone.setDefault(zone);
    }

    assertThat(TrackDb.rows(url, "SELECT action, user_id, created_at::text FROM user_actions ORDER BY action"),
        equalTo(List.of("credit_limit|u-3|2026-11-23 23:30:15.123456", "download|u-1|2026-11-23 23:30:15.123456",
            "share|u-2|2026-11-23 23:30:15.123456")));
    assertThat(TrackDb.rows(url, "SELECT action FROM user_actions WHERE metadata = '{\"job_id\": \"job-7\","
            + " \"note\": \"say \\\"hi\\\"\\n\\t\\\\ é 😀 \\u0001\", \"credits\": 8, \"ratio\": 0.25, \"paid\": true,"
            + " \"gone\": null}'::jsonb UNION ALL SELECT action FROM user_actions WHERE metadata = '{}'::jsonb"
            + " UNION ALL SELECT action FROM user_actions"
            + " WHERE metadata = '{\"credits_needed\": 8, \"service\": \"upscale\"}'::jsonb"),
        equalTo(List.of("download", "share", "credit_limit")));
    for (String id : TrackDb.rows(url, "SELECT DISTINCT id::text FROM user_actions")) {
      assertThat(id, UUID.fromString(id).version(), equalTo(4));
    }
    assertThat(rowsInTable(), equalTo(3L));
  }

  @Test(timeout = 60_000)
  public void callsGoInBatchesOfBatchSizeAndFlushSendsTheRest() throws Exception {
    try (UserActions actions = tracker().batchSize(10).flushInterval(NEVER).queueCapacity(100).build()) {
      for (int i = 0; i < 25; i++) {
        actions.download("u-" + i);
      }
      actions.flush();

      assertThat(actions.batches(), equalTo(3L)); // ceil(25 / 10): 10, 10 and the 5 flush() sent
      assertThat(actions.written(), equalTo(25L));
      assertThat(rowsInTable(), equalTo(25L));

      for (int i = 0; i < 40; i++) {
        actions.share("u-" + i);
      }
      actions.flush();
      assertThat(actions.batches(), equalTo(7L)); // + ceil(40 / 10)
      assertThat(actions.written(), equalTo(65L));
    }
  }

  @Test(timeout = 60_000)
  public void closeWritesEverythingQueuedThenDropsLaterCalls() throws Exception {
    UserActions actions = tracker().batchSize(1_000).flushInterval(NEVER).queueCapacity(5_000).build();
    for (int i = 0; i < 2_500; i++) {
      actions.creditLimit("u-" + (i % 40), Map.of("i", i));
    }

    actions.close();

    assertThat(actions.written(), equalTo(2_500L));
    assertThat(actions.batches(), equalTo(3L));
    assertThat(rowsInTable(), equalTo(2_500L));
    assertThat(actions.download("u-1"), equalTo(false));
    assertThat(actions.dropped(), equalTo(1L));
    actions.close(); // a second close is harmless
    assertThat(rowsInTable(), equalTo(2_500L));
  }

  @Test(timeout = 60_000)
  public void aPartialBatchIsWrittenAfterTheFlushIntervalWithoutFlush() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    try (UserActions actions = UserActions.builder(() -> {
          connected.countDown();
          return DriverManager.getConnection(url);
        }).batchSize(100).flushInterval(Duration.ofMillis(20)).build()) {
      actions.share("u-1");

      connected.await(); // the writer wrote the one row on its own: the batch was far from full
    }
    assertThat(rowsInTable(), equalTo(1L));
  }

  @Test(timeout = 60_000)
  public void aFullQueueDropsAndCountsWithoutWaitingForTheDatabase() throws Exception {
    CountDownLatch writerWaiting = new CountDownLatch(1);
    CountDownLatch databaseBack = new CountDownLatch(1);
    UserActions actions = UserActions.builder(() -> {
          writerWaiting.countDown();
          try {
            databaseBack.await(); // a database that does not answer
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return DriverManager.getConnection(url);
        }).batchSize(1).queueCapacity(4).flushInterval(NEVER).build();
    actions.download("first");
    writerWaiting.await(); // the writer holds "first" and waits for the database; the queue is empty

    for (int i = 0; i < 4; i++) {
      assertThat(actions.download("queued-" + i), equalTo(true));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(actions.download("dropped-" + i), equalTo(false)); // returns at once: the queue is full
    }
    assertThat(actions.dropped(), equalTo(3L));
    assertThat(actions.written(), equalTo(0L));

    databaseBack.countDown();
    actions.close();
    assertThat(actions.written(), equalTo(5L));
    assertThat(TrackDb.rows(url, "SELECT user_id FROM user_actions ORDER BY user_id"),
        equalTo(List.of("first", "queued-0", "queued-1", "queued-2", "queued-3")));
  }

  @Test(timeout = 60_000)
  public void aDatabaseThatFailsIsRetriedOnceThenCountedAndNeverThrown() {
    AtomicInteger attempts = new AtomicInteger();
    try (UserActions actions = UserActions.builder(() -> {
          attempts.incrementAndGet();
          throw new SQLException("connection refused");
        }).batchSize(5).flushInterval(NEVER).build()) {
      for (int i = 0; i < 12; i++) {
        assertThat(actions.download("u-" + i), equalTo(true)); // queued: the caller never sees the failure
      }
      actions.flush();

      assertThat(actions.failedBatches(), equalTo(3L));
      assertThat(attempts.get(), equalTo(6));
      assertThat(actions.written(), equalTo(0L));
      assertThat(actions.batches(), equalTo(0L));
    }
  }

  @Test(timeout = 60_000)
  public void aStatementPostgresRefusesFailsItsBatchAndTheWriterGoesOn() throws Exception {
    try (UserActions actions = tracker().table("no_such_table").batchSize(2).flushInterval(NEVER).build()) {
      actions.share("u-1");
      actions.share("u-2");
      actions.share("u-3");
      actions.flush();

      assertThat(actions.failedBatches(), equalTo(2L));
      assertThat(actions.written(), equalTo(0L));
    }
    try (UserActions actions = tracker().batchSize(2).flushInterval(NEVER).build()) {
      actions.share("u-4");
      actions.flush();
      assertThat(actions.written(), equalTo(1L));
    }
    assertThat(rowsInTable(), equalTo(1L));
  }

  @Test(timeout = 60_000)
  public void rowsWithoutAUsableUserOrWithMetadataThatCannotBeReadAreDroppedNotThrown() {
    Object unprintable = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no");
      }
    };
    try (UserActions actions = tracker().build()) {
      assertThat(actions.download(null), equalTo(false));
      assertThat(actions.share(""), equalTo(false));
      assertThat(actions.creditLimit("x".repeat(256)), equalTo(false));
      assertThat(actions.download("nul\0"), equalTo(false));
      assertThat(actions.download("u-1", Map.of("bad", unprintable)), equalTo(false));
      assertThat(actions.dropped(), equalTo(5L));
      assertThat(actions.creditLimit("x".repeat(255)), equalTo(true));
      actions.flush();
      assertThat(actions.written(), equalTo(1L));
    }
  }

  @Test
  public void settingsAreCheckedWhenSet() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> tracker().batchSize(0)).getMessage(),
        containsString("batchSize must be between 1 and 10,000"));
    assertThrows(IllegalArgumentException.class, () -> tracker().batchSize(10_001));
    assertThat(assertThrows(IllegalArgumentException.class, () -> tracker().flushInterval(Duration.ZERO)).getMessage(),
        containsString("flushInterval must be between 1 ms and 1 hour"));
    assertThrows(IllegalArgumentException.class, () -> tracker().flushInterval(null));
    assertThrows(IllegalArgumentException.class, () -> tracker().flushInterval(Duration.ofHours(2)));
    assertThrows(IllegalArgumentException.class, () -> tracker().queueCapacity(0));
    assertThat(assertThrows(IllegalArgumentException.class, () -> tracker().batchSize(50).queueCapacity(10).build())
        .getMessage(), containsString("queueCapacity (10) must be at least batchSize (50)"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> tracker().table("user_actions; DROP TABLE users"))
        .getMessage(), containsString("table must be a plain identifier"));
    assertThrows(IllegalArgumentException.class, () -> tracker().clock(null));
    assertThrows(IllegalArgumentException.class, () -> UserActions.builder((javax.sql.DataSource) null));
    tracker().table("public.user_actions").build().close();
  }
}
