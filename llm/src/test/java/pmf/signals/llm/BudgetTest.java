package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import org.junit.Test;

public class BudgetTest {
  @Test
  public void overshootIsBoundedByTheCallsAlreadyInFlight() {
    Budget budget = new Budget(0.03);
    int window = 8;
    double perUser = 0.01;
    int started = 0;
    int inFlight = 0;
    // A worker keeps up to `window` users in flight; when the window is full, one finishes (and is paid for) first.
    for (int user = 0; user < 100; user++) {
      if (inFlight == window) {
        budget.record(perUser);
        inFlight--;
      }
      if (budget.tryStart()) {
        started++;
        inFlight++;
      }
    }
    for (; inFlight > 0; inFlight--) {
      budget.record(perUser);
    }
    assertThat(budget.spent(), lessThanOrEqualTo(0.03 + window * perUser + 1e-9));
    assertThat(budget.refused(), equalTo((long) (100 - started)));
  }

  @Test
  public void noCapNeverRefuses() {
    Budget budget = new Budget(0);
    budget.record(1_000);
    assertThat(budget.tryStart(), equalTo(true));
  }
}
