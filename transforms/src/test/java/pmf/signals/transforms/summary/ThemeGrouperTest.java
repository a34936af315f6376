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

  private static DayTally.LabelStat causedBy(String cause, String... users) {
    DayTally.LabelStat s = heldBy(users);
    s.causes.put(cause, (double) users.length);
    return s;
  }

  @Test
  public void labelsWordedAlikeStayApartWhenTheirAnalysesGiveDifferentCauses() {
    Map<String, DayTally.LabelStat> labels = new TreeMap<>();
    labels.put("image jobs drop on connection errors", causedBy("connection", "a", "b", "c", "d", "e"));
    labels.put("image jobs fail with unexplained errors", causedBy("unexplained_failure", "f", "g", "h", "i", "j"));

    List<Theme> themes = ThemeGrouper.group(labels, LabelEmbedder.miniLm(), 20, 5);

    assertThat(themes, hasSize(2)); // cosine 0.81 apart: one theme by words alone
    assertThat(themes.get(0).labels(), hasSize(1));
  }

  @Test
  public void paraphrasesOfOneCauseJoinBelowTheWordingThreshold() {
    Map<String, DayTally.LabelStat> labels = new TreeMap<>();
    labels.put("ran out of credits mid-task", causedBy("credits_or_pricing", "a", "b", "c", "d"));
    labels.put("credits deplete too quickly", causedBy("credits_or_pricing", "e", "f", "g"));
    labels.put("free credits do not last long", causedBy("credits_or_pricing", "h", "i"));
    labels.put("assistant replies in the wrong language", causedBy("assistant_misunderstood", "j", "k", "l", "m", "n"));
    labels.put("assistant forgets earlier instructions", causedBy("assistant_misunderstood", "o", "p", "q", "r", "s"));

    List<Theme> themes = ThemeGrouper.group(labels, LabelEmbedder.miniLm(), 20, 5);

    // cosine 0.63-0.68 between the credit phrasings; 0.46 between the two assistant problems
    assertThat(themes, hasSize(3));
    assertThat(themes.get(0).labels(), containsInAnyOrder("ran out of credits mid-task", "credits deplete too quickly",
        "free credits do not last long"));
    assertThat(themes.get(0).analysed(), equalTo(9));
  }

  @Test
  public void aThemeSplitByTheOrderLabelsCameInIsJoinedAfterwards() {
    Map<String, DayTally.LabelStat> labels = new TreeMap<>();
    labels.put("high-resolution outputs run out of memory", causedBy("size_or_memory_limit", "a", "b", "c", "d", "e"));
    labels.put("cannot generate print-size images", causedBy("size_or_memory_limit", "f", "g", "h", "i"));
    labels.put("big outputs crash with out-of-memory errors", causedBy("size_or_memory_limit", "j", "k", "l"));
    labels.put("large image sizes fail", causedBy("size_or_memory_limit", "m", "n"));

    List<Theme> themes = ThemeGrouper.group(labels, LabelEmbedder.miniLm(), 20, 2);

    // "print-size" is 0.42 from the first label, so it starts a theme; the two themes' centres are then alike
    assertThat(themes, hasSize(1));
    assertThat(themes.get(0).name(), equalTo("high-resolution outputs run out of memory"));
    assertThat(themes.get(0).cause(), equalTo("size_or_memory_limit"));
    assertThat(themes.get(0).analysed(), equalTo(14));
  }

  @Test
  public void theCauseMostHoldersGaveIsTheLabels() {
    DayTally.LabelStat s = heldBy("a", "b", "c");
    s.causes.put("slow_or_timeout", 2.0);
    s.causes.put("service_unavailable", 1.0);

    assertThat(s.cause(), equalTo("slow_or_timeout"));
    assertThat(heldBy("a").cause(), equalTo(null));
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
