package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.devtools.slack.FakeSlack;
import pmf.signals.devtools.slack.SlackAnswer;
import pmf.signals.transforms.json.Json;
import pmf.signals.slack.BlockKit;

/**
 * The daily answer end to end: SummarizeDay's row in daily_summary (idempotent), report.html and summary.md beside
 * summary.json, and the Slack digest — delivered as valid Block Kit without PII, or, when Slack fails, retried, logged
 * and never at the cost of the stored summary.
 */
public class DailySummaryPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static String template;
  private static Path truth;

  @BeforeClass
  public static void cohort() throws Exception {
    template = ScratchDatabases.createWithSourceSchema();
    truth = Files.createTempFile("truth", ".json");
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(CohortSpec.of(900, 3L).withDays(14), conn, truth);
    }
  }

  private static JsonNode stored(String url) throws Exception {
    return Json.tree(Sql.one(url, "SELECT summary::text FROM daily_summary WHERE analysis_date = '" + DATE + "'"));
  }

  @Test
  public void theDayIsSummarisedStoredAndWrittenAsAReportAndARerunRewritesTheSameSummary() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    Path out = tmp.newFolder("out").toPath();
    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode s = stored(url);
    assertThat(s.get("users").get("active").asLong(), greaterThan(0L));
    assertThat(s.get("tier").get("name").asText(), equalTo("B"));
    assertThat(s.get("themes").get("frictions").size(), greaterThan(0));
    assertThat(s.get("top_to_build").size(), lessThanOrEqualTo(3));
    assertThat(s.get("top_to_build").get(0).get("evidence").get("users").asLong(), greaterThan(0L));
    assertThat(s.get("top_to_build").get(0).get("evidence").has("held_back"), equalTo(true));
    // The offline rules name every friction's cause, so the ranked themes say what kind of problem they are.
    assertThat(s.get("themes").get("frictions").findValuesAsText("cause").isEmpty(), equalTo(false));
    for (JsonNode theme : s.get("themes").get("frictions")) {
      assertThat(theme.get("analysed_users").asInt() >= 5, equalTo(true)); // k
    }
    assertThat(s.get("value").get("return_d7").get("note").asText(), containsString("first seen"));
    String html = Files.readString(out.resolve(DATE).resolve("report.html"));
    assertThat(html, containsString("Top 3 things to build"));
    assertThat(html, containsString(s.get("top_to_build").get(0).get("theme").asText().substring(0, 10)));
    String md = Files.readString(out.resolve(DATE).resolve("summary.md"));
    assertThat(md, containsString("Top 3"));
    // Each fact once, with its base (issue 17, part 5): the tier named once, a job rate of jobs, no count of zero.
    assertThat(s.get("tier").get("reason").asText(),
        startsWith(s.get("users").get("active").asText() + " active users"));
    assertThat(md, containsString("Tier B: " + s.get("tier").get("reason").asText() + ".\n"));
    assertThat(md, containsString(" finished jobs |"));
    assertThat(md, containsString(" users who ran a job |"));
    assertThat(md, not(containsString(" 0 credits")));
    assertThat(md.split("The return model is not trained yet", -1).length - 1, equalTo(1));

    PipelineRun again = PipelineRun.of(url, DATE, tmp.newFolder("again").toPath());
    assertThat(again.err(), again.exitCode(), equalTo(0));
    assertThat(Sql.one(url, "SELECT count(*) FROM daily_summary"), equalTo("1"));
    JsonNode rerun = stored(url);
    ((com.fasterxml.jackson.databind.node.ObjectNode) rerun.get("tier")).remove("reason");
    ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("tier")).remove("reason");
    assertThat(rerun.get("themes"), equalTo(s.get("themes")));
    assertThat(rerun.get("top_to_build"), equalTo(s.get("top_to_build")));
  }

  @Test
  public void theSlackDigestIsValidBlockKitWithoutPersonalData() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    try (FakeSlack slack = FakeSlack.start()) {
      PipelineRun run = PipelineRun.of(url, DATE, tmp.newFolder("out").toPath(),
          "--slackWebhookUrl=" + slack.webhookUrl());

      assertThat(run.err(), run.exitCode(), equalTo(0));
      assertThat(slack.requestCount(), equalTo(1));
      JsonNode payload = slack.postedPayloads().get(0);
      assertThat(BlockKit.validate((com.fasterxml.jackson.databind.node.ObjectNode) payload), empty());
      String text = Json.write(payload);
      List<String> planted = new ArrayList<>();
      for (JsonNode pii : Json.tree(Files.readString(truth)).get("pii")) {
        planted.add(pii.get("value").asText());
      }
      assertThat(planted.size(), greaterThan(10));
      for (String value : planted) {
        assertThat("planted " + value, text.contains(value), equalTo(false));
      }
      assertThat(text, not(containsString("user_")));
    }
  }

  @Test
  public void aSlackOutageIsRetriedLoggedAndTheSummaryIsStillStored() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    try (FakeSlack slack = FakeSlack.start()) {
      slack.answerAlways(SlackAnswer.SERVER_ERROR);
      PipelineRun run = PipelineRun.of(url, DATE, tmp.newFolder("out").toPath(),
          "--slackWebhookUrl=" + slack.webhookUrl(), "--slackMaxAttempts=2");

      assertThat(run.err(), run.exitCode(), equalTo(0));
      assertThat(slack.requestCount(), equalTo(2));
      assertThat(run.err(), containsString("the Slack digest was not delivered"));
      assertThat(run.err(), not(containsString(slack.token())));
      assertThat(stored(url).get("users").get("active").asLong(), greaterThan(0L));
    }
  }
}
