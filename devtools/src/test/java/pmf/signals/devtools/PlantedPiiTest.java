package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.EmailValidator;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.InetAddressValidator;
import org.apache.commons.validator.routines.UrlValidator;
import org.junit.BeforeClass;
import org.junit.Test;

public class PlantedPiiTest {
  private static List<JsonNode> pii;
  private static String url;

  @BeforeClass
  public static void loadCohort() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    url = cohort.url();
    pii = new ArrayList<>();
    cohort.truth().get("pii").forEach(pii::add);
  }

  @Test
  public void everyClassOfPii_isPlanted_inMessagesAndInTitles() {
    Set<String> classes = new TreeSet<>();
    Set<String> fields = new TreeSet<>();
    for (JsonNode p : pii) {
      classes.add(p.get("class").asText());
      fields.add(p.get("field").asText());
    }
    assertThat(classes, hasItems("email", "phone", "payment_card", "iban", "ip_address", "url", "secret",
        "street_address", "person_name"));
    assertThat(fields, hasItems("content", "title"));
  }

  @Test
  public void everyTruthValue_occursLiterallyInTheTextItNames() throws Exception {
    Map<String, String> contents = new HashMap<>();
    Map<String, String> titles = new HashMap<>();
    try (Connection c = TestPostgres.connect(url);
        PreparedStatement messages = c.prepareStatement("SELECT id, content FROM messages WHERE id = ANY (?)");
        PreparedStatement conversations = c.prepareStatement("SELECT id, title FROM conversations WHERE id = ANY (?)")) {
      messages.setArray(1, c.createArrayOf("text", pii.stream()
          .filter(p -> p.has("message_id")).map(p -> p.get("message_id").asText()).toArray()));
      try (ResultSet rs = messages.executeQuery()) {
        while (rs.next()) {
          contents.put(rs.getString(1), rs.getString(2));
        }
      }
      conversations.setArray(1, c.createArrayOf("text", pii.stream()
          .map(p -> p.get("conversation_id").asText()).toArray()));
      try (ResultSet rs = conversations.executeQuery()) {
        while (rs.next()) {
          titles.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    for (JsonNode p : pii) {
      String value = p.get("value").asText();
      String text = p.get("field").asText().equals("title")
          ? titles.get(p.get("conversation_id").asText())
          : contents.get(p.get("message_id").asText());
      assertThat(p.toString(), text, notNullValue());
      assertThat(p.toString(), text, containsString(value));
    }
  }

  @Test
  public void cardsPassLuhn_ibansPassMod97_phonesAreValidForTheirRegion() {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    CreditCardValidator cards = new CreditCardValidator();
    int checked = 0;
    for (JsonNode p : pii) {
      String value = p.get("value").asText();
      switch (p.get("class").asText()) {
        case "payment_card":
          assertThat(value, cards.isValid(value.replaceAll("[ -]", "")), is(true));
          checked++;
          break;
        case "iban":
          assertThat(value, IBANValidator.getInstance().isValid(value.replace(" ", "")), is(true));
          checked++;
          break;
        case "phone":
          String region = p.get("region").asText();
          try {
            assertThat(value + " in " + region, phones.isValidNumberForRegion(phones.parse(value, region), region), is(true));
          } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new AssertionError(value + " does not parse for " + region, e);
          }
          checked++;
          break;
        case "email":
          assertThat(value, EmailValidator.getInstance().isValid(value), is(true));
          break;
        case "ip_address":
          assertThat(value, InetAddressValidator.getInstance().isValid(value), is(true));
          break;
        case "url":
          assertThat(value, new UrlValidator().isValid(value), is(true));
          break;
        default:
          break;
      }
    }
    assertThat(checked, greaterThan(10));
  }
}
