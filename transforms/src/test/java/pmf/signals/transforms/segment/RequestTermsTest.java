package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.assistant;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.user;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import pmf.signals.transforms.model.UserActivity;

public class RequestTermsTest {
  private static UserActivity saying(String id, String... requests) {
    var messages = new pmf.signals.transforms.model.Message[requests.length + 1];
    for (int i = 0; i < requests.length; i++) {
      messages[i] = user(id + "-m" + i, "2026-11-20T10:0" + i + ":00Z", requests[i]);
    }
    messages[requests.length] = assistant(id + "-a", "2026-11-20T10:09:00Z", "Here are your logo concepts, captions");
    return activity(id, consenting("2026-11-01T00:00:00Z", "pro"), List.of(conversation(id + "-c", messages)),
        List.of(), List.of());
  }

  @Test
  public void countsTheUsersOwnWordsStemmedWithoutStopwordsNumbersOrTheAssistant() {
    Map<String, Integer> terms = RequestTerms.of(saying("u1", "Make me three logos for my bakery",
        "The logo's colours should be warm, 1080x1080, order 48213"));

    assertThat(terms, hasEntry("logo", 2)); // "logos" and "logo's": plural folded, possessive dropped
    assertThat(terms, hasEntry("bakery", 1));
    assertThat(terms, not(hasKey("the")));
    assertThat(terms, not(hasKey("1080x1080")));
    assertThat(terms, not(hasKey("48213")));
    assertThat(terms, not(hasKey("caption"))); // only the assistant said it
  }

  @Test
  public void wordsThatSayHowARequestIsPutAreNotTerms() {
    Map<String, Integer> terms = RequestTerms.of(saying("u5", "What could you explain about the difference between"
        + " mitosis and meiosis?", "Could you make it shorter"));

    assertThat(terms.keySet(), equalTo(java.util.Set.of("explain", "difference", "mitosi", "meiosi", "make",
        "shorter")));
  }

  @Test
  public void personalDataAndPlaceholdersNeverBecomeTerms() {
    Map<String, Integer> terms = RequestTerms.of(saying("u2",
        "Email the invoice to zelda.quibbleworth@example.com or call +44 20 7946 0958",
        "My card is 4111 1111 1111 1111, site https://quibbleworth-bakes.example.org/menu"));

    assertThat(terms, hasKey("invoice"));
    for (String leaked : List.of("zelda", "quibbleworth", "email_1", "phone_1", "example", "bakes", "menu", "url",
        "url_1", "card_1", "4111")) {
      assertThat(leaked, terms, not(hasKey(leaked)));
    }
  }

  @Test
  public void aUserWithoutTextHasNoTerms() {
    UserActivity silent = activity("u3", consenting("2026-11-01T00:00:00Z", "free"),
        List.of(conversation("c", user("m", "2026-11-20T10:00:00Z", null))), List.of(), List.of());

    assertThat(RequestTerms.of(silent), anEmptyMap());
  }

  @Test
  public void sameInputGivesTheSameTerms() {
    assertThat(RequestTerms.of(saying("u4", "subtitles for my lecture video", "Subtitles again please")),
        equalTo(RequestTerms.of(saying("u4", "subtitles for my lecture video", "Subtitles again please"))));
  }
}
