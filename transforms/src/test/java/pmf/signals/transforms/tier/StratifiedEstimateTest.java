package pmf.signals.transforms.tier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;
import pmf.signals.transforms.tier.StratifiedEstimate.Estimate;
import pmf.signals.transforms.tier.StratifiedEstimate.Observation;

public class StratifiedEstimateTest {
  @Test
  public void aCensusIsExactWithAnIntervalOfZeroWidth() {
    List<Observation> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(new Observation(i < 30 ? "a" : "b", true, i % 4 == 0));
    }
    Estimate e = StratifiedEstimate.of(all);
    assertEquals(0.25, e.estimate(), 1e-12);
    assertEquals(0.25, e.low(), 1e-12);
    assertEquals(0.25, e.high(), 1e-12);
  }

  /** Strata with very different rates (one rare); proportional samples of 200 from 5,000; 400 draws. */
  @Test
  public void intervalsCoverTheTruthAboutNinetyFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(2026);
    double[] rates = {0.02, 0.3, 0.7};
    int[] sizes = {2500, 1500, 1000};
    boolean[][] population = new boolean[3][];
    int hits = 0;
    for (int h = 0; h < 3; h++) {
      population[h] = new boolean[sizes[h]];
      for (int i = 0; i < sizes[h]; i++) {
        population[h][i] = random.nextDouble() < rates[h];
        hits += population[h][i] ? 1 : 0;
      }
    }
    double truth = hits / 5000.0;
    int covered = 0;
    int draws = 400;
    for (int d = 0; d < draws; d++) {
      List<Observation> obs = new ArrayList<>();
      for (int h = 0; h < 3; h++) {
        int n = 200 * sizes[h] / 5000;
        boolean[] drawn = new boolean[sizes[h]];
        for (int k = 0; k < n; k++) { // n distinct users of the stratum
          int i;
          do {
            i = random.nextInt(sizes[h]);
          } while (drawn[i]);
          drawn[i] = true;
        }
        for (int i = 0; i < sizes[h]; i++) {
          obs.add(new Observation("s" + h, drawn[i], drawn[i] && population[h][i]));
        }
      }
      Estimate e = StratifiedEstimate.of(obs);
      if (e.low() <= truth && truth <= e.high()) {
        covered++;
      }
    }
    assertThat(covered / (double) draws, allOf(greaterThanOrEqualTo(0.92), lessThanOrEqualTo(0.99)));
  }

  @Test
  public void aStratumSampledAllNoStillWidensTheInterval() {
    List<Observation> obs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      obs.add(new Observation("rare", i < 20, false));
    }
    Estimate e = StratifiedEstimate.of(obs);
    assertEquals(0.0, e.estimate(), 1e-12);
    assertThat(e.high(), greaterThanOrEqualTo(0.01));
  }
}
