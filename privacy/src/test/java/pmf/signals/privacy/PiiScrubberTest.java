package pmf.signals.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;
import static pmf.signals.privacy.ScrubAssertions.SCRUBBER;
import static pmf.signals.privacy.ScrubAssertions.scrubbed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.Test;

public class PiiScrubberTest {
  @Test
  public void nullEmptyAndCleanText_comeBackAsTheyWere() {
    Placeholders user = Placeholders.forUser();
    assertThat(SCRUBBER.scrub(null, user).text(), nullValue());
    assertThat(SCRUBBER.scrub(null, user).findings(), empty());
    assertThat(SCRUBBER.scrub("", user).text(), equalTo(""));
    assertThat(SCRUBBER.scrub("   \n\t ", user).text(), equalTo("   \n\t "));
    assertThat(SCRUBBER.scrub("make it pop", user).changed(), is(false));
    assertThat(SCRUBBER.find(null), empty());
  }

  @Test
  public void theSameValue_getsTheSamePlaceholder_acrossMessagesOfOneUser() {
    Placeholders user = Placeholders.forUser();
    assertThat(SCRUBBER.scrubText("mail Jane.Doe@Example.com", user), equalTo("mail [EMAIL_1]"));
    assertThat(SCRUBBER.scrubText("again: jane.doe@example.com or bob@example.com", user),
        equalTo("again: [EMAIL_1] or [EMAIL_2]"));
    assertThat(SCRUBBER.scrubText("call +44 20 7946 0958, i.e. 020 7946 0958", user), equalTo("call [PHONE_1], i.e. [PHONE_1]"));
    assertThat(SCRUBBER.scrubText("card 4111 1111 1111 1111 = 4111-1111-1111-1111 = 4111111111111111", user),
        equalTo("card [CARD_1] = [CARD_1] = [CARD_1]"));
    assertThat(SCRUBBER.scrubText("DE89 3704 0044 0532 0130 00 / de89370400440532013000", user),
        equalTo("[IBAN_1] / [IBAN_1]"));
    assertThat(SCRUBBER.scrubText("2001:DB8::1 and 2001:db8:0:0:0:0:0:1", user), equalTo("[IP_1] and [IP_1]"));
    assertThat(SCRUBBER.scrubText("for Zoë O'Brien and Zoe O'Brien's sister", user), equalTo("for [NAME_1] and [NAME_1]'s sister"));
    assertThat(user.distinct(PiiClass.EMAIL), equalTo(2));
    assertThat(user.distinct(PiiClass.URL), equalTo(0));
  }

  @Test
  public void numberingIsPerUser_andPerClass() {
    Placeholders first = Placeholders.forUser();
    Placeholders second = Placeholders.forUser();
    SCRUBBER.scrub("a@example.com b@example.com", first);
    assertThat(SCRUBBER.scrubText("b@example.com, +44 20 7946 0958", second), equalTo("[EMAIL_1], [PHONE_1]"));
    assertThat(SCRUBBER.scrubText("b@example.com", first), equalTo("[EMAIL_2]"));
  }

  @Test
  public void overlappingFindings_mergeIntoOneSpan_namedByTheLongest() {
    assertThat(scrubbed("https://app.example.com/invite?email=jane@example.com&token=sk_live_51HxYzAbCdEfGhIjKlMnOpQr ok"),
        equalTo("[URL_1] ok"));
    assertThat(scrubbed("ship to Victoria Road 5? no: 12 Victoria Road, Leeds LS6 1DX"),
        equalTo("ship to Victoria Road 5? no: [ADDRESS_1]"));
    assertThat(scrubbed("IBAN GB82WEST12345698765432"), equalTo("IBAN [IBAN_1]"));
    assertThat(scrubbed("card 4111 1111 1111 1111"), equalTo("card [CARD_1]"));
    assertThat(scrubbed("the event is at 189 avenue Jean Jaurès, 69007 Lyon"), equalTo("the event is at [ADDRESS_1]"));
  }

  @Test
  public void findings_pointIntoTheOriginalText_inOrder() {
    String text = "I'm Priya, mail priya@example.com or call +44 20 7946 0958";
    List<Finding> findings = SCRUBBER.find(text);
    assertThat(findings.stream().map(Finding::piiClass).collect(Collectors.toList()),
        contains(PiiClass.NAME, PiiClass.EMAIL, PiiClass.PHONE));
    assertThat(text.substring(findings.get(1).start(), findings.get(1).end()), equalTo("priya@example.com"));
    assertThat(SCRUBBER.scrub(text, Placeholders.forUser()).countsByClass(),
        equalTo(Map.of(PiiClass.NAME, 1, PiiClass.EMAIL, 1, PiiClass.PHONE, 1)));
  }

  @Test
  public void scrubbedText_scrubsToItself() {
    String once = scrubbed("I'm Priya Raman, 4111 1111 1111 1111, https://x.example.com/a?b=c, sk-proj-abcDEF123456ghiJKL789012mno");
    assertThat(scrubbed(once), equalTo(once));
  }

  @Test
  public void classesCanBeNarrowed_andRegionsChosen() {
    PiiScrubber emailsOnly = PiiScrubber.standard().withClasses(EnumSet.of(PiiClass.EMAIL));
    assertThat(emailsOnly.scrubText("jo@example.com +44 20 7946 0958", Placeholders.forUser()),
        equalTo("[EMAIL_1] +44 20 7946 0958"));
    PiiScrubber usOnly = PiiScrubber.standard().withPhoneRegions(List.of("us"));
    assertThat(usOnly.scrubText("020 7946 0958 or +44 20 7946 0958", Placeholders.forUser()),
        equalTo("020 7946 0958 or [PHONE_1]"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> PiiScrubber.standard().withPhoneRegions(List.of("UK")))
        .getMessage(), equalTo("unknown phone region 'UK'; use ISO 3166 codes such as US, GB, DE"));
    assertThrows(IllegalArgumentException.class, () -> SCRUBBER.scrub("x", null));
  }

  @Test
  public void scrubberAndPlaceholders_surviveJavaSerialization() throws Exception {
    Placeholders user = Placeholders.forUser();
    SCRUBBER.scrub("a@example.com", user);
    PiiScrubber scrubber = roundTrip(SCRUBBER);
    Placeholders restored = roundTrip(user);
    assertThat(scrubber.scrubText("b@example.com a@example.com", restored), equalTo("[EMAIL_2] [EMAIL_1]"));
  }

  @Test
  public void oneScrubber_isSafeToShareBetweenThreads() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add("user" + i + "@example.com, I'm Priya, card 4111 1111 1111 1111, 10.0.0." + (i % 250)
          + ", Hauptstraße " + i + ", 10115 Berlin");
    }
    List<String> sequential = texts.stream().map(ScrubAssertions::scrubbed).collect(Collectors.toList());
    List<String> parallel = IntStream.range(0, texts.size()).parallel().mapToObj(i -> scrubbed(texts.get(i)))
        .collect(Collectors.toList());
    assertThat(parallel, equalTo(sequential));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
