package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.Test;
import org.postgresql.PGConnection;
import pmf.signals.devtools.cohort.CopyTextRows;

public class CopyTextRowsTest {

  @Test
  public void contentWithTabsNewlinesBackslashesQuotesAndEmoji_roundTripsExactly() throws Exception {
    String tricky = "tab\there\nnew line\r\nwindows \\d+ \\N \"quoted\" 'single' emoji 🔥✨ 抹茶 Zoë\\";
    String json = "{\"name\": \"x\", \"content\": \"{\\\"status\\\": \\\"running\\\"}\"}";
    CopyTextRows rows = new CopyTextRows();
    rows.user("usr_1", 1_700_000_000_123L, "free", null, null);
    rows.conversation("conv_1", "usr_1", null, 1_700_000_000_000L, 1_700_000_100_000L);
    rows.message("msg_1", "conv_1", "user", tricky, 1_700_000_000_500L);
    rows.message("msg_2", "conv_1", "user", null, 1_700_000_000_600L);
    rows.job("job_1", "usr_1", null, "upscale", "running", null, "err\twith\ttabs", 1_700_000_000_700L, null);
    rows.action(UUID.fromString("00000000-0000-4000-8000-000000000001"), "usr_1", "share", json, 1_700_000_000_800L);

    String url = TestPostgres.server().createDatabase("copy_escaping");
    try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
      EmbeddedDb.createSourceSchema(c);
      rows.copyInto(c.unwrap(PGConnection.class).getCopyAPI(), false);
      try (ResultSet rs = st.executeQuery("SELECT content FROM messages ORDER BY id")) {
        rs.next();
        assertThat(rs.getString(1), equalTo(tricky));
        rs.next();
        assertThat(rs.getString(1), nullValue());
      }
      try (ResultSet rs = st.executeQuery("SELECT error, completed_at, credits_used FROM service_jobs")) {
        rs.next();
        assertThat(rs.getString(1), equalTo("err\twith\ttabs"));
        assertThat(rs.getObject(2), nullValue());
        assertThat(rs.getObject(3), nullValue());
      }
      try (ResultSet rs = st.executeQuery("SELECT metadata->>'content', created_at::text FROM user_actions")) {
        rs.next();
        assertThat(rs.getString(1), equalTo("{\"status\": \"running\"}"));
        // A plain timestamp column keeps the UTC wall time.
        assertThat(rs.getString(2), equalTo("2023-11-14 22:13:20.8"));
      }
      try (ResultSet rs = st.executeQuery("SELECT extract(epoch FROM created_at) * 1000 FROM users")) {
        rs.next();
        assertThat(rs.getLong(1), is(1_700_000_000_123L));
      }
    }
  }
}
