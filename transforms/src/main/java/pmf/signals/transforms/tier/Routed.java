package pmf.signals.transforms.tier;

import pmf.signals.transforms.model.MeasuredActivity;

/** A measured user with the route the day's strategy chose for them. */
public record Routed(MeasuredActivity measured, Route route) {

  public String userId() {
    return measured.activity().userId();
  }
}
