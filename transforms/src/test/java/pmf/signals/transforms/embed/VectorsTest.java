package pmf.signals.transforms.embed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;

public class VectorsTest {
  @Test
  public void aUnitVectorHasLengthOneAndItsDirection() {
    float[] u = Vectors.unit(new float[] {3, 4});

    assertThat(Vectors.dot(u, u), closeTo(1, 1e-6));
    assertThat((double) u[0], closeTo(0.6, 1e-6));
    assertThat(Vectors.unit(new float[] {0, 0}), equalTo(new float[] {0, 0})); // zero stays zero
  }

  @Test
  public void aDotProductRunsOverTheDimensionsBothHave() {
    assertThat(Vectors.dot(new float[] {1, 2, 3}, new float[] {4, 5}), closeTo(14, 0));
  }
}
