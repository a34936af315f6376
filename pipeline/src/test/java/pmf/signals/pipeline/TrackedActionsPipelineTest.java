package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.track.UserActions;

/** What the product records with the track module is what the next daily run counts (docs/TRACKING.md). */
public class TrackedActionsPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static final String COUNTS = "downloads, shares, credit_limit_hits, credit_limit_hits_on_date";

  private static String counts(String url, String userId) throws Exception {
    return Sql.one(url, "SELECT metrics->>'downloads', metrics->>'shares', metrics->>'credit_limit_hits',"
        + " metrics->>'credit_limit_hits_on_date' FROM analysis_cache"
        + " WHERE user_id = '" + userId + "' AND analysis_date = '" + DATE + "'");
  }

  private static String plusOne(String counts) {
    StringBuilder out = new StringBuilder();
    for (String n : counts.split("\\|")) {
      out.append(out.length() > 0 ? "|" : "").append(Integer.parseInt(n) + 1);
    }
    return out.toString();
  }

  @Test
  public void aDownloadAShareAndACreditLimitHitRecordedOnTheDateAreCountedInItsMetrics() throws Exception {
    String url = ScratchDatabases.createWithSourceSchema();
    Path out = tmp.newFolder("out").toPath();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(60, 13L).withDays(7).withMessy(false), conn,
          tmp.getRoot().toPath().resolve("truth.json"));
    }
    // Someone who talked to the product on the date, so the date's run has a row for them before anything is recorded.
    String user = Sql.one(url, "SELECT min(c.user_id) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        + " WHERE m.created_at >= timestamptz '" + DATE + " 00:00Z'"
        + " AND m.created_at < timestamptz '" + DATE + " 00:00Z' + interval '1 day'");
    PipelineRun before = PipelineRun.of(url, DATE, out);
    assertThat(before.err(), before.exitCode(), equalTo(0));
    String counted = counts(url, user);

    // Late in the UTC day: a created_at written in any other zone would fall on the next date.
    Clock lateOnTheDate = Clock.fixed(Instant.parse(DATE + "T23:40:00Z"), ZoneOffset.UTC);
    try (UserActions actions =
        UserActions.builder(() -> DriverManager.getConnection(url)).clock(lateOnTheDate).build()) {
      actions.download(user, Map.of("job_id", "j-tracked", "format", "png"));
      actions.share(user, Map.of("channel", "linkedin", "job_id", "j-tracked"));
      actions.creditLimit(user, Map.of("credits_needed", 8, "credits_remaining", 0, "service", "image_generation"));
      actions.flush();
      assertThat(actions.written(), equalTo(3L));
    }
    PipelineRun after = PipelineRun.of(url, DATE, out);

    assertThat(after.err(), after.exitCode(), equalTo(0));
    assertThat(COUNTS + " of " + user, counts(url, user), equalTo(plusOne(counted)));
    assertThat(Sql.one(url, "SELECT metrics->'quality'->>'malformed_metadata' FROM analysis_cache"
        + " WHERE user_id = '" + user + "' AND analysis_date = '" + DATE + "'"), equalTo("0"));
  }
}
