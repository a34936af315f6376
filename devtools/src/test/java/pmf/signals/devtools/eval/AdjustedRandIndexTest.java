package pmf.signals.devtools.eval;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class AdjustedRandIndexTest {
  @Test
  public void identicalPartitionsScoreOneWhateverTheLabels() {
    assertEquals(1.0, AdjustedRandIndex.of(List.of("a", "a", "b", "b", "c"), List.of(7, 7, 3, 3, 9)), 1e-12);
  }

  @Test
  public void matchesAWorkedExample() {
    // truth {0,1,2},{3,4,5}; found {0,1},{2,3},{4,5}: 2 agreeing pairs, ARI = (2 - 6*3/15) / ((6+3)/2 - 6*3/15) = 0.8/3.3
    double ari = AdjustedRandIndex.of(List.of(0, 0, 0, 1, 1, 1), List.of(0, 0, 1, 1, 2, 2));
    assertEquals(0.8 / 3.3, ari, 1e-12);
  }

  @Test
  public void aPartitionUnrelatedToTheTruthScoresAboutZeroOrBelow() {
    double ari = AdjustedRandIndex.of(List.of(0, 0, 1, 1), List.of(0, 1, 0, 1));
    assertEquals(-0.5, ari, 1e-12);
  }
}
