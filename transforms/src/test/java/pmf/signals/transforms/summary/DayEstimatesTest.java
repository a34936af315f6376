package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.Test;
import pmf.signals.transforms.Fixtures;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.tier.StratifiedEstimate;

/** The day's estimates folded from counts equal the stratified estimator run over every user's own observation. */
public class DayEstimatesTest {
  private static final String[] SELECTIONS = {"sample", "outlier", "nearest", "census", "inherited", "not_eligible"};
  private static final LlmStatus[] STATUSES = {LlmStatus.OK, LlmStatus.OFFLINE, LlmStatus.CACHED, LlmStatus.INHERITED,
      LlmStatus.SKIPPED, LlmStatus.FAILED};
  private static final String[] FRICTIONS = {"Renders time out", "renders time out ", "credits run out", "no export",
      "slow replies"};

  @Test
  public void partialTalliesMergedGiveTheSameEstimatesAsEveryUserCountedOnce() throws Exception {
    for (String tier : List.of("B", "C", "D")) {
      List<UserAnalysis> rows = rows(new Random(tier.hashCode()), tier, 600);
      DayEstimates merged = new DayEstimates();
      for (int part = 0; part < 3; part++) {
        DayEstimates partial = new DayEstimates();
        for (int i = part; i < rows.size(); i += 3) {
          partial.add(rows.get(i));
        }
        merged.merge(partial);
      }
      assertThat(tier, merged.toJson(5), equalTo(perUser(rows, tier, 5)));
    }
  }

  @Test
  public void aDayWithoutRowsIsACensusOfNobody() {
    ObjectNode empty = new DayEstimates().toJson(5);
    assertThat(empty.get("population").asText(), equalTo("consenting active users (0)"));
    assertThat(empty.at("/rates/return/estimate").isNull(), equalTo(true));
    assertThat(empty.get("friction_prevalence").size(), equalTo(0));
  }

  @Test
  public void aFrictionHeldByFewerThanKAnalysedUsersIsNotNamed() throws Exception {
    List<UserAnalysis> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(row("u" + i, "B", 1, "census", false, LlmStatus.OFFLINE, metrics(false, false, false), "no export"));
    }
    DayEstimates estimates = new DayEstimates();
    rows.forEach(estimates::add);
    assertThat(estimates.toJson(5).get("friction_prevalence").has("no export"), equalTo(false));
    assertThat(estimates.toJson(4).at("/friction_prevalence/no export/analysed_users_with_it").asInt(), equalTo(4));
  }

  /** The estimator as the definition says it: one observation per consenting user, per rate. */
  private static ObjectNode perUser(List<UserAnalysis> rows, String tier, int k) {
    List<UserAnalysis> consenting = rows.stream().filter(r -> !"not_eligible".equals(r.selection())).toList();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("population", "consenting active users (" + consenting.size() + ")");
    out.put("method", tier.equals("B") ? "census: every consenting user analysed; intervals are the same estimator"
        + " with every stratum fully drawn" : StratifiedEstimate.METHOD);
    if (tier.equals("C")) {
      out.put("caveat", "tier C also analyses the users nearest each centre, who are not a random draw;"
          + " intervals treat them as sampled");
    }
    ObjectNode rates = out.putObject("rates");
    Map<String, Predicate<UserAnalysis>> behaviour = new java.util.LinkedHashMap<>();
    behaviour.put("return", r -> r.metrics().returnedAfterFirstDay());
    behaviour.put("credit_exhaustion", r -> UserMetrics.orZero(r.metrics().creditLimitHits()) > 0);
    behaviour.put("job_failure", r -> r.metrics().jobsFailed() > 0);
    behaviour.forEach((name, hit) -> DayEstimates.put(rates, name, estimate(consenting, hit, false))
        .put("census", DayEstimates.round(consenting.stream().filter(hit).count() / (double) consenting.size())));
    Map<String, Integer> holders = new TreeMap<>();
    for (UserAnalysis r : consenting) {
      if (sampled(r) && read(r)) {
        labels(r).forEach(l -> holders.merge(l, 1, Integer::sum));
      }
    }
    ObjectNode prevalence = out.putObject("friction_prevalence");
    holders.entrySet().stream().filter(e -> e.getValue() >= k)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> DayEstimates.put(prevalence, e.getKey(),
            estimate(consenting, r -> labels(r).contains(e.getKey()), true))
            .put("analysed_users_with_it", (long) e.getValue()));
    return out;
  }

  private static StratifiedEstimate.Estimate estimate(List<UserAnalysis> rows, Predicate<UserAnalysis> hit,
      boolean needsReading) {
    List<StratifiedEstimate.Observation> observations = new ArrayList<>();
    for (UserAnalysis r : rows) {
      boolean drawn = sampled(r) && (!needsReading || read(r));
      String stratum = r.outlier() && r.tier().equals("D") ? "outliers" : "segment " + r.segmentId();
      observations.add(new StratifiedEstimate.Observation(stratum, drawn, drawn && hit.test(r)));
    }
    return StratifiedEstimate.of(observations);
  }

  private static boolean sampled(UserAnalysis r) {
    return Set.of("sample", "outlier", "nearest", "census").contains(r.selection());
  }

  private static boolean read(UserAnalysis r) {
    return r.llmStatus() == LlmStatus.OK || r.llmStatus() == LlmStatus.CACHED || r.llmStatus() == LlmStatus.OFFLINE;
  }

  private static Set<String> labels(UserAnalysis r) {
    Set<String> out = new TreeSet<>();
    r.insights().frictionPoints().forEach(f -> out.add(f.description().strip().toLowerCase(Locale.ROOT)));
    return out;
  }

  private static List<UserAnalysis> rows(Random random, String tier, int n) throws Exception {
    List<UserAnalysis> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> frictions = new ArrayList<>();
      for (String f : FRICTIONS) {
        if (random.nextInt(4) == 0) {
          frictions.add(f);
        }
      }
      rows.add(row("u" + i, tier, random.nextInt(4), SELECTIONS[random.nextInt(SELECTIONS.length)],
          random.nextInt(10) == 0, STATUSES[random.nextInt(STATUSES.length)],
          metrics(random.nextBoolean(), random.nextInt(5) == 0, random.nextInt(3) == 0),
          frictions.toArray(String[]::new)));
    }
    return rows;
  }

  private static UserMetrics metrics(boolean returned, boolean creditLimit, boolean jobFailed) throws Exception {
    ObjectNode m = Json.MAPPER.valueToTree(Fixtures.behaviour("free", 6, Map.of("image", 2), 2));
    m.put("returned_after_first_day", returned);
    m.put("credit_limit_hits", creditLimit ? 2 : 0);
    m.put("jobs_failed", jobFailed ? 1 : 0);
    return Json.MAPPER.treeToValue(m, UserMetrics.class);
  }

  private static UserAnalysis row(String user, String tier, int segment, String selection, boolean outlier,
      LlmStatus status, UserMetrics metrics, String... frictions) throws Exception {
    ObjectNode insights = Json.MAPPER.createObjectNode().put("source", "offline").put("summary", "s");
    insights.putArray("use_cases");
    ArrayNode points = insights.putArray("friction_points");
    for (String f : frictions) {
      points.addObject().put("description", f).put("severity", 3).put("evidence", "complaint").put("cause", "other");
    }
    JsonNode parsed = insights;
    return new UserAnalysis(user, metrics, Json.MAPPER.treeToValue(parsed, Insights.class), tier, "reason", segment,
        selection, outlier, 1.0, "hash", "v2", "offline", status, null, 0, 0, 0, 0.0, null);
  }
}
