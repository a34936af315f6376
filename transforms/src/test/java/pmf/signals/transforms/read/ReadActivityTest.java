package pmf.signals.transforms.read;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.UserActivity;

/** ReadActivity against a real PostgreSQL, one kind of real-world mess per test. */
public class ReadActivityTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private String url;

  @Before
  public void createDatabase() {
    url = ScratchDatabases.createWithSourceSchema();
    ScratchDatabases.exec(url,
        "INSERT INTO users VALUES ('alice', '2026-11-01', 'free', 10, true), ('bob', '2026-11-02', 'pro', 0, false),"
            + " ('idle', '2026-11-01', 'free', 5, true)",
        "INSERT INTO conversations VALUES ('c1', 'alice', 'Logo', '2026-11-22 10:00Z', NULL),"
            + " ('c2', 'bob', 'Private title', '2026-11-23 09:00Z', NULL), ('c3', 'idle', NULL, '2026-11-01', NULL)",
        "INSERT INTO messages VALUES ('m1', 'c1', 'user', 'make me a logo', '2026-11-22 10:00Z'),"
            + " ('m2', 'c1', 'assistant', 'here you go', '2026-11-23 10:01Z'),"
            + " ('m3', 'c2', 'user', 'bob''s private words', '2026-11-23 09:00Z'),"
            + " ('m4', 'c3', 'user', 'long ago', '2026-10-01 09:00Z')");
  }

  private PCollectionTuple read() {
    return read(8);
  }

  private PCollectionTuple read(int partitions) {
    return read("ReadActivity", partitions);
  }

  private PCollectionTuple read(String name, int partitions) {
    JdbcIO.DataSourceConfiguration source = JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);
    try {
      return p.apply(name, ReadActivity.create(source, SourceQueries.load(null), AnalysisWindow.of(DATE, ZoneOffset.UTC, 30))
          .withMaxMessageChars(1000)
          .withPartitions(partitions));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts on the users read, keyed by id. */
  private static final class Check implements SerializableFunction<Iterable<UserActivity>, Void> {
    private final SerializableConsumer check;

    Check(SerializableConsumer check) {
      this.check = check;
    }

    @Override
    public Void apply(Iterable<UserActivity> users) {
      Map<String, UserActivity> byId = new HashMap<>();
      users.forEach(u -> byId.put(u.userId(), u));
      check.accept(byId);
      return null;
    }
  }

  interface SerializableConsumer extends java.io.Serializable {
    void accept(Map<String, UserActivity> users);
  }

  private static List<String> texts(UserActivity user) {
    return user.conversations().stream().flatMap(c -> c.messages().stream()).map(Message::text).toList();
  }

  @Test
  public void readsOnlyUsersActiveOnTheDateWithTheirWindowHistory() {
    PCollectionTuple read = read();

    PAssert.that(read.get(ReadActivity.ACTIVITY)).satisfies(new Check(users -> {
      assertThat(users.keySet(), containsInAnyOrder("alice", "bob"));
      assertThat(texts(users.get("alice")), equalTo(List.of("make me a logo", "here you go")));
      assertThat(users.get("alice").profile().plan(), equalTo("free"));
    }));
    PAssert.that(read.get(ReadActivity.FAILURES)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void everyUserIsReadExactlyOnceWhateverThePartitioning() {
    ScratchDatabases.exec(url, "INSERT INTO users SELECT 'u' || i, '2026-11-01', 'free', 1, true FROM generate_series(1, 40) i",
        "INSERT INTO service_jobs SELECT 'job' || i, 'u' || i, NULL, 'upscale', 'succeeded', 1, NULL,"
            + " '2026-11-23 10:00Z', '2026-11-23 10:01Z' FROM generate_series(1, 40) i");

    PCollectionTuple one = read("ReadInOnePart", 1);
    PCollectionTuple five = read("ReadInFiveParts", 5);

    PAssert.that(one.get(ReadActivity.ACTIVITY)).satisfies(new Check(users -> assertThat(users.size(), equalTo(42))));
    PAssert.that(five.get(ReadActivity.ACTIVITY)).satisfies(new Check(users -> assertThat(users.size(), equalTo(42))));
    PAssert.that(five.get(ReadActivity.ACTIVITY).apply(org.apache.beam.sdk.transforms.Count.globally()))
        .containsInAnyOrder(42L);
    p.run().waitUntilFinish();
  }

  @Test
  public void contentOfUsersWithoutConsentNeverEntersThePipeline() {
    PCollectionTuple read = read();

    PAssert.that(read.get(ReadActivity.ACTIVITY)).satisfies(new Check(users -> {
      UserActivity bob = users.get("bob");
      assertFalse(bob.profile().consented());
      Conversation conversation = bob.conversations().get(0);
      assertThat(conversation.title(), nullValue());
      assertThat(conversation.messages().get(0).text(), nullValue());
      assertThat(conversation.messages().get(0).length(), equalTo("bob's private words".length()));
    }));
    p.run().waitUntilFinish();
  }

  @Test
  public void badRowsAreRepairedOrCountedNeverFatal() {
    ScratchDatabases.exec(url,
        // tables without primary keys hold duplicates
        "ALTER TABLE messages DROP CONSTRAINT messages_pkey",
        "ALTER TABLE service_jobs DROP CONSTRAINT service_jobs_pkey",
        "INSERT INTO messages VALUES ('m1', 'c1', 'user', 'make me a logo', '2026-11-22 10:00Z')",
        "INSERT INTO messages VALUES ('m5', 'c1', 'user', NULL, '2026-11-23 11:00Z'),"
            + " ('m6', 'c1', 'user', '', '2026-11-23 11:01Z'),"
            + " ('m7', 'c1', 'function', 'tool output', '2026-11-23 11:02Z'),"
            + " ('m8', 'c1', 'user', repeat('x', 2000000), '2026-11-23 11:03Z'),"
            + " ('m9', 'no-such-conversation', 'user', 'orphan', '2026-11-23 11:04Z'),"
            + " ('m10', 'c1', 'user', 'from the future', '2099-01-01 00:00Z')",
        "INSERT INTO service_jobs VALUES ('j1', 'alice', 'c1', 'image_generation', 'failed', NULL, 'timeout',"
            + " '2026-11-23 11:05Z', NULL), ('j1', 'alice', 'c1', 'image_generation', 'failed', NULL, 'timeout',"
            + " '2026-11-23 11:05Z', NULL), ('j2', 'alice', 'c1', 'upscale', 'succeeded', -2, NULL,"
            + " '2026-11-23 11:06Z', '2026-11-23 11:07Z')",
        "INSERT INTO user_actions VALUES (gen_random_uuid(), 'alice', 'download', '\"a string\"', '2026-11-23 11:08'),"
            + " (gen_random_uuid(), 'alice', 'share', '[1,2]', '2026-11-23 11:09'),"
            + " (gen_random_uuid(), 'alice', 'share', '{\"channel\":\"x\"}', '2026-11-23 11:10')",
        // a user missing from users, with conversations; and a user with jobs but no conversations
        "INSERT INTO conversations VALUES ('c9', 'ghost', NULL, '2026-11-23 08:00Z', NULL)",
        "INSERT INTO messages VALUES ('m11', 'c9', 'user', 'who am i', '2026-11-23 08:00Z')",
        "INSERT INTO users VALUES ('jobber', '2026-11-20', 'free', 3, true)",
        "INSERT INTO service_jobs VALUES ('j3', 'jobber', NULL, 'transcription', 'succeeded', 1, NULL,"
            + " '2026-11-23 12:00Z', '2026-11-23 12:01Z')");

    PCollectionTuple read = read();

    PAssert.that(read.get(ReadActivity.ACTIVITY)).satisfies(new Check(users -> {
      assertThat(users.keySet(), containsInAnyOrder("alice", "bob", "ghost", "jobber"));
      UserActivity alice = users.get("alice");
      assertThat(alice.quality().duplicateRows(), equalTo(2)); // m1 and j1 twice
      assertThat(alice.quality().emptyMessages(), equalTo(2));
      assertThat(alice.quality().unknownRoleMessages(), equalTo(1));
      assertThat(alice.quality().truncatedMessages(), equalTo(1));
      assertThat(alice.quality().malformedMetadata(), equalTo(2));
      assertThat(alice.quality().invalidCredits(), equalTo(2));
      Message huge = alice.conversations().get(0).messages().stream()
          .filter(m -> m.length() != null && m.length() == 2_000_000).findFirst().orElseThrow();
      assertThat(huge.text().length(), equalTo(1000));
      assertThat(huge.length(), equalTo(2_000_000));
      assertTrue(texts(alice).stream().noneMatch(t -> "from the future".equals(t) || "orphan".equals(t)));
      assertFalse(users.get("ghost").profile().known());
      assertThat(texts(users.get("ghost")), equalTo(java.util.Collections.singletonList(null)));
      assertThat(users.get("jobber").conversations(), hasSize(0));
      assertThat(users.get("jobber").jobs(), hasSize(1));
    }));
    PAssert.that(read.get(ReadActivity.FAILURES)).empty();
    p.run().waitUntilFinish();
  }
}
