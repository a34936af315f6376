package pmf.signals.transforms.read;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class SourceQueriesTest {

  @Test
  public void bundledQueries_haveEveryRequiredBlockWithReferencesInlined() throws Exception {
    SourceQueries queries = SourceQueries.load(null);

    for (String block : SourceQueries.REQUIRED) {
      assertThat(queries.sql(block), not(containsString("${")));
    }
    assertThat(queries.sql("users"), containsString("FROM service_jobs j"));
  }

  @Test
  public void givenMissingBlock_errorNamesIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SourceQueries.parse("-- name: users\nSELECT 1", "q.sql"));

    assertThat(e.getMessage(), containsString("q.sql: missing query block '-- name: active_users'"));
  }

  @Test
  public void givenUnknownReference_errorNamesIt() {
    String text = String.join("\n",
        "-- name: active_users", "SELECT 1", "-- name: active_user_count", "SELECT 1",
        "-- name: users", "WITH a AS (${nope}) SELECT 1",
        "-- name: conversations", "SELECT 1", "-- name: jobs", "SELECT 1",
        "-- name: actions", "SELECT 1", "-- name: activity", "SELECT 1", "-- name: source_quality", "SELECT 1");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SourceQueries.parse(text, "q.sql"));

    assertThat(e.getMessage(), containsString("unknown query reference ${nope}"));
  }
}
