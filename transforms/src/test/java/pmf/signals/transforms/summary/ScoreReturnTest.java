package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static pmf.signals.transforms.Fixtures.behaviour;
import static pmf.signals.transforms.Fixtures.problemsOnDate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;

public class ScoreReturnTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final UserMetrics USUAL = behaviour("free", 9, Map.of("image_generation", 2), 3);

  /** A user's row as the analyzer leaves it: no probability yet. */
  private static UserAnalysis row(String userId, UserMetrics metrics) {
    return new UserAnalysis(userId, metrics, null, "B", "2 active users <= 1000", 1, "census", false, 1.0, "hash",
        OfflineAnalyzer.VERSION, OfflineAnalyzer.MODEL, LlmStatus.OFFLINE, null, 0, 0, 0, 0.0, null);
  }

  private PCollection<UserAnalysis> scored(ReturnModel model, UserAnalysis... rows) {
    return p.apply(Create.of(List.of(rows)).withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(ScoreReturn.with(model));
  }

  @Test
  public void givenATrainedModel_everyRowCarriesItsUsersProbabilityAndABadDayScoresLower() {
    ReturnModel model = ReturnModel.train(ReturnModelTest.history(21, false));
    UserAnalysis calm = row("calm", problemsOnDate(USUAL, 0, 0));
    UserAnalysis badDay = row("bad-day", problemsOnDate(USUAL, 3, 0));

    PCollection<UserAnalysis> out = scored(model, calm, badDay);

    PAssert.that(out).containsInAnyOrder(
        calm.withReturnProbability(model.score(calm.metrics())),
        badDay.withReturnProbability(model.score(badDay.metrics())));
    PAssert.that(out).satisfies(rows -> {
      Map<String, Double> byUser = new HashMap<>();
      rows.forEach(r -> byUser.put(r.userId(), r.returnProbability()));
      assertThat(byUser.get("calm"), allOf(greaterThan(0.0), lessThan(1.0)));
      assertThat(byUser.get("calm"), greaterThan(byUser.get("bad-day")));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }

  @Test
  public void givenTooLittleHistory_rowsPassUnchangedWithoutAProbability() {
    ReturnModel untrained = ReturnModel.train(ReturnModelTest.history(13, false));
    UserAnalysis calm = row("calm", problemsOnDate(USUAL, 0, 0));
    UserAnalysis badDay = row("bad-day", problemsOnDate(USUAL, 3, 0));

    PCollection<UserAnalysis> out = scored(untrained, calm, badDay);

    PAssert.that(out).containsInAnyOrder(calm, badDay);
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
