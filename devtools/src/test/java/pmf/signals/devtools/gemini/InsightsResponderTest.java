package pmf.signals.devtools.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class InsightsResponderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A user_analysis request around {@code context}, shaped as the pipeline sends it. */
  private static JsonNode request(String context) {
    ObjectNode r = MAPPER.createObjectNode();
    r.putObject("systemInstruction").putArray("parts").addObject()
        .put("text", "You are a product analyst... assistant_errors: forgot context, wrong language, ...");
    r.putArray("contents").addObject().put("role", "user").putArray("parts").addObject()
        .put("text", "<user_data>\n" + context + "\n</user_data>");
    ObjectNode properties = r.putObject("generationConfig").putObject("responseSchema").putObject("properties");
    properties.putObject("summary");
    properties.putObject("friction_points");
    return r;
  }

  private static String context(int limitHits, String conversations) {
    return "plan: free\nactive days: 3\njobs: 4 (image_generation 2 succeeded, 2 failed)\n"
        + "job failures by category: output too large 2\n"
        + "credits used: 40 (0 on failed jobs); credits remaining: 0\n"
        + "credit limit hits: " + limitHits + "; downloads: 1; shares: 0\n" + conversations;
  }

  private static List<JsonNode> frictions(String context) {
    List<JsonNode> out = new ArrayList<>();
    try {
      MAPPER.readTree(new InsightsResponder().answer(request(context))).get("friction_points").forEach(out::add);
    } catch (java.io.IOException e) {
      throw new AssertionError("the answer is not JSON", e);
    }
    return out;
  }

  private static final String OOM_THEN_LEFT = "\n--- conversation 2026-11-20, 3 messages\n"
      + "jobs: 2 image_generation failed (output too large)\n"
      + "user: a poster at 8000 px for the shop window\nassistant: That size ran out of memory.\n"
      + "user: [EMAIL_1] says it must be print size\n";

  @Test
  public void namesFailuresFromTheConversationsJobLinesInFreeWordsWithoutTheUsersText() {
    List<JsonNode> points = frictions(context(0, OOM_THEN_LEFT));

    JsonNode memory = points.get(0);
    assertThat(memory.get("evidence").asText(), equalTo("failed_job"));
    assertThat(memory.get("severity").asInt(), equalTo(4)); // twice, and the user gave up there
    assertThat(memory.get("description").asText(), not(containsString("output too large")));
    assertThat(points.toString(), not(containsString("poster")));
    assertThat(points.toString(), not(containsString("EMAIL")));
  }

  @Test
  public void aFailureRetriedPastInSilenceIsMinorAndACauseIsGivenWhenTheSchemaAsksForOne() throws Exception {
    String retried = "\n--- conversation 2026-11-20, 4 messages\n"
        + "jobs: 1 image_generation succeeded, 1 image_generation failed (provider unavailable)\n"
        + "user: a poster for the shop window\nassistant: That failed on our side. Retry?\n"
        + "user: yes please\nassistant: Here it is.\n";
    ObjectNode request = (ObjectNode) request(context(0, retried));
    ((ObjectNode) request.at("/generationConfig/responseSchema/properties/friction_points"))
        .putObject("items").putObject("properties").putObject("cause");

    JsonNode outage = MAPPER.readTree(new InsightsResponder().answer(request)).get("friction_points").get(0);

    assertThat(outage.get("severity").asInt(), equalTo(1));
    assertThat(outage.get("cause").asText(), equalTo("service_unavailable"));
    assertThat(frictions(context(0, retried)).get(0).has("cause"), equalTo(false)); // v1's schema has no cause
  }

  @Test
  public void aComplaintHoldsBackTheFailureJustBeforeIt() throws Exception {
    String twoFailures = "\n--- conversation 2026-11-20, 5 messages\n"
        + "jobs: 1 image_generation failed (provider unavailable), 1 image_generation succeeded,"
        + " 1 video_generation failed (timeout)\n"
        + "user: a poster please\njob: image_generation failed (provider unavailable)\n"
        + "assistant: That failed on our side.\nuser: ok try again\njob: image_generation succeeded\n"
        + "assistant: Here it is.\nuser: now a clip of it\njob: video_generation failed (timeout)\n"
        + "assistant: The render timed out.\nuser: ugh, useless\n";

    Map<String, Integer> severity = new java.util.TreeMap<>();
    frictions(context(0, twoFailures)).stream().filter(p -> p.get("evidence").asText().equals("failed_job"))
        .forEach(p -> severity.put(p.get("description").asText().contains("video") ? "video" : "image",
            p.get("severity").asInt()));

    assertThat(severity.get("video"), equalTo(3));
    assertThat(severity.get("image"), equalTo(1));
  }

  @Test
  public void aConversationEndingOnTheUsersTurnAfterAFailureIsAbandonment() {
    List<String> evidence = frictions(context(0, OOM_THEN_LEFT)).stream().map(p -> p.get("evidence").asText()).toList();
    String answered = OOM_THEN_LEFT + "assistant: Try 4096 px and the upscaler.\n";
    List<String> evidenceAnswered = frictions(context(0, answered)).stream().map(p -> p.get("evidence").asText()).toList();

    assertThat(evidence, hasItem("abandonment"));
    assertThat(evidenceAnswered, not(hasItem("abandonment")));
  }

  @Test
  public void creditLimitHitsAreAFrictionAComplaintWhenTheUserSaysSo() {
    String complained = "\n--- conversation 2026-11-21, 2 messages\nassistant: You are out of credits.\n"
        + "user: seriously, the credits went in ten minutes?\n";
    String silent = "\n--- conversation 2026-11-21, 2 messages\nuser: a banner for the sale\n"
        + "assistant: You are out of credits.\n";

    assertThat(frictions(context(1, complained)).stream().map(p -> p.get("evidence").asText()).toList(),
        hasItem("complaint"));
    assertThat(frictions(context(1, silent)).stream().map(p -> p.get("evidence").asText()).toList(),
        hasItem("failed_job"));
    assertThat(frictions(context(0, silent)), equalTo(List.of()));
  }

  @Test
  public void phrasingVariesAcrossUsersForTheSameProblem() {
    Set<String> descriptions = new HashSet<>();
    for (int user = 0; user < 40; user++) {
      descriptions.add(frictions(context(0, "\n--- conversation 2026-11-2" + (user % 10) + ", 1 message\n"
          + "jobs: 1 video_generation failed (timeout)\nassistant: The render timed out (" + user + ").\n"))
          .get(0).get("description").asText());
    }

    assertThat(descriptions.size() > 1, equalTo(true));
    assertThat(descriptions.stream().allMatch(d -> d.contains("video")), equalTo(true));
  }
}
