package pmf.signals.transforms.summary;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.timing.StageClock;

/** Puts the return model's probability on every row (null before the model has enough history). */
public final class ScoreReturn extends PTransform<PCollection<UserAnalysis>, PCollection<UserAnalysis>> {
  private final ReturnModel model;

  private ScoreReturn(ReturnModel model) {
    this.model = model;
  }

  public static ScoreReturn with(ReturnModel model) {
    return new ScoreReturn(model);
  }

  @Override
  public PCollection<UserAnalysis> expand(PCollection<UserAnalysis> rows) {
    return rows.apply("Score", ParDo.of(new ScoreFn(model))).setCoder(JsonCoder.of(UserAnalysis.class));
  }

  static final class ScoreFn extends DoFn<UserAnalysis, UserAnalysis> {
    private final ReturnModel model;
    private final StageClock clock = StageClock.system();

    ScoreFn(ReturnModel model) {
      this.model = model;
    }

    @ProcessElement
    public void processElement(@Element UserAnalysis row, OutputReceiver<UserAnalysis> out) {
      try (StageClock.Lap lap = clock.lap()) {
        out.output(model.trained() ? row.withReturnProbability(model.score(row.metrics())) : row);
      }
    }
  }
}
