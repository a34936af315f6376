package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;
import pmf.signals.devtools.cohort.CohortRows;

public class CohortDeterminismTest {
  private static final String[] TABLES = {"users", "conversations", "messages", "service_jobs", "user_actions"};

  @Test
  public void givenTheSameSeed_loadsIdenticalRowsAndTruth_andAnotherSeedDiffers() throws Exception {
    TestPostgres.Loaded first = TestPostgres.standard();
    TestPostgres.Loaded again = TestPostgres.load("cohort_same_seed", first.spec());
    TestPostgres.Loaded other = TestPostgres.load("cohort_other_seed", CohortSpec.of(200, 8));

    assertThat(Files.readAllBytes(again.truthFile()), equalTo(Files.readAllBytes(first.truthFile())));
    Map<String, String> firstDigests = digests(first.url());
    assertThat(digests(again.url()), equalTo(firstDigests));
    Map<String, String> otherDigests = digests(other.url());
    for (String table : TABLES) {
      assertThat(table, otherDigests.get(table), not(equalTo(firstDigests.get(table))));
    }
    assertThat(Files.readAllBytes(other.truthFile()), not(equalTo(Files.readAllBytes(first.truthFile()))));
  }

  @Test
  public void generatingWithoutADatabase_writesTheSameTruthAsLoading() throws Exception {
    TestPostgres.Loaded loaded = TestPostgres.standard();
    Path truth = TestPostgres.truthDir().resolve("generated-only.json");
    LoadStats stats = CohortGenerator.generate(loaded.spec(), new DiscardRows(), truth);
    assertThat(Files.readAllBytes(truth), equalTo(Files.readAllBytes(loaded.truthFile())));
    assertThat(stats.messages(), is(loaded.stats().messages()));
  }

  /** An order-sensitive digest of every column of every row, per table. */
  static Map<String, String> digests(String url) throws Exception {
    Map<String, String> digests = new LinkedHashMap<>();
    try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
      for (String table : TABLES) {
        try (ResultSet rs = st.executeQuery(
            "SELECT md5(string_agg(t::text, E'\\n' ORDER BY t.id)) FROM " + table + " t")) {
          rs.next();
          digests.put(table, rs.getString(1));
        }
      }
    }
    return digests;
  }

  static final class DiscardRows implements CohortRows {
    @Override
    public void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent) {}

    @Override
    public void conversation(String id, String userId, String title, long createdAt, long updatedAt) {}

    @Override
    public void message(String id, String conversationId, String role, String content, long createdAt) {}

    @Override
    public void job(String id, String userId, String conversationId, String service, String status,
        Integer creditsUsed, String error, long createdAt, Long completedAt) {}

    @Override
    public void action(UUID id, String userId, String action, String metadataJson, long createdAt) {}
  }
}
