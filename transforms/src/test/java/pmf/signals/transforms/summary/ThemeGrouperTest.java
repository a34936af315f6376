package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

public class ThemeGrouperTest {
  private static DayTally.LabelStat heldBy(String... users) {
    DayTally.LabelStat s = new DayTally.LabelStat();
    for (String u : users) {
      s.users.put(u, 1.0);
    }
    return s;
  }

  @Test
  public void phrasesThatMeanTheSameAreOneThemeWithEachUserCountedOnce() {
    Map<String, DayTally.LabelStat> labels = new TreeMap<>();
    labels.put("video generation keeps timing out", heldBy("a", "b", "c", "d"));
    labels.put("video renders time out", heldBy("d", "e", "f", "n"));
    labels.put("credits run out too fast", heldBy("g", "h", "i", "j", "k"));
    labels.put("i ran out of credits very quickly", heldBy("k", "l"));
    labels.put("replies in the wrong language", heldBy("m"));

    List<Theme> themes = ThemeGrouper.group(labels, LabelEmbedder.miniLm(), 20, 5);

    assertThat(themes, hasSize(2));
    assertThat(themes.get(0).name(), equalTo("video generation keeps timing out"));
    assertThat(themes.get(0).labels(), containsInAnyOrder("video generation keeps timing out", "video renders time out"));
    assertThat(themes.get(0).analysed(), equalTo(7)); // d said both
    assertThat(themes.get(1).labels(), containsInAnyOrder("credits run out too fast", "i ran out of credits very quickly"));
    assertThat(themes.get(1).share(), equalTo(6 / 20.0));
  }

  @Test
  public void wordOverlapGroupsLabelsThatShareWordsWhenTheModelCannotLoad() {
    Map<String, DayTally.LabelStat> labels = new TreeMap<>();
    labels.put("video generation jobs fail: timeout", heldBy("a", "b", "c"));
    labels.put("video generation jobs fail: timeout again", heldBy("d", "e"));
    labels.put("credits run out too fast", heldBy("f", "g", "h", "i", "j"));
    LabelEmbedder words = new LabelEmbedder() {
      @Override
      public float[] embed(String label) {
        return LabelEmbedder.MiniLm.words(label);
      }

      @Override
      public String name() {
        return "word overlap";
      }
    };

    List<Theme> themes = ThemeGrouper.group(labels, words, 10, 5);

    assertThat(themes, hasSize(2));
    assertThat(themes.get(1).name(), equalTo("video generation jobs fail: timeout"));
    assertThat(themes.get(1).labels(), hasSize(2));
  }
}
