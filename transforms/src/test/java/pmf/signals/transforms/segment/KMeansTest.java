package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertArrayEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

public class KMeansTest {
  /** {@code perBlob} points around each of {@code centres}, spread {@code noise} each way. */
  private static double[][] blobs(double[][] centres, int perBlob, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] points = new double[centres.length * perBlob][];
    for (int i = 0; i < points.length; i++) {
      double[] c = centres[i % centres.length];
      points[i] = new double[c.length];
      for (int j = 0; j < c.length; j++) {
        points[i][j] = c[j] + random.nextGaussian() * noise;
      }
    }
    return points;
  }

  private static final double[][] THREE = {{0, 0, 0}, {10, 0, 0}, {0, 10, 5}};

  @Test
  public void findsSeparateGroups_eachPointWithItsOwn_andTheSameSeedGivesTheSameCentres() {
    double[][] points = blobs(THREE, 50, 0.5, 1);
    KMeans.Fit fit = KMeans.best(points, 3, 42, 3);

    for (int b = 0; b < 3; b++) {
      Set<Integer> labels = new HashSet<>();
      for (int i = b; i < points.length; i += 3) {
        labels.add(fit.labels()[i]);
      }
      assertThat("blob " + b, labels.size(), equalTo(1));
    }
    assertThat(new HashSet<>(java.util.Arrays.stream(fit.labels()).boxed().toList()).size(), equalTo(3));
    KMeans.Fit again = KMeans.best(points, 3, 42, 3);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(fit.centres()[c], again.centres()[c], 0.0);
    }
  }

  @Test
  public void theSpreadIsTheSumOfSquaredDistancesToEachPointsCentre() {
    double[][] points = blobs(THREE, 20, 1.0, 2);
    KMeans.Fit fit = KMeans.fit(points, 3, 7);
    double spread = 0;
    for (int i = 0; i < points.length; i++) {
      assertThat(fit.labels()[i], equalTo(KMeans.nearest(points[i], fit.centres())));
      spread += KMeans.squared(points[i], fit.centres()[fit.labels()[i]]);
    }
    assertThat(Math.abs(spread - fit.spread()), lessThan(1e-9));
  }

  @Test
  public void simplifiedSilhouetteRanksTheTrueNumberOfGroupsAboveFewerOrMore() {
    double[][] points = blobs(THREE, 60, 0.8, 3);
    double two = Silhouette.simplified(points, KMeans.best(points, 2, 42, 3).centres());
    double three = Silhouette.simplified(points, KMeans.best(points, 3, 42, 3).centres());
    double five = Silhouette.simplified(points, KMeans.best(points, 5, 42, 3).centres());
    assertThat(three, greaterThan(two));
    assertThat(three, greaterThan(five));
    assertThat(three, greaterThan(0.8));
  }

  @Test
  public void refusesAKItCannotFit() {
    double[][] points = blobs(THREE, 1, 0.1, 4);
    assertThat(org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> KMeans.fit(points, 4, 1))
        .getMessage(), org.hamcrest.Matchers.containsString("1 <= k <= points"));
  }
}
