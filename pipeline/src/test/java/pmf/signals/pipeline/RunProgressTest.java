package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;

/** The progress line: its numbers come from the rows written so far; the ETA from their rate. */
public class RunProgressTest {
  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  @Test
  public void theLineSaysUsersCallsTokensDollarsElapsedAndEta() {
    assertThat(RunProgress.line(DATE, 1200, 1930, 840, 1_204_112, new BigDecimal("0.41"), Duration.ofSeconds(35),
            Duration.ofSeconds(150)),
        equalTo("progress 2026-11-23: 1,200/1,930 users written (62%), 840 LLM calls, 1,204,112 tokens, ~$0.4100, 35 s,"
            + " ETA 2 min 30 s"));
    assertThat(RunProgress.line(DATE, 0, 0, 0, 0, BigDecimal.ZERO, Duration.ofSeconds(10), null),
        equalTo("progress 2026-11-23: 0/0 users written (100%), 0 LLM calls, 0 tokens, ~$0.0000, 10 s, ETA unknown"));
  }

  private static final List<String> ORDER =
      List.of("ReadActivity", "CountActiveUsers", "ComputeUserMetrics", "SegmentUsers", "RouteByTier", "AnalyzeUser");

  @Test
  public void theStepsUnderWayAreThoseThatReportedWorkSinceTheLastLine() {
    assertThat(RunProgress.underWay(ORDER, Map.of("ReadActivity", 20L, "CountActiveUsers", 5L, "ComputeUserMetrics", 21L),
            Map.of("ReadActivity", 10L, "CountActiveUsers", 5L, "ComputeUserMetrics", 11L)),
        equalTo(List.of("ReadActivity", "ComputeUserMetrics")));
  }

  @Test
  public void whenNothingReportedTheFirstStepNotYetHeardFromIsUnderWay() {
    // the queries are still running: nothing has reported but the count
    assertThat(RunProgress.underWay(ORDER, Map.of("CountActiveUsers", 5L), Map.of("CountActiveUsers", 5L)),
        equalTo(List.of("ReadActivity")));
    // every user measured, and the one-worker fit of the segments (no report until it ends) is under way
    Map<String, Long> measured = Map.of("ReadActivity", 20L, "CountActiveUsers", 5L, "ComputeUserMetrics", 21L);
    assertThat(RunProgress.underWay(ORDER, measured, measured), equalTo(List.of("SegmentUsers")));
    // nothing at all yet
    assertThat(RunProgress.underWay(ORDER, Map.of(), Map.of()), equalTo(List.of("ReadActivity")));
    // the last step has reported and is quiet: it is still the one under way
    Map<String, Long> all = new java.util.HashMap<>();
    ORDER.forEach(step -> all.put(step, 9L));
    assertThat(RunProgress.underWay(ORDER, all, all), equalTo(List.of("AnalyzeUser")));
  }

  @Test
  public void theEtaIsTheRestAtTheRateRowsArrivedSinceTheFirstOnes() {
    assertThat(RunProgress.eta(40, 100, Duration.ofSeconds(20).toNanos(), 20), equalTo(Duration.ofSeconds(60)));
    assertThat(RunProgress.eta(20, 100, 0, 0), nullValue());
    assertThat(RunProgress.eta(100, 100, 0, 0), equalTo(Duration.ZERO));
  }

  @Test
  public void aTickCountsOnlyThisRunsRowsOfTheDate() throws Exception {
    String url = ScratchDatabases.create();
    Migrations.apply(new DatabaseSettings(url, null, null));
    ScratchDatabases.exec(url,
        "INSERT INTO analysis_cache (user_id, analysis_date, llm_calls, tokens_in, tokens_out, cost_usd, updated_at)"
            + " VALUES ('old', '2026-11-23', 9, 9, 9, 9, now() - interval '1 hour'),"
            + " ('other-date', '2026-11-22', 9, 9, 9, 9, now())");
    AtomicLong clock = new AtomicLong();
    Instant runStart = Instant.now().minusSeconds(60);
    try (Connection conn = DriverManager.getConnection(url)) {
      RunProgress progress = new RunProgress(conn, DATE, runStart, 5, new PrintStream(OutputStream.nullOutputStream()),
          clock::get, null);
      ScratchDatabases.exec(url, "INSERT INTO analysis_cache (user_id, analysis_date, llm_calls, tokens_in, tokens_out,"
          + " cost_usd) VALUES ('a', '2026-11-23', 1, 1000, 200, 0.01), ('b', '2026-11-23', 2, 2000, 300, 0.02)");
      clock.set(Duration.ofSeconds(10).toNanos());

      String first = progress.tick();

      ScratchDatabases.exec(url, "INSERT INTO analysis_cache (user_id, analysis_date, llm_calls, tokens_in, tokens_out,"
          + " cost_usd) VALUES ('c', '2026-11-23', 0, 0, 0, 0), ('d', '2026-11-23', 0, 0, 0, 0)");
      clock.set(Duration.ofSeconds(20).toNanos());

      String second = progress.tick();

      assertThat(first, equalTo(
          "progress 2026-11-23: 2/5 users written (40%), 3 LLM calls, 3,500 tokens, ~$0.0300, 10 s, ETA unknown"));
      assertThat(second, equalTo(
          "progress 2026-11-23: 4/5 users written (80%), 3 LLM calls, 3,500 tokens, ~$0.0300, 20 s, ETA 5 s"));
    }
  }
}
