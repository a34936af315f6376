package pmf.signals.transforms.discover;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ClassTfIdfTest {
  static Utterance line(String user, String... terms) {
    return new Utterance(user, 1.0, String.join(" ", terms), List.of(terms), false, null, Boolean.FALSE, false, 0,
        true, null, false);
  }

  /** {@code users} users each writing the same terms once. */
  static List<Utterance> written(int users, String prefix, String... terms) {
    List<Utterance> out = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      out.add(line(prefix + i, terms));
    }
    return out;
  }

  @Test
  public void aTermOneClusterUsesALotOutweighsATermEveryClusterUses() {
    List<Utterance> mesh = written(6, "m", "mesh", "slicer", "please");
    List<Utterance> video = written(6, "v", "video", "timeout", "please");
    List<List<ClassTfIdf.Term>> labels = ClassTfIdf.label(List.of(mesh, video), 5, 3);

    assertThat(labels.get(0).stream().map(ClassTfIdf.Term::term).toList(), contains("mesh", "slicer", "please"));
    assertThat(labels.get(0).get(0).weight() > labels.get(0).get(2).weight(), equalTo(true));
    assertThat(labels.get(1).get(0).term(), equalTo("timeout"));
  }

  @Test
  public void aTermFewerThanKUsersWroteNeverLabelsACluster() {
    List<Utterance> lines = new ArrayList<>(written(5, "u", "mesh"));
    for (int i = 0; i < 20; i++) {
      lines.add(line("talkative" + (i % 4), "zorblax")); // 20 times, but by 4 users
    }
    List<ClassTfIdf.Term> label = ClassTfIdf.label(List.of(lines), 5, 4).get(0);

    assertThat(label.stream().map(ClassTfIdf.Term::term).toList(), contains("mesh"));
    assertThat(label.get(0).users(), equalTo(5));
  }

  @Test
  public void aClusterWithoutKWritersOfAnyTermHasNoLabel() {
    assertThat(ClassTfIdf.label(List.of(written(4, "u", "mesh", "slicer")), 5, 4).get(0), empty());
    assertThat(ClassTfIdf.label(List.of(written(5, "u", "mesh", "slicer")), 5, 4).get(0), not(empty()));
  }

  @Test
  public void theWeightIsTheClassFrequencyTimesLogOfOnePlusTheAverageClassSizeOverTheTermsFrequency() {
    // 3 of a class's 10 terms, 5 times in all classes, classes of 20 terms on average: 0.3 * ln(1 + 4).
    assertThat(ClassTfIdf.weight(3, 10, 5, 20), closeTo(0.3 * Math.log(5), 1e-12));
  }
}
