package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.WillingnessToPay;

public class SegmentProfileTest {
  private static Insights said(String useCase, String friction) {
    return new Insights("offline-rules", "s", List.of(useCase, useCase.toUpperCase()), "g",
        friction == null ? List.of() : List.of(new FrictionPoint(friction, 2, "failed_job", "other")), List.of("downloads"),
        new WillingnessToPay("medium", "e"), 2, List.of(), null);
  }

  @Test
  public void inheritedInsightsCarryOnlyLabelsHeldByAtLeastKDistinctUsers() {
    SegmentProfile p = SegmentProfile.empty(3);
    for (int i = 0; i < 6; i++) {
      p = p.add(said("product photos", i < 5 ? "exports fail" : "one person's rare complaint"));
    }
    Insights inherited = p.inherited(5);

    assertThat(inherited.useCases(), equalTo(List.of("product photos"))); // counted once per user, lower-cased
    assertThat(inherited.frictionPoints().stream().map(FrictionPoint::description).toList(),
        equalTo(List.of("exports fail")));
    assertThat(inherited.source(), equalTo("segment-3"));
    assertThat(inherited.willingnessToPay().signal(), equalTo("medium"));
  }

  @Test
  public void aSegmentWithFewerThanKAnalysedUsersPassesNothingOn() {
    SegmentProfile p = SegmentProfile.empty(1);
    for (int i = 0; i < 4; i++) {
      p = p.add(said("logos", null));
    }
    assertThat(p.inherited(5), nullValue());
  }

  @Test
  public void mergingPartsCountsTheSameAsOneWhole() {
    SegmentProfile whole = SegmentProfile.empty(2);
    SegmentProfile left = SegmentProfile.empty(2);
    SegmentProfile right = SegmentProfile.empty(2);
    for (int i = 0; i < 10; i++) {
      Insights s = said(i % 2 == 0 ? "logos" : "ads", "slow");
      whole = whole.add(s);
      if (i < 4) {
        left = left.add(s);
      } else {
        right = right.add(s);
      }
    }
    SegmentProfile merged = left.merge(right);
    assertThat(merged.useCases(), equalTo(whole.useCases()));
    assertThat(merged.frictions(), equalTo(whole.frictions()));
    assertThat(merged.analysed(), equalTo(10));
  }
}
