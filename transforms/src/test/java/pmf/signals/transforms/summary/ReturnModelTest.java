package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static pmf.signals.transforms.Fixtures.behaviour;
import static pmf.signals.transforms.Fixtures.problemsOnDate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import pmf.signals.transforms.model.UserMetrics;

public class ReturnModelTest {
  private static final LocalDate FIRST = LocalDate.parse("2026-10-01");

  /** Users on {@code dates} dates; a quarter have a bad day (failed jobs), and those mostly do not come back. */
  static List<ReturnModel.Example> history(int dates, boolean olderRowsLackTheDay) {
    Random random = new Random(7);
    List<ReturnModel.Example> examples = new ArrayList<>();
    for (int d = 0; d < dates; d++) {
      for (int u = 0; u < 40; u++) {
        boolean badDay = random.nextDouble() < 0.25;
        UserMetrics m = behaviour(random.nextBoolean() ? "free" : "pro", 3 + random.nextInt(20),
            Map.of("image_generation", 1 + random.nextInt(5)), 1 + random.nextInt(10));
        boolean stored = olderRowsLackTheDay && d < dates / 2;
        m = stored ? problemsOnDate(m, null, null) : problemsOnDate(m, badDay ? 1 + random.nextInt(3) : 0, 0);
        examples.add(new ReturnModel.Example(FIRST.plusDays(d), m, random.nextDouble() < (badDay ? 0.4 : 0.9)));
      }
    }
    return examples;
  }

  @Test
  public void givenReturnsThatDependOnABadDay_theModelLearnsItAndJudgesItOnTheLatestDates() {
    ReturnModel model = ReturnModel.train(history(21, false));
    UserMetrics user = behaviour("free", 9, Map.of("image_generation", 2), 3);

    assertTrue(model.trained());
    assertEquals(FIRST.plusDays(14), model.report().holdoutFrom());
    assertEquals(7 * 40, model.report().holdoutExamples());
    assertThat(model.report().holdoutAuc(), greaterThan(0.65));
    assertThat(model.score(problemsOnDate(user, 0, 0)), greaterThan(model.score(problemsOnDate(user, 2, 0))));
  }

  @Test
  public void trainingTwiceOnTheSameHistory_givesTheSameScores() {
    UserMetrics user = problemsOnDate(behaviour("pro", 5, Map.of("upscale", 1), 2), 1, 1);

    assertEquals(ReturnModel.train(history(21, false)).score(user), ReturnModel.train(history(21, false)).score(user),
        0.0);
  }

  @Test
  public void givenOlderRowsWithoutProblemsOnTheDate_stillTrainsAndScoresThem() {
    ReturnModel model = ReturnModel.train(history(21, true));
    Double stored = model.score(problemsOnDate(behaviour("free", 9, Map.of("image_generation", 2), 3), null, null));

    assertTrue(model.trained());
    assertTrue(Double.isFinite(model.report().holdoutAuc()));
    assertTrue(stored > 0 && stored < 1);
  }

  @Test
  public void givenTooFewLabelledDates_scoresNobodyAndSaysWhy() {
    ReturnModel model = ReturnModel.train(history(13, false));

    assertFalse(model.trained());
    assertTrue(model.report().status().startsWith("not enough history: 13 labelled dates"));
    assertNull(model.score(behaviour("free", 3, Map.of(), 1)));
  }
}
