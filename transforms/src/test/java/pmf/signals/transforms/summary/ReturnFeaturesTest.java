package pmf.signals.transforms.summary;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static pmf.signals.transforms.Fixtures.behaviour;
import static pmf.signals.transforms.Fixtures.problemsOnDate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.UserMetrics;

public class ReturnFeaturesTest {
  private static final UserMetrics USER = behaviour("free", 6, Map.of("image_generation", 3), 2);

  @Test
  public void failedJobsAndCreditLimitsOnTheDate_raiseTheirColumns() {
    UserMetrics calm = problemsOnDate(USER, 0, 0);
    UserMetrics badDay = problemsOnDate(USER, 3, 1);
    ReturnFeatures features = ReturnFeatures.fit(List.of(calm, badDay, problemsOnDate(USER, 1, 0)));
    int failed = features.names().indexOf("jobs_failed_on_date");
    int limit = features.names().indexOf("credit_limit_hit_on_date");

    assertTrue(features.vector(badDay)[failed] > features.vector(calm)[failed]);
    assertTrue(features.vector(badDay)[limit] > features.vector(calm)[limit]);
  }

  @Test
  public void givenARowStoredBeforeProblemsOnTheDateWereMeasured_itReadsAsTheMeanOfTheRowsThatKnow() {
    UserMetrics stored = problemsOnDate(USER, null, null);
    ReturnFeatures features =
        ReturnFeatures.fit(List.of(problemsOnDate(USER, 0, 0), problemsOnDate(USER, 2, 1), stored));
    int failed = features.names().indexOf("jobs_failed_on_date");
    int limit = features.names().indexOf("credit_limit_hit_on_date");

    assertEquals(Math.log1p(2) / 2, features.mean()[failed], 1e-12);
    assertEquals(0.5, features.mean()[limit], 1e-12);
    assertEquals(0.0, features.vector(stored)[failed], 0.0);
    assertEquals(0.0, features.vector(stored)[limit], 0.0);
    for (double x : features.vector(stored)) {
      assertTrue(Double.isFinite(x));
    }
  }

  @Test
  public void metricsStoredWithoutTheOnDateCounts_readWithNullsForThem() throws Exception {
    ObjectNode json = (ObjectNode) Json.tree(Json.write(problemsOnDate(USER, 2, 1)));
    assertTrue(json.has("jobs_failed_on_date") && json.has("credit_limit_hits_on_date"));
    json.remove(List.of("jobs_failed_on_date", "credit_limit_hits_on_date"));

    UserMetrics read = Json.read(json.toString(), UserMetrics.class);

    assertNull(read.jobsFailedOnDate());
    assertNull(read.creditLimitHitsOnDate());
    assertEquals(USER.jobs(), read.jobs());
  }
}
