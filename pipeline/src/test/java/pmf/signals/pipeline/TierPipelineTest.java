package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/**
 * Tiers end to end on a generated cohort, with thresholds lowered so a few hundred users are a tier C or D day: the
 * call budget holds, every user keeps a row with metrics, the others inherit with a pointer to their segment, the same
 * seed gives the same rows, and segments keep their IDs the next day.
 */
public class TierPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static final String NEXT = "2026-11-24";
  private static final String ROWS =
      "SELECT user_id, insights::text, metrics::text, tier, tier_reason, llm_status, status_reason, segment_id,"
          + " selection, outlier, sample_weight, input_hash FROM analysis_cache WHERE analysis_date = '" + DATE
          + "' ORDER BY user_id";
  private static String template;

  @BeforeClass
  public static void cohort() throws Exception {
    template = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(CohortSpec.of(2500, 5L).withDays(20).withEndDate(java.time.LocalDate.parse(NEXT)), conn,
          Files.createTempFile("truth", ".json"));
    }
  }

  private String freshCopy() throws Exception {
    return ScratchDatabases.copyOf(template);
  }

  private PipelineRun run(String url, String date, String... extra) throws Exception {
    return PipelineRun.of(url, date, tmp.newFolder().toPath(), extra);
  }

  private static JsonNode summary(PipelineRun run) throws Exception {
    String path = run.out().lines().filter(l -> l.strip().startsWith("summary ")).findFirst().orElseThrow().strip()
        .replaceFirst("^summary\\s+", "");
    return Json.tree(Files.readString(Path.of(path)));
  }

  @Test
  public void tierDStaysWithinTheBudgetAndEveryUserKeepsARowWithMetrics() throws Exception {
    String url = freshCopy();
    PipelineRun run = run(url, DATE, "--tierThresholds=10,50,100", "--maxLlmCallsPerRun=80");

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode s = summary(run);
    long active = s.get("users_active").asLong();
    assertThat(s.get("tier").asText(), containsString("D ("));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE metrics IS NOT NULL"), equalTo(active + ""));
    assertThat(Long.parseLong(Sql.one(url,
        "SELECT count(*) FROM analysis_cache WHERE selection IN ('sample', 'outlier', 'nearest', 'census')")),
        lessThanOrEqualTo(80L));
    assertThat(s.get("users_analysed").asLong(), equalTo(80L));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE llm_status = 'inherited'"
        + " AND (segment_id IS NULL OR status_reason NOT LIKE 'segment ' || segment_id || ':%')"), equalTo("0"));
    assertThat(Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE llm_status = 'inherited'")),
        greaterThan(active / 2));
    // Every tier D estimate has an interval around it and says how it was made.
    JsonNode rate = s.get("estimates").get("rates").get("return");
    assertThat(rate.get("ci95").get(0).asDouble(), lessThanOrEqualTo(rate.get("estimate").asDouble()));
    assertThat(rate.get("ci95").get(1).asDouble(), greaterThanOrEqualTo(rate.get("estimate").asDouble()));
    assertThat(s.get("estimates").get("method").asText(), containsString("stratified"));
    assertThat(Sql.one(url, "SELECT counts -> 'estimates' ->> 'method' FROM analysis_runs"),
        containsString("stratified"));
    // Segments are stored, and only those with at least k users are named.
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE persona IS NOT NULL AND users < 5"),
        equalTo("0"));
    assertThat(Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE persona IS NOT NULL")),
        greaterThan(0L));
  }

  @Test
  public void theSameDateAndSeedGiveTheSameSampleAndRowsAndAnotherSeedAnotherSample() throws Exception {
    String url = freshCopy();
    String[] tierD = {"--tierThresholds=10,50,100", "--maxLlmCallsPerRun=60"};
    assertThat(run(url, DATE, tierD).exitCode(), equalTo(0));
    List<String> first = Sql.rows(url, ROWS);
    assertThat(run(url, DATE, tierD).exitCode(), equalTo(0));
    assertThat(Sql.rows(url, ROWS), equalTo(first));

    String sampled = "SELECT string_agg(user_id, ',' ORDER BY user_id) FROM analysis_cache WHERE selection = 'sample'";
    String before = Sql.one(url, sampled);
    assertThat(run(url, DATE, "--tierThresholds=10,50,100", "--maxLlmCallsPerRun=60", "--sampleSeed=7").exitCode(),
        equalTo(0));
    assertThat(Sql.one(url, sampled), not(equalTo(before)));
  }

  @Test
  public void tierCAnalysesASampleAndTheUsersNearestEachCentre() throws Exception {
    String url = freshCopy();
    PipelineRun run = run(url, DATE, "--tierThresholds=10,50,100000", "--samplePerSegment=6", "--nearestPerSegment=2");

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(summary(run).get("tier").asText(), containsString("C ("));
    long segments = Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_segments"));
    // Up to two per segment, from every segment that has a consenting user who is not an outlier.
    assertThat(Sql.one(url, "SELECT count(*) FROM (SELECT segment_id FROM analysis_cache WHERE selection = 'nearest'"
        + " GROUP BY 1 HAVING count(*) > 2) t"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT count(DISTINCT segment_id) FROM analysis_cache WHERE selection = 'nearest'"),
        equalTo(Sql.one(url, "SELECT count(DISTINCT segment_id) FROM analysis_cache"
            + " WHERE selection <> 'not_eligible' AND NOT outlier")));
    assertThat(Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_cache WHERE selection = 'sample'")),
        lessThanOrEqualTo(6 * segments));
  }

  @Test
  public void segmentsKeepTheirIdsTheNextDayAndSayHowTheyDrifted() throws Exception {
    String url = freshCopy();
    String[] tierB = {"--tierThresholds=10,100000,200000", "--clusters=5"};
    assertThat(run(url, DATE, tierB).exitCode(), equalTo(0));
    PipelineRun next = run(url, NEXT, tierB);

    assertThat(next.err(), next.exitCode(), equalTo(0));
    List<String> today = Sql.rows(url, "SELECT segment_id FROM analysis_segments WHERE analysis_date = '" + DATE + "'");
    long kept = Long.parseLong(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE analysis_date = '" + NEXT
        + "' AND segment_id IN (SELECT segment_id FROM analysis_segments WHERE analysis_date = '" + DATE + "')"));
    assertThat("most of " + today + " matched the next day", kept, greaterThanOrEqualTo(3L));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE analysis_date = '" + NEXT
        + "' AND drift = 'new' AND previous_users IS NOT NULL"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE analysis_date = '" + NEXT
        + "' AND drift <> 'new' AND previous_users IS NULL"), equalTo("0"));
  }
}
