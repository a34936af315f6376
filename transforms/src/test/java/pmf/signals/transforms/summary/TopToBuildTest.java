package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import org.junit.Test;

public class TopToBuildTest {
  private static Theme theme(String name, double users, double credits, double abandoned, boolean symptom) {
    return new Theme(name, List.of(name), null, users, (int) users, users / 100, users, credits, 2, abandoned, symptom);
  }

  @Test
  public void aFailureThatHoldsUsersBackOutranksAWiderOneARetryFixed() {
    Theme transient503 = new Theme("jobs fail during outages", List.of("jobs fail during outages"), null, 80, 80, 0.2, 10, 0,
        3, 30, false);
    Theme timeouts = new Theme("video renders time out", List.of("video renders time out"), null, 60, 60, 0.15, 50, 0, 3,
        30, false);

    List<TopToBuild.Pick> top = TopToBuild.rank(List.of(transient503, timeouts), 2);

    assertThat(top.stream().map(p -> p.theme().name()).toList(),
        contains("video renders time out", "jobs fail during outages"));
    assertThat(top.get(0).why(), containsString("it held back 50 of them"));
  }

  @Test
  public void aWhySaysWhatItsShareIsOfAndLeavesOutCountsOfZero() {
    Theme credits = new Theme("credits run out too fast", List.of("credits run out too fast"), null, 39, 39, 0.187,
        39, 0, 3.4, 21, false);

    String why = TopToBuild.why(credits);

    assertThat(why, equalTo("39 users (19% of consenting users) hit it, it held back 39 of them and 21 of them gave up"
        + " on a conversation after a problem"));
    assertThat(why, not(containsString("0 credits")));
  }

  @Test
  public void ranksByEvidenceAndNeverRanksASymptom() {
    List<Theme> themes = List.of(
        theme("gave up on a conversation after a problem", 90, 0, 90, true),
        theme("exports fail", 40, 100, 5, false),
        theme("video renders time out", 30, 3000, 20, false),
        theme("credits run out too fast", 50, 0, 2, false),
        theme("wrong language", 5, 0, 0, false));

    List<TopToBuild.Pick> top = TopToBuild.rank(themes, 3);

    assertThat(top.stream().map(p -> p.theme().name()).toList(),
        contains("video renders time out", "credits run out too fast", "exports fail"));
    assertThat(top.get(0).why(), containsString("3,000 credits"));
  }
}
