package pmf.signals.transforms.metrics;

import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.segment.RequestTerms;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.timing.StageClock;

/**
 * Computes every user's behavioural metrics for the analysis date (pure Java, no LLM).
 *
 * <pre>{@code
 * PCollection<MeasuredActivity> measured = activity.apply("ComputeUserMetrics", ComputeUserMetrics.forDate(date, zone));
 * }</pre>
 */
public final class ComputeUserMetrics extends PTransform<PCollection<UserActivity>, PCollection<MeasuredActivity>> {
  private final LocalDate date;
  private final String zone;
  private final boolean actionsTracked;

  private ComputeUserMetrics(LocalDate date, String zone, boolean actionsTracked) {
    this.date = date;
    this.zone = zone;
    this.actionsTracked = actionsTracked;
  }

  public static ComputeUserMetrics forDate(LocalDate date, ZoneId zone) {
    return new ComputeUserMetrics(date, zone.getId(), true);
  }

  /** With false (no user_actions table yet), downloads, shares and credit-limit hits are unknown, not 0. */
  public ComputeUserMetrics withActionsTracked(boolean tracked) {
    return new ComputeUserMetrics(date, zone, tracked);
  }

  @Override
  public PCollection<MeasuredActivity> expand(PCollection<UserActivity> activity) {
    return activity
        .apply("Measure", ParDo.of(new MeasureFn(date, zone, actionsTracked)))
        .setCoder(JsonCoder.of(MeasuredActivity.class));
  }

  static final class MeasureFn extends DoFn<UserActivity, MeasuredActivity> {
    private final LocalDate date;
    private final String zone;
    private final boolean actionsTracked;
    private final StageClock clock = StageClock.system();

    MeasureFn(LocalDate date, String zone, boolean actionsTracked) {
      this.date = date;
      this.zone = zone;
      this.actionsTracked = actionsTracked;
    }

    @ProcessElement
    public void processElement(@Element UserActivity activity, OutputReceiver<MeasuredActivity> out) {
      try (StageClock.Lap lap = clock.lap()) {
        // Request terms are read here, where the user's messages already are, so segments never re-read text.
        out.output(new MeasuredActivity(activity, UserMetricsCalculator.compute(activity, date, ZoneId.of(zone),
            actionsTracked),
            RequestTerms.of(activity)));
      }
    }
  }
}
