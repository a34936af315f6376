package pmf.signals.track;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;

/** The SQL that teams are handed: the db/source/user_actions.sql migration and the INSERT in docs/TRACKING.md. */
public class TrackingSqlTest {
  private static final String COLUMNS =
      "SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns"
          + " WHERE table_name = 'user_actions' ORDER BY ordinal_position";
  private static final String INDEXES =
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'user_actions' ORDER BY indexname";

  @Test
  public void theMigrationGivesTheTableAndIndexesOfTheDevSchemaAndCanRunTwice() throws Exception {
    String url = TrackDb.withUserActions();
    ScratchDatabases.exec(url, TrackDb.read("db/source/user_actions.sql")); // applied again: nothing changes
    String reference = ScratchDatabases.createWithSourceSchema(); // db/source/schema.sql + indexes.sql

    assertThat(TrackDb.rows(url, COLUMNS), equalTo(List.of("id|uuid|null|NO",
        "user_id|character varying|255|YES", "action|character varying|50|YES", "metadata|jsonb|null|YES",
        "created_at|timestamp without time zone|null|YES")));
    assertThat(TrackDb.rows(url, COLUMNS), equalTo(TrackDb.rows(reference, COLUMNS)));
    assertThat(TrackDb.rows(url, INDEXES), hasSize(3)); // the primary key and the two the daily queries use
    assertThat(TrackDb.rows(url, INDEXES), equalTo(TrackDb.rows(reference, INDEXES)));
    long header = TrackDb.read("db/source/user_actions.sql").lines().takeWhile(l -> l.startsWith("--")).count();
    assertThat(header, equalTo(2L));
  }

  @Test
  public void theInsertInTrackingMdWritesAContractRow() throws Exception {
    Matcher block = Pattern.compile("```sql\\n(INSERT INTO user_actions.*?)```", Pattern.DOTALL)
        .matcher(TrackDb.read("docs/TRACKING.md"));
    assertThat("docs/TRACKING.md has a ```sql block with the INSERT", block.find(), equalTo(true));
    String insert = block.group(1).replaceAll("\\$\\d+", "?"); // $1..$5 as JDBC writes them
    String url = TrackDb.withUserActions();
    UUID id = UUID.randomUUID();

    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement st = c.prepareStatement(insert)) {
      st.setObject(1, id);
      st.setString(2, "u-42");
      st.setString(3, "download");
      st.setString(4, "{\"job_id\": \"j_123\", \"format\": \"png\"}");
      st.setObject(5, LocalDateTime.parse("2026-11-23T09:15:00"));
      assertThat(st.executeUpdate(), equalTo(1));
    }

    assertThat(TrackDb.rows(url,
            "SELECT id::text, user_id, action, metadata->>'format', created_at::text FROM user_actions"),
        equalTo(List.of(id + "|u-42|download|png|2026-11-23 09:15:00")));
  }
}
