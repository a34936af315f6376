package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import java.util.SplittableRandom;
import org.junit.Test;

public class TextlessPlacementTest {
  /**
   * Two segments told apart by column 0 (narrow) whose centres also differ in column 1, which varies widely inside
   * each: column 1 outvotes column 0 in a Euclidean distance, and the classifier learns to trust column 0.
   */
  private static double[][] users(int n, SplittableRandom random, int[] segment) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      segment[i] = i % 2;
      double side = segment[i] == 0 ? -1 : 1;
      // the last column stands in for a term column: a textless user has no value there
      x[i] = new double[] {side + 0.2 * gaussian(random), side + 3 * gaussian(random), Double.NaN};
    }
    return x;
  }

  @Test
  public void placesByTheBehaviourThatTellsSegmentsApartNotByEveryColumnAlike() {
    SplittableRandom random = new SplittableRandom(11);
    int[] trainSegment = new int[600];
    double[][] train = users(600, random, trainSegment);
    for (double[] x : train) {
      x[2] = 0; // users with text have every value
    }
    TextlessPlacement placement = TextlessPlacement.learn(train, trainSegment, 2);
    int[] truth = new int[400];
    double[][] textless = users(400, random, truth);
    double[][] centres = {{-1, -1, 0}, {1, 1, 0}};

    int placedRight = 0;
    int nearestRight = 0;
    for (int i = 0; i < textless.length; i++) {
      placedRight += placement.segmentIndex(textless[i]) == truth[i] ? 1 : 0;
      double toFirst = Math.pow(textless[i][0] - centres[0][0], 2) + Math.pow(textless[i][1] - centres[0][1], 2);
      double toSecond = Math.pow(textless[i][0] - centres[1][0], 2) + Math.pow(textless[i][1] - centres[1][1], 2);
      nearestRight += (toFirst <= toSecond ? 0 : 1) == truth[i] ? 1 : 0;
    }
    assertThat(placedRight / 400.0, greaterThanOrEqualTo(0.97));
    assertThat(nearestRight / 400.0, lessThan(0.85)); // the case is one the nearest centre gets wrong
  }

  @Test
  public void theSameSampleGivesTheSamePlacements() {
    int[] segment = new int[300];
    double[][] train = users(300, new SplittableRandom(4), segment);
    for (double[] x : train) {
      x[2] = 0;
    }
    TextlessPlacement a = TextlessPlacement.learn(train, segment, 2);
    TextlessPlacement b = TextlessPlacement.learn(train, segment, 2);
    double[][] textless = users(200, new SplittableRandom(5), new int[200]);
    for (double[] x : textless) {
      assertThat(a.segmentIndex(x), equalTo(b.segmentIndex(x)));
    }
  }

  @Test
  public void withOneSegmentAmongTheUsersWithTextThereIsNothingToLearn() {
    assertThat(TextlessPlacement.learn(new double[][] {{0, 0}, {1, 1}}, new int[] {3, 3}, 2), nullValue());
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
