package pmf.signals.transforms.tier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class TierTest {
  private static final List<Long> DEFAULT = Tier.parseThresholds("100,1000,10000");

  @Test
  public void choosesTheFirstTierWhoseUpperBoundHoldsTheCount() {
    assertThat(Tier.of(0, DEFAULT).name(), equalTo("A"));
    assertThat(Tier.of(100, DEFAULT).name(), equalTo("A"));
    assertThat(Tier.of(101, DEFAULT).name(), equalTo("B"));
    assertThat(Tier.of(10_000, DEFAULT).name(), equalTo("C"));
    assertThat(Tier.of(10_001, DEFAULT).name(), equalTo("D"));
    assertThat(Tier.of(10_001, DEFAULT).reason(), equalTo("10001 active users > 10000"));
  }

  @Test
  public void rejectsThresholdsThatAreNotThreeAscendingNumbers() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Tier.parseThresholds("100,50,1000")).getMessage(),
        containsString("ascending"));
    assertThrows(IllegalArgumentException.class, () -> Tier.parseThresholds("100,1000"));
  }
}
