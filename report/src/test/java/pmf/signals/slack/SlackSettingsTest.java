package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import org.junit.Test;

/** The webhook URL is a secret: checked without being echoed, shown as its host only. */
public class SlackSettingsTest {

  private static final String TOKEN = "xq7Lr2VbN9sK4mPzT1wYc8Ud";
  private static final String URL = "https://hooks.slack.com/services/T024BE7LD/B08ABCDEF12/" + TOKEN;

  @Test
  public void toStringShowsTheHostOnly() {
    String shown = SlackSettings.of(URL).toString();
    assertThat(shown, equalTo("SlackSettings[host=hooks.slack.com, maxAttempts=5, backoffBase=PT1S, timeout=PT10S]"));
  }

  @Test
  public void redactRemovesTheUrlItsPathAndItsToken() {
    SlackSettings settings = SlackSettings.of(URL);
    assertThat(settings.redact("POST " + URL + " failed"), equalTo("POST [webhook] failed"));
    assertThat(settings.redact("no route to /services/T024BE7LD/B08ABCDEF12/" + TOKEN),
        equalTo("no route to [webhook]"));
    assertThat(settings.redact("token " + TOKEN + " revoked"), equalTo("token [webhook] revoked"));
    assertThat(settings.redact("connection reset"), equalTo("connection reset"));
  }

  @Test
  public void badUrlsAreRefusedWithoutEchoingThem() {
    for (String bad : new String[] {"hooks.slack.com/services/x/" + TOKEN, "ftp://hooks.slack.com/" + TOKEN,
        "https://hooks slack/" + TOKEN, "http://hooks.slack.com/services/x/" + TOKEN, ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SlackSettings.of(bad));
      assertThat(e.getMessage(), containsString("--slackWebhookUrl"));
      assertThat(e.getMessage(), not(containsString(TOKEN)));
    }
  }

  @Test
  public void plainHttpIsAllowedOnLoopbackOnly() {
    assertThat(SlackSettings.of("http://127.0.0.1:8080/services/a/b/c").host(), equalTo("127.0.0.1"));
    assertThat(SlackSettings.of("http://localhost:8080/services/a/b/c").host(), equalTo("localhost"));
    assertThrows(IllegalArgumentException.class, () -> SlackSettings.of("http://10.0.0.5/services/a/b/c"));
  }

  @Test
  public void attemptsBackoffAndTimeoutAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> SlackSettings.of(URL).withMaxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> SlackSettings.of(URL).withBackoffBase(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> SlackSettings.of(URL).withTimeout(Duration.ZERO));
  }
}
