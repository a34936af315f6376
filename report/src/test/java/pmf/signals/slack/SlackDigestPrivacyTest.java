package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.privacy.Finding;
import pmf.signals.privacy.PiiScrubber;

/**
 * The digest copies aggregates only: personal values planted everywhere it should not look never reach the
 * payload, and the payload has nothing {@link PiiScrubber} can detect.
 */
public class SlackDigestPrivacyTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String PHONE = "+44 20 7946 0958";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String IBAN = "DE89 3704 0044 0532 0130 00";
  private static final String USER_ID = "user_00042";
  private static final String PLANTED = "Jane (" + EMAIL + ", " + PHONE + ", card " + CARD + ", IBAN " + IBAN
      + ") is " + USER_ID;
  /** Every planted value, also as the digits or text a formatter might leave of it. */
  private static final List<String> FORBIDDEN = List.of(EMAIL, "jane.doe", PHONE, "7946", CARD, "4111111111111111",
      "1111", IBAN, "DE89", "37040044", USER_ID, "00042");

  /** The example summary with {@link #PLANTED} in every field the digest must not copy. */
  private static ObjectNode plantedSummary() {
    ObjectNode s = Summaries.example();
    ((ObjectNode) s.get("tier")).put("reason", PLANTED);
    ((ObjectNode) s.get("value").get("return_d1")).put("note", PLANTED);
    ((ObjectNode) s.get("funnel").get(0)).put("step", PLANTED);
    ((ObjectNode) s.get("themes")).put("method", PLANTED);
    ((ObjectNode) s.get("themes").get("use_cases").get(0)).putArray("labels").add(PLANTED);
    ((ObjectNode) s.get("themes").get("frictions").get(0)).putArray("labels").add(PLANTED);
    ((ObjectNode) s.get("top_to_build").get(0)).put("why", PLANTED);
    ((ObjectNode) s.get("top_to_build").get(0).get("evidence")).put("example_user", USER_ID);
    ((ObjectNode) s.get("return_model")).put("method", PLANTED);
    ((ObjectNode) s.get("return_model").get("drivers").get(0)).put("feature", PLANTED);
    ((ObjectNode) s.get("personas").get(0)).put("description", PLANTED);
    ((ObjectNode) s.get("personas").get(0)).putArray("members").add(USER_ID).add(EMAIL);
    ((ObjectNode) s.get("success")).put("definition", PLANTED);
    ((ObjectNode) s.get("success").get("differences").get(0)).put("metric", PLANTED);
    ((ObjectNode) s.get("answers")).put("top_3_to_build", PLANTED).put("personas", PLANTED);
    ((ObjectNode) s.get("estimates")).put("method", PLANTED);
    ((ObjectNode) s.get("users")).putArray("ids").add(USER_ID);
    s.putArray("user_ids").add(USER_ID).add("user_00043");
    s.putObject("contacts").put(USER_ID, EMAIL).put("phone", PHONE).put("card", CARD);
    return s;
  }

  @Test
  public void givenPiiPlantedWhereTheDigestDoesNotLook_noneOfItIsCopied() {
    String wire = Json.write(SlackDigest.payload(plantedSummary(), null));
    for (String value : FORBIDDEN) {
      assertThat(wire, not(containsString(value)));
    }
    assertThat(wire, not(containsString("user_")));
  }

  @Test
  public void givenPiiPlantedWhereTheDigestDoesNotLook_theDigestIsOtherwiseUnchanged() {
    assertThat(SlackDigest.payload(plantedSummary(), null), equalTo(
        SlackDigest.payload(Summaries.example(), null)));
  }

  @Test
  public void payloadTextHasNothingTheScrubberDetects() {
    for (ObjectNode summary : List.of(Summaries.example(), plantedSummary(), labelsWithPii())) {
      // Without a report link: the operator's own link has a path, which the scrubber masks as URL by design.
      ObjectNode payload = SlackDigest.payload(summary, null);
      List<String> detected = new ArrayList<>();
      for (String text : Summaries.texts(payload)) {
        for (Finding f : PiiScrubber.standard().find(text)) {
          detected.add(f.piiClass() + " in: " + text);
        }
      }
      assertThat(detected, empty());
    }
  }

  /** A summary whose copied strings themselves carry personal data (an upstream leak). */
  private static ObjectNode labelsWithPii() {
    ObjectNode s = Summaries.example();
    ((ObjectNode) s.get("top_to_build").get(0)).put("theme", "exports fail, write to " + EMAIL);
    ((ObjectNode) s.get("personas").get(0)).put("name", "Callers of " + PHONE);
    ((ObjectNode) s.get("answers")).put("why_successful_users_succeed", "Those who paid with " + CARD + " or " + IBAN);
    return s;
  }

  @Test
  public void givenPiiInsideCopiedLabels_itIsScrubbedToPlaceholders() {
    String all = Summaries.allText(SlackDigest.payload(labelsWithPii(), null));
    for (String value : List.of(EMAIL, PHONE, CARD, IBAN)) {
      assertThat(all, not(containsString(value)));
    }
    assertThat(all, containsString("exports fail, write to [EMAIL_1]"));
    assertThat(all, containsString("Callers of [PHONE_1]"));
    assertThat(all, containsString("Those who paid with [CARD_1] or [IBAN_1]"));
  }
}
