package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;

/** {@code --from/--to}: every date idempotent, completed dates skipped via the ledger, failures isolated and reported. */
public class BackfillTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Every column, updated_at included: a re-run that skips must not touch a row. */
  private static final String ALL_ROWS =
      "SELECT user_id, analysis_date, insights::text, metrics::text, tier, llm_status, input_hash, updated_at"
          + " FROM analysis_cache ORDER BY analysis_date, user_id";
  private static final String ROWS_BUT_UPDATED_AT =
      "SELECT user_id, analysis_date, insights::text, metrics::text, tier, tier_reason, llm_status, status_reason,"
          + " input_hash FROM analysis_cache ORDER BY analysis_date, user_id";
  private String url;
  private Path out;

  @Before
  public void arrange() throws Exception {
    url = ScratchDatabases.createWithSourceSchema();
    out = tmp.newFolder("out").toPath();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(120, 11L), conn, tmp.getRoot().toPath().resolve("truth.json"));
    }
  }

  private PipelineRun backfill(String from, String to, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--jdbcUrl=" + url, "--from=" + from, "--to=" + to,
        "--outputDir=" + out));
    args.addAll(List.of(extra));
    return PipelineRun.withArgs(args.toArray(String[]::new));
  }

  private long count(String sql) throws Exception {
    return Long.parseLong(Sql.one(url, sql));
  }

  @Test
  public void aThirtyDayBackfillCompletesAndARerunDoesNoWorkAndChangesNoRow() throws Exception {
    PipelineRun first = backfill("2026-10-25", "2026-11-23");

    assertThat(first.err(), first.exitCode(), equalTo(0));
    assertThat(first.out(), containsString("backfill done: 30 dates, 30 run, 0 skipped (already completed), 0 failed"));
    assertThat(count("SELECT count(DISTINCT analysis_date) FROM analysis_runs WHERE status = 'succeeded'"), equalTo(30L));
    assertThat(count("SELECT count(*) FROM analysis_runs"), equalTo(30L));
    assertThat(count("SELECT count(DISTINCT analysis_date) FROM analysis_cache"), greaterThan(25L));
    assertThat(Files.exists(out.resolve("2026-10-25").resolve("summary.json")), equalTo(true));
    List<String> rows = Sql.rows(url, ALL_ROWS);

    PipelineRun again = backfill("2026-10-25", "2026-11-23");

    assertThat(again.err(), again.exitCode(), equalTo(0));
    assertThat(again.out(), containsString("backfill done: 30 dates, 0 run, 30 skipped (already completed), 0 failed"));
    assertThat(Sql.rows(url, ALL_ROWS), equalTo(rows));
    assertThat(count("SELECT count(*) FROM analysis_runs"), equalTo(30L));
  }

  @Test
  public void forceRunsCompletedDatesAgainAndRewritesTheSameRows() throws Exception {
    assertThat(backfill("2026-11-22", "2026-11-23").exitCode(), equalTo(0));
    List<String> rows = Sql.rows(url, ROWS_BUT_UPDATED_AT);
    String updated = Sql.one(url, "SELECT max(updated_at)::text FROM analysis_cache");

    PipelineRun forced = backfill("2026-11-22", "2026-11-23", "--force");

    assertThat(forced.err(), forced.exitCode(), equalTo(0));
    assertThat(forced.out(), containsString("2 dates, 2 run, 0 skipped"));
    assertThat(Sql.rows(url, ROWS_BUT_UPDATED_AT), equalTo(rows));
    assertThat(Sql.one(url, "SELECT max(updated_at)::text FROM analysis_cache"), not(equalTo(updated)));
    assertThat(count("SELECT count(*) FROM analysis_runs WHERE status = 'succeeded'"), equalTo(4L));
  }

  @Test
  public void aFailedDateDoesNotStopTheOthersIsReportedAndIsTheOnlyOneRetried() throws Exception {
    // The database refuses rows of one date (a full disk or a broken constraint would look the same to the run).
    ScratchDatabases.exec(url,
        "CREATE TABLE analysis_cache (user_id varchar(255), analysis_date date, insights jsonb,"
            + " PRIMARY KEY (user_id, analysis_date))",
        "CREATE FUNCTION refuse_one_date() RETURNS trigger AS $$ BEGIN"
            + " IF NEW.analysis_date = DATE '2026-11-22' THEN RAISE EXCEPTION 'disk full (test)'; END IF;"
            + " RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON analysis_cache FOR EACH ROW EXECUTE FUNCTION refuse_one_date()");

    PipelineRun run = backfill("2026-11-21", "2026-11-23");

    assertThat(run.exitCode(), equalTo(1));
    assertThat(run.out(), containsString("3 dates, 2 run, 0 skipped (already completed), 1 failed"));
    assertThat(run.out(), containsString("FAILED 2026-11-22"));
    assertThat(run.err(), containsString("error: 2026-11-22 failed:"));
    assertThat(Sql.rows(url, "SELECT analysis_date || ':' || status FROM analysis_runs ORDER BY analysis_date"),
        equalTo(List.of("2026-11-21:succeeded", "2026-11-22:failed", "2026-11-23:succeeded")));
    assertThat(count("SELECT count(*) FROM analysis_cache WHERE analysis_date = '2026-11-23'"), greaterThan(0L));

    ScratchDatabases.exec(url, "DROP TRIGGER refuse ON analysis_cache");
    PipelineRun retry = backfill("2026-11-21", "2026-11-23");

    assertThat(retry.err(), retry.exitCode(), equalTo(0));
    assertThat(retry.out(), containsString("3 dates, 1 run, 2 skipped (already completed), 0 failed"));
    assertThat(count("SELECT count(*) FROM analysis_runs WHERE analysis_date = '2026-11-22' AND status = 'succeeded'"),
        equalTo(1L));
  }

  @Test
  public void aRangeTheWrongWayRoundOrMixedWithDateIsOneClearLine() {
    PipelineRun reversed = backfill("2026-11-23", "2026-11-01");
    PipelineRun mixed = backfill("2026-11-01", "2026-11-02", "--date=2026-11-01");
    PipelineRun badDate = backfill("2026-11-01", "yesterday");

    assertThat(reversed.exitCode(), equalTo(2));
    assertThat(reversed.err(), equalTo("error: --from (2026-11-23) is after --to (2026-11-01)\n"));
    assertThat(mixed.err(), containsString("give one or the other"));
    assertThat(badDate.err(), containsString("--to must be YYYY-MM-DD, got yesterday"));
  }
}
