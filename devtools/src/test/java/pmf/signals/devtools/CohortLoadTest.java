package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

public class CohortLoadTest {

  @Test
  public void rowCountsInTheDatabase_matchLoadStatsAndTruth() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    LoadStats s = cohort.stats();
    JsonNode counts = cohort.truth().get("row_counts");
    long[] expected = {s.users(), s.conversations(), s.messages(), s.jobs(), s.actions()};
    String[] tables = {"users", "conversations", "messages", "service_jobs", "user_actions"};
    try (Connection c = TestPostgres.connect(cohort.url())) {
      for (int i = 0; i < tables.length; i++) {
        assertThat(tables[i], count(c, "SELECT count(*) FROM " + tables[i]), is(expected[i]));
        assertThat(tables[i], counts.get(tables[i]).asLong(), is(expected[i]));
      }
    }
    assertThat(s.users(), is(200L));
    assertThat(cohort.truth().get("users").size(), is(200));
    // Roughly 60-90 messages per user over 30 days.
    assertThat(s.messages() / 200.0 > 55 && s.messages() / 200.0 < 95, is(true));
  }

  @Test
  public void everyTimestampIsInsideTheWindow_exceptThePlantedFutureRows() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    String start = "'" + cohort.spec().startDate() + " 00:00:00+00'";
    String end = "'" + cohort.spec().endDate().plusDays(1) + " 00:00:00+00'";
    String endLocal = "'" + cohort.spec().endDate().plusDays(1) + " 00:00:00'";
    String startLocal = "'" + cohort.spec().startDate() + " 00:00:00'";
    Set<String> future = new TreeSet<>();
    for (JsonNode row : cohort.truth().get("messy_rows")) {
      if (row.get("kind").asText().startsWith("future_")) {
        future.add(row.get("id").asText());
      }
    }
    Set<String> outside = new TreeSet<>();
    try (Connection c = TestPostgres.connect(cohort.url()); Statement st = c.createStatement()) {
      String[] queries = {
        "SELECT id FROM messages WHERE created_at < " + start + " OR created_at >= " + end,
        "SELECT id FROM service_jobs WHERE created_at < " + start + " OR created_at >= " + end
            + " OR completed_at < " + start + " OR completed_at >= " + end,
        "SELECT id::text FROM user_actions WHERE created_at < " + startLocal + " OR created_at >= " + endLocal,
        "SELECT id FROM conversations WHERE created_at < " + start + " OR updated_at >= " + end
            + " OR updated_at < created_at",
        // Signups may precede the window, never follow it.
        "SELECT id FROM users WHERE created_at >= " + end
      };
      for (String q : queries) {
        try (ResultSet rs = st.executeQuery(q)) {
          while (rs.next()) {
            outside.add(rs.getString(1));
          }
        }
      }
      assertThat(count(c, "SELECT count(*) FROM users WHERE created_at < " + start), greaterThan(0L));
    }
    assertThat(outside, equalTo(future));
    assertThat(future.size(), greaterThan(0));
  }

  @Test
  public void everyPlantedKindOfBadInput_isInTheDatabaseAsCounted() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    JsonNode messy = cohort.truth().get("messy");
    try (Connection c = TestPostgres.connect(cohort.url())) {
      expect(c, messy, "null_content", "SELECT count(*) FROM messages WHERE content IS NULL");
      expect(c, messy, "empty_content", "SELECT count(*) FROM messages WHERE content = ''");
      expect(c, messy, "huge_message", "SELECT count(*) FROM messages WHERE length(content) > 1000000");
      expect(c, messy, "unknown_role",
          "SELECT count(*) FROM messages WHERE role NOT IN ('user', 'assistant', 'system', 'tool')");
      expect(c, messy, "future_message", "SELECT count(*) FROM messages WHERE created_at >= '2099-01-01'");
      expect(c, messy, "future_job", "SELECT count(*) FROM service_jobs WHERE created_at >= '2099-01-01'");
      expect(c, messy, "future_action", "SELECT count(*) FROM user_actions WHERE created_at >= '2099-01-01'");
      expect(c, messy, "null_credits_used", "SELECT count(*) FROM service_jobs WHERE credits_used IS NULL");
      expect(c, messy, "negative_credits_used", "SELECT count(*) FROM service_jobs WHERE credits_used < 0");
      expect(c, messy, "malformed_metadata",
          "SELECT count(*) FROM user_actions WHERE jsonb_typeof(metadata) IS DISTINCT FROM 'object'");
      expect(c, messy, "orphan_message", "SELECT count(*) FROM messages m"
          + " WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)");
      expect(c, messy, "orphan_user_conversation", "SELECT count(*) FROM conversations c"
          + " WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id)");
      expect(c, messy, "orphan_user_job", "SELECT count(*) FROM service_jobs j"
          + " WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = j.user_id)");
      expect(c, messy, "user_without_conversations", "SELECT count(*) FROM users u"
          + " WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.user_id = u.id)"
          + " AND EXISTS (SELECT 1 FROM service_jobs j WHERE j.user_id = u.id)");
    }
    messy.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("orphan_user_conversation_message")) {
        assertThat(e.getKey(), e.getValue().asLong(), greaterThan(0L));
      }
    });
  }

  @Test
  public void withoutMessy_noBadInputIsPlanted() throws Exception {
    TestPostgres.Loaded clean = TestPostgres.load("cohort_clean", CohortSpec.of(60, 3).withMessy(false));
    clean.truth().get("messy").fields().forEachRemaining(e -> assertThat(e.getKey(), e.getValue().asInt(), is(0)));
    try (Connection c = TestPostgres.connect(clean.url())) {
      assertThat(count(c, "SELECT count(*) FROM messages WHERE content IS NULL OR content = ''"
          + " OR role NOT IN ('user', 'assistant', 'system', 'tool') OR created_at >= '2099-01-01'"), is(0L));
      assertThat(count(c, "SELECT count(*) FROM service_jobs WHERE credits_used IS NULL OR credits_used < 0"), is(0L));
      assertThat(count(c, "SELECT count(*) FROM user_actions WHERE jsonb_typeof(metadata) <> 'object'"), is(0L));
    }
  }

  @Test
  public void givenNonEmptyTables_refusesWithoutReplace_andReplacesWithIt() throws Exception {
    String url = TestPostgres.server().createDatabase("cohort_replace");
    CohortSpec spec = CohortSpec.of(30, 5);
    try (Connection c = TestPostgres.connect(url)) {
      CohortGenerator.load(spec, c, null);
      CohortLoadException refused = assertThrows(CohortLoadException.class, () -> CohortGenerator.load(spec, c, null));
      assertThat(refused.getMessage(), containsString("--replace"));
      assertThat(count(c, "SELECT count(*) FROM users"), is(30L));

      LoadStats replaced = CohortGenerator.load(spec.withMessy(false), c, null, true);
      assertThat(count(c, "SELECT count(*) FROM messages"), is(replaced.messages()));
      // Keys and indexes are back after a load that dropped them.
      assertThat(count(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid IN"
          + " ('users'::regclass, 'conversations'::regclass, 'messages'::regclass, 'service_jobs'::regclass,"
          + " 'user_actions'::regclass)"), is(5L));
      assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE indexname = ANY (ARRAY["
          + "'messages_created_at_idx', 'messages_conversation_idx', 'conversations_user_idx',"
          + " 'service_jobs_created_at_idx', 'service_jobs_user_idx', 'user_actions_created_at_idx',"
          + " 'user_actions_user_idx'])"), is(7L));
    }
  }

  private static void expect(Connection c, JsonNode messy, String kind, String sql) throws Exception {
    assertThat(kind, count(c, sql), is(messy.get(kind).asLong()));
  }

  static long count(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
