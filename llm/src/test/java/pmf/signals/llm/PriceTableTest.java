package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class PriceTableTest {
  @Test
  public void bundledPricesCostTokens() {
    PriceTable prices = PriceTable.parse(null);
    assertThat(prices.costUsd("gemini-3.5-flash-lite", 1_000_000, 0), closeTo(0.30, 1e-12));
    assertThat(prices.costUsd("gemini-3.5-flash-lite", 4_000, 500), closeTo(0.0012 + 0.00125, 1e-12));
    assertThat(prices.costUsd("gemini-embedding-001", 1_000_000, 0), closeTo(0.15, 1e-12));
    assertThat(prices.prices("gemini-2.5-flash"), is(false)); // retired: not priced, so not runnable
    assertThat(prices.prices("gemini-3.8-flash"), is(false)); // current but unpriced in the catalogue
  }

  @Test
  public void overridesReplaceAndExtendTheTable() {
    PriceTable prices = PriceTable.parse("gemini-3.5-flash-lite=1/2, my-model=0.5/4");
    assertThat(prices.costUsd("gemini-3.5-flash-lite", 1_000_000, 1_000_000), closeTo(3.0, 1e-12));
    assertThat(prices.costUsd("my-model", 2_000_000, 0), closeTo(1.0, 1e-12));
  }

  @Test
  public void badEntriesAndUnknownModelsAreClearErrors() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("flash:0.3/2.5")).getMessage(),
        containsString("'flash:0.3/2.5'"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("m=0.3")).getMessage(),
        containsString("'m=0.3'"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("m=-1/2")).getMessage(),
        containsString("'m=-1/2'"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> PriceTable.parse("").costUsd("nope", 1, 1))
        .getMessage(), containsString("--llmPrices=nope="));
  }
}
