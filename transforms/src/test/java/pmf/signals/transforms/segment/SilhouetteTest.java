package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;

import org.junit.Test;

public class SilhouetteTest {
  private static final double[][] LINE = {{0}, {1}, {10}, {11}};

  @Test
  public void twoTightGroupsFarApartScoreByHand() {
    // point 0: a = 1, b = (10 + 11) / 2; point 1: a = 1, b = (9 + 10) / 2; the others mirror them
    double expected = (2 * (10.5 - 1) / 10.5 + 2 * (9.5 - 1) / 9.5) / 4;

    assertThat(Silhouette.score(LINE, new int[] {0, 0, 1, 1}, 2), closeTo(expected, 1e-12));
  }

  @Test
  public void aPointAloneInItsClusterCountsZero() {
    // {0, 1, 10} against {11}: point 11 counts 0; point 10 sits nearer the other group than its own
    double p0 = (11 - 5.5) / 11;
    double p1 = (10 - 5) / 10.0;
    double p10 = (1 - 9.5) / 9.5; // negative: nearer the other cluster

    assertThat(Silhouette.score(LINE, new int[] {0, 0, 0, 1}, 2), closeTo((p0 + p1 + p10) / 4, 1e-12));
  }

  @Test
  public void oneSetOfDistancesScoresEveryClusteringOfThePoints() {
    double[][] distances = Silhouette.distances(LINE);

    assertThat(Silhouette.ofDistances(distances, new int[] {0, 0, 1, 1}, 2),
        closeTo(Silhouette.score(LINE, new int[] {0, 0, 1, 1}, 2), 0));
    assertThat(Silhouette.ofDistances(distances, new int[] {0, 1, 1, 1}, 2),
        closeTo(Silhouette.score(LINE, new int[] {0, 1, 1, 1}, 2), 0));
  }
}
