package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import org.junit.Test;

public class SlackTextTest {

  @Test
  public void escapesSlackControlCharacters() {
    assertThat(SlackText.escape("a & b <!here> c > d"), equalTo("a &amp; b &lt;!here&gt; c &gt; d"));
  }

  @Test
  public void shortTextIsUnchanged() {
    assertThat(SlackText.fit("product photos", 150), equalTo("product photos"));
  }

  @Test
  public void longTextIsCutToTheLimitWithAnEllipsis() {
    String cut = SlackText.fit("x".repeat(5000), 3000);
    assertThat(cut.length(), equalTo(3000));
    assertThat(cut, endsWith("x…"));
  }

  @Test
  public void cutNeverSplitsAnEntity() {
    for (int max = 2; max < 20; max++) {
      String cut = SlackText.fit(SlackText.escape("ab & cd <> ef & gh"), max);
      assertThat(cut.length(), lessThanOrEqualTo(max));
      String beforeEllipsis = cut.substring(0, cut.length() - 1);
      assertThat("max " + max + ": " + cut, beforeEllipsis.replaceAll("&(amp|lt|gt);", "").contains("&"),
          equalTo(false));
    }
  }

  @Test
  public void cutNeverSplitsASurrogatePair() {
    String cut = SlackText.fit("ab🚀🚀🚀", 4);
    assertThat(cut, equalTo("ab…"));
  }

  @Test
  public void dataIsOneLineScrubbedAndEscaped() {
    assertThat(SlackText.data("  exports\n\n> fail &\tretry  ", 150), equalTo("exports &gt; fail &amp; retry"));
    assertThat(SlackText.data("mail jane.doe@example.com for access", 150), equalTo("mail [EMAIL_1] for access"));
    assertThat(SlackText.data(null, 150), equalTo(""));
  }
}
