package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongBiFunction;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.tier.StratifiedEstimate;
import pmf.signals.transforms.tier.StratifiedEstimate.Estimate;

/**
 * The day's rates over consenting active users, each with its 95% interval and the method: return, credit exhaustion,
 * job failure, and each friction's prevalence. Behaviour rates are also given exactly (the census: every user has
 * metrics); friction prevalence is known only for analysed users, so on sampled days (tiers C and D) it is estimated
 * from the sample by the strata, and on census days it is the analysed users' share.
 *
 * <p>Folded in {@link DayTally}'s pass over the rows: per stratum only counts, so partial tallies merge exactly.
 */
public final class DayEstimates implements Serializable {
  private static final String[] BEHAVIOUR = {"return", "credit_exhaustion", "job_failure"};
  // Per stratum: users, users sampled, sampled users with their own reading, then per behaviour rate the sampled
  // users it holds for.
  private static final int USERS = 0;
  private static final int SAMPLED = 1;
  private static final int READ = 2;
  private static final int FIRST_RATE = 3;

  private final Map<String, long[]> strata = new TreeMap<>();
  /** Per behaviour rate, the consenting users it holds for, sampled or not. */
  private final long[] census = new long[BEHAVIOUR.length];
  /** Per friction label (lower-cased), per stratum, the sampled users with their own reading who hold it. */
  private final Map<String, Map<String, Long>> frictions = new TreeMap<>();
  private String tier;

  /** One user's row; users who did not consent are not in the population. */
  public DayEstimates add(UserAnalysis row) {
    tier = tier == null ? row.tier() : tier;
    if ("not_eligible".equals(row.selection())) {
      return this;
    }
    String stratum = row.outlier() && "D".equals(row.tier())
        ? "outliers" : "segment " + (row.segmentId() == null ? "-" : row.segmentId());
    boolean sampled = Set.of("sample", "outlier", "nearest", "census").contains(row.selection());
    boolean read = row.llmStatus() == LlmStatus.OK || row.llmStatus() == LlmStatus.CACHED
        || row.llmStatus() == LlmStatus.OFFLINE;
    boolean[] holds = behaviour(row.metrics());
    long[] s = strata.computeIfAbsent(stratum, k -> new long[FIRST_RATE + BEHAVIOUR.length]);
    s[USERS]++;
    s[SAMPLED] += sampled ? 1 : 0;
    s[READ] += sampled && read ? 1 : 0;
    for (int i = 0; i < holds.length; i++) {
      census[i] += holds[i] ? 1 : 0;
      s[FIRST_RATE + i] += sampled && holds[i] ? 1 : 0;
    }
    if (sampled && read && row.insights() != null) {
      Set<String> labels = new TreeSet<>();
      for (FrictionPoint f : row.insights().frictionPoints()) {
        labels.add(DayTally.label(f.description()));
      }
      labels.forEach(l -> frictions.computeIfAbsent(l, k -> new TreeMap<>()).merge(stratum, 1L, Long::sum));
    }
    return this;
  }

  public DayEstimates merge(DayEstimates o) {
    tier = tier == null ? o.tier : tier;
    o.strata.forEach((k, v) -> {
      long[] s = strata.computeIfAbsent(k, x -> new long[v.length]);
      for (int i = 0; i < v.length; i++) {
        s[i] += v[i];
      }
    });
    for (int i = 0; i < census.length; i++) {
      census[i] += o.census[i];
    }
    o.frictions.forEach((l, byStratum) -> byStratum.forEach(
        (k, n) -> frictions.computeIfAbsent(l, x -> new TreeMap<>()).merge(k, n, Long::sum)));
    return this;
  }

  /** The estimates block of the day's summary; frictions are named only when at least {@code k} analysed users hold them. */
  public ObjectNode toJson(int k) {
    String dayTier = tier == null ? "A" : tier;
    boolean sampledDay = dayTier.equals("C") || dayTier.equals("D");
    long users = strata.values().stream().mapToLong(s -> s[USERS]).sum();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("population", "consenting active users (" + users + ")");
    out.put("method", sampledDay ? StratifiedEstimate.METHOD
        : "census: every consenting user analysed; intervals are the same estimator with every stratum fully drawn");
    if (dayTier.equals("C")) {
      out.put("caveat", "tier C also analyses the users nearest each centre, who are not a random draw;"
          + " intervals treat them as sampled");
    }
    ObjectNode rates = out.putObject("rates");
    for (int i = 0; i < BEHAVIOUR.length; i++) {
      int rate = FIRST_RATE + i;
      ObjectNode r = put(rates, BEHAVIOUR[i], estimate(SAMPLED, (stratum, s) -> s[rate]));
      r.put("census", users == 0 ? null : round(census[i] / (double) users));
    }
    ObjectNode prevalence = out.putObject("friction_prevalence");
    frictions.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().values().stream().mapToLong(Long::longValue).sum()))
        .filter(e -> e.getValue() >= k)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> {
          Map<String, Long> holders = frictions.get(e.getKey());
          put(prevalence, e.getKey(), estimate(READ, (stratum, s) -> holders.getOrDefault(stratum, 0L)))
              .put("analysed_users_with_it", e.getValue());
        });
    return out;
  }

  /** {@code drawn}: which users count as drawn (a friction is known only for those with their own reading). */
  private Estimate estimate(int drawn, ToLongBiFunction<String, long[]> hits) {
    Map<String, long[]> counts = new TreeMap<>();
    strata.forEach((k, s) -> counts.put(k, new long[] {s[USERS], s[drawn], hits.applyAsLong(k, s)}));
    return StratifiedEstimate.ofStrata(counts);
  }

  private static boolean[] behaviour(UserMetrics m) {
    return new boolean[] {m.returnedAfterFirstDay(), UserMetrics.orZero(m.creditLimitHits()) > 0, m.jobsFailed() > 0};
  }

  /** One rate as the summary writes it. */
  static ObjectNode put(ObjectNode parent, String name, Estimate e) {
    ObjectNode node = parent.putObject(name);
    node.put("estimate", Double.isNaN(e.estimate()) ? null : round(e.estimate()));
    ArrayNode ci = node.putArray("ci95");
    ci.add(round(e.low()));
    ci.add(round(e.high()));
    node.put("sampled", e.sampled());
    node.put("population", e.population());
    return node;
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
