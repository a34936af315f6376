package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.DayRollupResponder;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.InsightsResponder;
import pmf.signals.devtools.gemini.RecordedRequest;
import pmf.signals.devtools.gemini.Responder;
import pmf.signals.transforms.json.Json;

/**
 * Segment personas and the day's answers with {@code --llm=gemini}, end to end against the fake Gemini through the real
 * google-genai client: each segment of at least k users with k analysed is named by the model from aggregates only, and
 * the day's answers are one roll-up call over the summary's aggregates, in the same call cap and spend as the users; a
 * segment under k costs no call; an unusable answer leaves the rules' persona and the template answers.
 */
public class PersonaPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static final int CAP = 90;
  private static final Pattern SEGMENT_LINE = Pattern.compile("(?m)^segment (\\d+): ");
  private static String template;
  private static Path truth;
  private static final List<String> planted = new ArrayList<>();
  private FakeGemini fake;

  @BeforeClass
  public static void cohort() throws Exception {
    template = ScratchDatabases.createWithSourceSchema();
    truth = Files.createTempFile("truth", ".json");
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(CohortSpec.of(600, 7L).withMessy(false), conn, truth);
      // Distinctive words in consenting users' latest conversations on the date: the users' prompts carry them.
      List<String> conversations = Sql.rows(template, "SELECT DISTINCT ON (c.user_id) c.id FROM conversations c"
          + " JOIN users u ON u.id = c.user_id WHERE u.analytics_consent AND c.created_at < '" + DATE + "T12:00:00Z'"
          + " ORDER BY c.user_id, c.created_at DESC LIMIT 20");
      try (PreparedStatement insert = conn.prepareStatement("INSERT INTO messages (id, conversation_id, role, content,"
          + " created_at) VALUES (?, ?, 'user', ?, '" + DATE + "T11:00:00Z')")) {
        for (String conversation : conversations) {
          String marker = "zebrafinch" + planted.size() + "quokka";
          planted.add(marker);
          insert.setString(1, "planted-" + marker);
          insert.setString(2, conversation);
          insert.setString(3, "please make the " + marker + " banner brighter");
          insert.executeUpdate();
        }
      }
    }
  }

  @After
  public void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  private PipelineRun run(String url, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--llm=gemini", "--geminiBaseUrl=" + fake.baseUrl()));
    args.addAll(List.of(extra));
    return PipelineRun.of(url, DATE, tmp.newFolder().toPath(), args.toArray(String[]::new));
  }

  private static Behaviour.Builder fakeWith(Responder responder) {
    return Behaviour.builder().apiKey(GeminiPipelineTest.KEY).latency(Duration.ZERO).responder(responder);
  }

  private List<RecordedRequest> personaCalls() {
    return fake.requests().stream().filter(r -> InsightsResponder.asksForPersona(r.body())).toList();
  }

  private static String segmentOf(RecordedRequest personaCall) {
    Matcher m = SEGMENT_LINE.matcher(FakeGemini.promptText(personaCall.body()));
    return m.find() ? m.group(1) : "?";
  }

  @Test
  public void personasAreTheModelsFromAggregatesOnlyWithinTheCallCapAndNoneUnderK() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    fake = FakeGemini.start(fakeWith(new InsightsResponder()).build());

    // Twelve segments from CAP analysed users: some have fewer than k analysed, so the under-k rule is exercised
    // whatever number of segments the silhouette would choose for this cohort.
    PipelineRun run = run(url, "--maxLlmCallsPerRun=" + CAP, "--clusters=12");

    assertThat(run.err(), run.exitCode(), equalTo(0));
    // Segments of k users with k analysed are named by the model, one call each, and say so.
    List<String> named = Sql.rows(url, "SELECT segment_id FROM analysis_segments WHERE users >= 5 AND analysed >= 5"
        + " ORDER BY 1");
    assertThat(named.size(), greaterThan(1));
    for (String source : Sql.rows(url, "SELECT persona ->> 'source' FROM analysis_segments WHERE persona IS NOT NULL")) {
      assertThat(source, matchesPattern("gemini:gemini-3\\.5-flash-lite segment_persona\\.v1#[0-9a-f]{12}"));
    }
    assertThat(Sql.rows(url, "SELECT segment_id FROM analysis_segments WHERE persona IS NOT NULL AND llm_calls = 1"
        + " ORDER BY 1"), equalTo(named));
    assertThat(personaCalls().stream().map(PersonaPipelineTest::segmentOf).sorted().toList(),
        equalTo(named.stream().sorted().toList()));
    // A segment under k has no persona and cost no call.
    List<String> underK = Sql.rows(url, "SELECT segment_id FROM analysis_segments WHERE users < 5 OR analysed < 5");
    assertThat(underK.size(), greaterThan(0));
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE (users < 5 OR analysed < 5)"
        + " AND (persona IS NOT NULL OR llm_calls > 0)"), equalTo("0"));
    // Users and personas together stay within the cap, and the run's spend counts both.
    assertThat(fake.requestCount(), lessThanOrEqualTo(CAP));
    JsonNode llm = summary(run).get("llm");
    // The themes' embedding calls are counted in the same spend.
    int embeddings = fake.embeddingRequests().size();
    assertThat(embeddings, greaterThan(0));
    assertThat(llm.get("embedding_calls").asInt(), equalTo(embeddings));
    assertThat(llm.get("calls").asInt(), equalTo(fake.requestCount() + embeddings));
    assertThat(llm.get("persona_calls").asInt(), equalTo(named.size()));
    assertThat(Sql.one(url, "SELECT llm_calls FROM analysis_runs"),
        equalTo(String.valueOf(fake.requestCount() + embeddings)));
    assertThat(Double.parseDouble(Sql.one(url, "SELECT sum(cost_usd) FROM analysis_segments")), greaterThan(0.0));

    // The day's answers are the model's, from one more call within the cap, and reach the report.
    List<RecordedRequest> rollups = rollupCalls();
    assertThat(rollups.size(), equalTo(1));
    assertThat(llm.get("rollup_calls").asInt(), equalTo(1));
    assertThat(Sql.one(url, "SELECT summary ->> 'answers_source' FROM daily_summary"),
        matchesPattern("gemini:gemini-3\\.5-flash-lite day_rollup\\.v1#[0-9a-f]{12}"));
    JsonNode written = Json.tree(DayRollupResponder.answer(rollups.get(0).body()));
    JsonNode stored = Json.tree(Sql.one(url, "SELECT summary -> 'answers' FROM daily_summary"));
    assertThat(stored, equalTo(written));
    assertThat(Files.readString(summaryFile(run).resolveSibling("report.html")),
        containsString(written.get("why_successful_users_succeed").asText()));

    // Themes are grouped by Gemini's embeddings of the labels (a key is set), and the method line says so.
    assertThat(Sql.one(url, "SELECT summary #>> '{themes,method}' FROM daily_summary"),
        matchesPattern("Gemini gemini-embedding-001 \\(\\d+ labels: \\d+ embedded in \\d+ calls?,"
            + " 0 kept from earlier runs\\) sentence embeddings.*"));
    assertThat(fake.embeddingRequests().size(), greaterThan(0));

    // No user's words in a persona, roll-up or embedding call: the planted phrases reached the users' calls only.
    List<RecordedRequest> aggregateCalls = new ArrayList<>(personaCalls());
    aggregateCalls.addAll(rollups);
    aggregateCalls.addAll(fake.embeddingRequests());
    String personaBodies = String.join("\n", aggregateCalls.stream().map(r -> String.valueOf(r.body())).toList());
    String userBodies = String.join("\n", fake.requests().stream().filter(r -> !InsightsResponder.asksForPersona(
        r.body()) && !DayRollupResponder.asksForRollup(r.body())).map(r -> String.valueOf(r.body())).toList());
    assertThat(planted.stream().filter(userBodies::contains).count(), greaterThan(0L));
    assertThat(planted.stream().filter(personaBodies::contains).toList(), empty());
    List<String> pii = new ArrayList<>();
    for (JsonNode item : Json.tree(Files.readString(truth)).path("pii")) {
      pii.add(item.path("value").asText());
    }
    assertThat(pii.size(), greaterThan(20));
    assertThat(pii.stream().filter(personaBodies::contains).toList(), empty());
  }

  @Test
  public void anAnswerOffTheSchemaLeavesTheRulesPersonaWithTheReasonAndTheRunSucceeds() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    InsightsResponder users = new InsightsResponder();
    fake = FakeGemini.start(fakeWith(request -> InsightsResponder.asksForPersona(request)
        || DayRollupResponder.asksForRollup(request) ? "{\"title\": \"Sellers\"}" : users.answer(request)).build());

    PipelineRun run = run(url, "--maxLlmCallsPerRun=" + CAP, "--geminiEmbeddingModel=gemini-3.5-flash-lite");

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(personaCalls().size(), greaterThan(1));
    // Not an embedding model (404): the day's labels went to all-MiniLM-L6-v2 instead, and the method says why.
    assertThat(Sql.one(url, "SELECT summary #>> '{themes,method}' FROM daily_summary"),
        matchesPattern("all-MiniLM-L6-v2 .*\\(Gemini gemini-3\\.5-flash-lite embeddings failed: .*"));
    assertThat(Sql.rows(url, "SELECT DISTINCT persona ->> 'source' FROM analysis_segments WHERE persona IS NOT NULL"),
        equalTo(List.of("offline-rules (LLM persona failed: schema)")));
    // The rules' own persona: its description opens with the segment's size.
    assertThat(Sql.one(url, "SELECT count(*) FROM analysis_segments WHERE persona IS NOT NULL"
        + " AND persona ->> 'description' NOT LIKE users || ' users (%'"), equalTo("0"));
    assertThat(Sql.one(url, "SELECT sum(llm_calls) FROM analysis_segments"), equalTo(String.valueOf(personaCalls().size())));
    // Every request counts, the refused embedding call too.
    assertThat(summary(run).get("llm").get("calls").asInt(),
        equalTo(fake.requestCount() + fake.embeddingRequests().size()));
    // So do the template answers, saying why the model's are not there.
    assertThat(rollupCalls().size(), equalTo(1));
    assertThat(Sql.one(url, "SELECT summary ->> 'answers_source' FROM daily_summary"),
        equalTo("templates (LLM roll-up failed: schema)"));
    assertThat(Sql.one(url, "SELECT summary #>> '{answers,who_will_return}' FROM daily_summary"),
        matchesPattern("The return model .*"));
  }

  @Test
  public void aCallCapWithNoRoomForUsersBesideThePersonasIsOneClearLineBeforeAnyWork() {
    PipelineRun run = PipelineRun.withEnv(Map.of("GEMINI_API_KEY", GeminiPipelineTest.KEY), "--jdbcUrl=" + template,
        "--date=" + DATE, "--llm=gemini", "--maxLlmCallsPerRun=12");

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip(), equalTo("error: --maxLlmCallsPerRun must leave room for users beside one persona"
        + " call per segment (up to 12) and the day's roll-up (1): at least 14"));
  }

  private static Path summaryFile(PipelineRun run) {
    return Path.of(run.out().lines().filter(l -> l.strip().startsWith("summary ")).findFirst().orElseThrow().strip()
        .replaceFirst("^summary\\s+", ""));
  }

  private static JsonNode summary(PipelineRun run) throws Exception {
    return Json.tree(Files.readString(summaryFile(run)));
  }

  private List<RecordedRequest> rollupCalls() {
    return fake.requests().stream().filter(r -> DayRollupResponder.asksForRollup(r.body())).toList();
  }

  @Test
  public void aReRunOfTheDateAsksNothing_personasTheDaysAnswersAndEmbeddingsAreKeptByInputHash() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    fake = FakeGemini.start(fakeWith(new InsightsResponder()).build());
    assertThat(run(url, "--maxLlmCallsPerRun=" + CAP).exitCode(), equalTo(0));
    assertThat(personaCalls().size(), greaterThan(1));
    assertThat(fake.requests().stream().filter(r -> DayRollupResponder.asksForRollup(r.body())).count(), equalTo(1L));
    int embeddingCalls = fake.embeddingRequests().size();
    assertThat(embeddingCalls, greaterThan(0));
    String personas = Sql.rows(url, "SELECT persona::text FROM analysis_segments ORDER BY segment_id").toString();
    String answers = Sql.one(url, "SELECT summary -> 'answers' FROM daily_summary");

    fake.clearRequests();
    PipelineRun rerun = run(url, "--maxLlmCallsPerRun=" + CAP);

    assertThat(rerun.err(), rerun.exitCode(), equalTo(0));
    assertThat(fake.requests(), empty()); // no user, persona or roll-up call
    assertThat(fake.embeddingRequests().size(), equalTo(embeddingCalls)); // and no embedding call
    assertThat(Sql.rows(url, "SELECT persona::text FROM analysis_segments ORDER BY segment_id").toString(),
        equalTo(personas));
    assertThat(Sql.one(url, "SELECT summary -> 'answers' FROM daily_summary"), equalTo(answers));
    assertThat(Sql.one(url, "SELECT llm_calls || ' ' || cost_usd FROM analysis_runs ORDER BY started_at DESC LIMIT 1"),
        equalTo("0 0.000000"));
  }
}
