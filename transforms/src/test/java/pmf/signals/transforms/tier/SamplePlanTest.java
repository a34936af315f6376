package pmf.signals.transforms.tier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertNotEquals;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.behaviour;
import static pmf.signals.transforms.Fixtures.consenting;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.segment.Assignment;

public class SamplePlanTest {
  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final List<Long> THRESHOLDS = List.of(100L, 1000L, 10000L);

  /** {@code users} users over segments of very different sizes; every 10th without consent (never the whole of a segment), every 40th an outlier. */
  private static List<Placed> day(int users, long seed) {
    List<Placed> out = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String id = "u" + i;
      int segment = i % 100 < 60 ? 1 : i % 100 < 90 ? 2 : i % 100 < 99 ? 3 : 4;
      UserProfile profile = i % 10 == 3
          ? new UserProfile(true, null, "free", 0, false, null) : consenting("2026-11-01T00:00:00Z", "free");
      MeasuredActivity m = new MeasuredActivity(activity(id, profile, List.of(), List.of(), List.of()),
          behaviour("free", 1, Map.of(), 1));
      out.add(new Placed(m, new Assignment(segment, (i * 7919 % 1000) / 100.0, i % 40 == 7),
          SamplingHash.of(id, DATE, seed), profile.consented()));
    }
    return out;
  }

  private static SamplePlan plan(List<Placed> day, SamplingSettings settings) {
    Map<Integer, SegmentTally> tallies = new HashMap<>();
    for (Placed p : day) {
      tallies.computeIfAbsent(p.segmentKey(), k -> new SegmentTally(settings.maxLlmCallsPerRun(),
          settings.nearestPerSegment())).add(p);
    }
    return SamplePlan.of(Tier.of(day.size(), settings.thresholds()), new ArrayList<>(tallies.values()), settings);
  }

  private static Map<Selection, Long> selections(List<Placed> day, SamplePlan plan) {
    Map<Selection, Long> out = new EnumMap<>(Selection.class);
    day.forEach(p -> out.merge(plan.route(p).selection(), 1L, Long::sum));
    return out;
  }

  private static long analysed(Map<Selection, Long> counts) {
    return counts.entrySet().stream().filter(e -> e.getKey().analysed()).mapToLong(Map.Entry::getValue).sum();
  }

  @Test
  public void tierDStaysWithinTheCallBudgetDrawsEveryStratumAndAnalysesOutliers() {
    List<Placed> day = day(20_000, 42);
    SamplingSettings settings = new SamplingSettings(THRESHOLDS, 500, 40, 5, 0.1, 42);

    SamplePlan plan = plan(day, settings);
    Map<Selection, Long> counts = selections(day, plan);

    assertThat(plan.tier().name(), equalTo("D"));
    assertThat(analysed(counts), equalTo(500L));
    assertThat(counts.get(Selection.OUTLIER), equalTo(50L)); // 450 outliers, at most 10% of the budget
    assertThat(counts.get(Selection.NOT_ELIGIBLE), equalTo(2_000L));
    for (int segment = 1; segment <= 4; segment++) {
      int s = segment;
      long drawn = day.stream().filter(p -> p.segmentKey() == s && plan.route(p).selection() == Selection.SAMPLE).count();
      assertThat("segment " + s, drawn, greaterThanOrEqualTo(2L));
    }
    // Proportional: the largest segment (60% of users) gets about 60% of the sample.
    long first = day.stream().filter(p -> p.segmentKey() == 1 && plan.route(p).selection() == Selection.SAMPLE).count();
    assertThat(first, equalTo(Math.round(450 * 0.6)));
  }

  @Test
  public void tierCDrawsPerSegmentPlusTheUsersNearestEachCentreWithinTheBudget() {
    List<Placed> day = day(5_000, 42);
    SamplingSettings settings = new SamplingSettings(THRESHOLDS, 2000, 30, 5, 0.1, 42);

    SamplePlan plan = plan(day, settings);
    Map<Selection, Long> counts = selections(day, plan);

    assertThat(plan.tier().name(), equalTo("C"));
    assertThat(counts.get(Selection.NEAREST), equalTo(20L));
    assertThat(analysed(counts), lessThanOrEqualTo(4 * (30L + 5)));
    assertThat(analysed(counts), greaterThanOrEqualTo(4 * 30L));
    assertThat(counts.get(Selection.INHERIT) + analysed(counts) + counts.get(Selection.NOT_ELIGIBLE), equalTo(5_000L));

    SamplePlan tight = plan(day, new SamplingSettings(THRESHOLDS, 60, 30, 5, 0.1, 42));
    assertThat(analysed(selections(day, tight)), lessThanOrEqualTo(60L));
  }

  @Test
  public void tiersAAndBAnalyseEveryoneUnlessThatExceedsTheBudgetThenTheLowestHashesFirst() {
    List<Placed> day = day(900, 42);
    assertThat(selections(day, plan(day, new SamplingSettings(THRESHOLDS, 2000, 30, 5, 0.1, 42))).get(Selection.CENSUS),
        equalTo(810L));

    SamplePlan capped = plan(day, new SamplingSettings(THRESHOLDS, 300, 30, 5, 0.1, 42));
    Map<Selection, Long> counts = selections(day, capped);
    assertThat(counts.get(Selection.CENSUS), equalTo(300L));
    assertThat(counts.get(Selection.OVER_BUDGET), equalTo(510L));
    long highestAnalysed = day.stream().filter(p -> capped.route(p).selection() == Selection.CENSUS)
        .mapToLong(Placed::sampleHash).max().orElseThrow();
    long lowestSkipped = day.stream().filter(p -> capped.route(p).selection() == Selection.OVER_BUDGET)
        .mapToLong(Placed::sampleHash).min().orElseThrow();
    assertThat(highestAnalysed < lowestSkipped, equalTo(true));
  }

  @Test
  public void theSameDateAndSeedGiveTheSameSampleAndAnotherSeedAnother() {
    SamplingSettings settings = new SamplingSettings(THRESHOLDS, 400, 30, 5, 0.1, 42);
    List<Placed> day = day(12_000, 42);
    SamplePlan a = plan(day, settings);
    SamplePlan b = plan(day(12_000, 42), settings);
    SamplePlan other = plan(day(12_000, 43), settings);

    assertThat(sampled(day, a), equalTo(sampled(day(12_000, 42), b)));
    assertNotEquals(sampled(day, a), sampled(day(12_000, 43), other));
  }

  private static List<String> sampled(List<Placed> day, SamplePlan plan) {
    return day.stream().filter(p -> plan.route(p).selection().analysed()).map(Placed::userId)
        .sorted().collect(Collectors.toList());
  }

  @Test
  public void weightsOfTheDrawnUsersAddUpToTheConsentingPopulation() {
    List<Placed> day = day(20_000, 42);
    SamplePlan plan = plan(day, new SamplingSettings(THRESHOLDS, 500, 40, 5, 0.1, 42));

    double total = day.stream().mapToDouble(p -> plan.route(p).weight()).sum();

    assertThat(Math.round(total), equalTo(18_000L));
  }

  @Test
  public void withAnLlmEachSegmentsPersonaCallComesOutOfTheCallBudget() {
    List<Placed> tierD = day(20_000, 42);
    SamplePlan d = plan(tierD, new SamplingSettings(THRESHOLDS, 500, 40, 5, 0.1, 42, 12, 0));
    assertThat(analysed(selections(tierD, d)), equalTo(500L - 4)); // 4 segments, one persona call each
    assertThat(d.strategy(), containsString("within --maxLlmCallsPerRun=500 less 4 persona calls"));

    List<Placed> tierB = day(900, 42);
    SamplePlan b = plan(tierB, new SamplingSettings(THRESHOLDS, 300, 30, 5, 0.1, 42, 12, 0));
    assertThat(selections(tierB, b).get(Selection.CENSUS), equalTo(296L));
  }

  @Test
  public void aDayWithoutSegmentsReservesNoPersonaCalls() {
    List<Placed> unsegmented = new ArrayList<>();
    for (Placed p : day(90, 42)) {
      unsegmented.add(new Placed(p.measured(), null, p.sampleHash(), p.eligible()));
    }
    SamplePlan a = plan(unsegmented, new SamplingSettings(THRESHOLDS, 50, 30, 5, 0.1, 42, 12, 0));

    assertThat(selections(unsegmented, a).get(Selection.CENSUS), equalTo(50L));
  }

  @Test
  public void theDaysRollUpCallComesOutOfTheCallBudgetOnEveryTier() {
    List<Placed> tierD = day(20_000, 42);
    SamplePlan d = plan(tierD, new SamplingSettings(THRESHOLDS, 500, 40, 5, 0.1, 42, 12, 1));
    assertThat(analysed(selections(tierD, d)), equalTo(500L - 4 - 1));
    assertThat(d.strategy(), containsString("less 5 calls for personas and the day's roll-up"));

    List<Placed> unsegmented = new ArrayList<>();
    for (Placed p : day(90, 42)) {
      unsegmented.add(new Placed(p.measured(), null, p.sampleHash(), p.eligible()));
    }
    SamplePlan a = plan(unsegmented, new SamplingSettings(THRESHOLDS, 50, 30, 5, 0.1, 42, 12, 1));
    assertThat(selections(unsegmented, a).get(Selection.CENSUS), equalTo(49L));
  }
}
