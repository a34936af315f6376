package pmf.signals.transforms.tier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The day's strategy made concrete, from the segments' tallies: which users the analyzer reads and what each stands
 * for. Tiers A and B read every consenting user (the lowest hashes first if that exceeds the call budget); tier C a
 * hashed sample per segment plus the users nearest each centre, the rest inheriting; tier D outliers (up to their share
 * of the budget) and a proportionally allocated stratified sample, strata being the segments. Pure and deterministic.
 *
 * @param allocations per segment key: consenting users of the stratum and how many of them are drawn
 */
public record SamplePlan(
    Tier tier,
    String strategy,
    Map<Integer, Allocation> allocations,
    Set<String> nearest,
    long censusCutoff,
    double censusWeight,
    long outlierCutoff,
    double outlierWeight,
    int planned) implements Serializable {

  /** One stratum: its consenting users, the drawn count, the hash at or below which users are drawn. */
  public record Allocation(long stratum, int drawn, long cutoff) implements Serializable {
    double weight() {
      return drawn == 0 ? 0 : stratum / (double) drawn;
    }
  }

  public static SamplePlan of(Tier tier, List<SegmentTally> tallies, SamplingSettings s) {
    List<SegmentTally> ordered = new ArrayList<>(tallies);
    ordered.sort(Comparator.comparingInt(SegmentTally::segmentId));
    long eligible = ordered.stream().mapToLong(SegmentTally::eligible).sum();
    // Each segment may cost one persona call, the day one roll-up; those come out of the same cap, users get the rest.
    int reserved = s.reservedFor(ordered.stream().filter(t -> t.segmentId() != Placed.NO_SEGMENT).count());
    int budget = s.maxLlmCallsPerRun() - reserved;
    String cap = "--maxLlmCallsPerRun=" + s.maxLlmCallsPerRun() + (reserved == 0 ? "" : " less " + reserved
        + (s.dayCalls() == 0 ? " persona calls" : " calls for personas and the day's roll-up"));
    switch (tier.name()) {
      case "A", "B" -> {
        if (eligible <= budget) {
          return new SamplePlan(tier, "every consenting user (" + eligible + ")", Map.of(), Set.of(), Long.MAX_VALUE,
              1.0, -1, 0, (int) eligible);
        }
        // Over the cap: the lowest hashes over all segments (each tally holds at least `budget` of its own).
        List<Long> all = new ArrayList<>();
        for (SegmentTally t : ordered) {
          for (int n = 1; n <= Math.min(budget, t.stratum()); n++) {
            all.add(t.cutoff(n));
          }
          for (int n = 1; n <= Math.min(budget, t.eligibleOutliers()); n++) {
            all.add(t.outlierCutoff(n));
          }
        }
        all.sort(Comparator.naturalOrder());
        return new SamplePlan(tier, budget + " of " + eligible + " consenting users, over " + cap,
            Map.of(), Set.of(), all.get(budget - 1), eligible / (double) budget, -1, 0, budget);
      }
      case "C" -> {
        return segmentSample(tier, ordered, s, budget);
      }
      default -> {
        return stratified(tier, ordered, s, budget, cap);
      }
    }
  }

  private static SamplePlan segmentSample(Tier tier, List<SegmentTally> tallies, SamplingSettings s, int budget) {
    int perSegment = s.samplePerSegment();
    int near = s.nearestPerSegment();
    // Shrink both evenly until the plan fits the budget.
    while (demand(tallies, perSegment, near) > budget && (perSegment > 1 || near > 0)) {
      if (near > 0 && near * 4 >= perSegment) {
        near--;
      } else {
        perSegment--;
      }
    }
    Map<Integer, Allocation> allocations = new LinkedHashMap<>();
    Set<String> nearest = new HashSet<>();
    int planned = 0;
    for (SegmentTally t : tallies) {
      int drawn = (int) Math.min(perSegment, t.eligible());
      allocations.put(t.segmentId(), new Allocation(t.eligible(), drawn, cutoffOverAll(t, drawn)));
      List<String> closest = t.nearest(near);
      nearest.addAll(closest);
      planned += drawn + closest.size();
    }
    return new SamplePlan(tier, "per segment " + perSegment + " drawn + " + near + " nearest the centre, over "
        + tallies.size() + " segments; the others inherit their segment's insights", allocations, Set.copyOf(nearest),
        -1, 0, -1, 0, planned);
  }

  /** Tier C draws from all consenting users of a segment, outliers included. */
  private static long cutoffOverAll(SegmentTally t, int drawn) {
    if (drawn == 0) {
      return -1;
    }
    List<Long> hashes = new ArrayList<>();
    for (int n = 1; n <= Math.min(drawn, t.stratum()); n++) {
      hashes.add(t.cutoff(n));
    }
    for (int n = 1; n <= Math.min(drawn, t.eligibleOutliers()); n++) {
      hashes.add(t.outlierCutoff(n));
    }
    hashes.sort(Comparator.naturalOrder());
    return hashes.get(Math.min(drawn, hashes.size()) - 1);
  }

  private static long demand(List<SegmentTally> tallies, int perSegment, int near) {
    long total = 0;
    for (SegmentTally t : tallies) {
      total += Math.min(perSegment, t.eligible()) + Math.min(near, t.stratum());
    }
    return total;
  }

  private static SamplePlan stratified(Tier tier, List<SegmentTally> tallies, SamplingSettings s, int budget,
      String cap) {
    long outliers = tallies.stream().mapToLong(SegmentTally::eligibleOutliers).sum();
    int outlierTake = (int) Math.min(outliers, (long) Math.floor(s.maxOutlierShare() * budget));
    long outlierCutoff = outlierCutoffOver(tallies, outlierTake);
    int rest = budget - outlierTake;
    long population = tallies.stream().mapToLong(SegmentTally::stratum).sum();
    int[] drawn = proportional(tallies, rest, population);
    Map<Integer, Allocation> allocations = new LinkedHashMap<>();
    int planned = outlierTake;
    for (int i = 0; i < tallies.size(); i++) {
      SegmentTally t = tallies.get(i);
      allocations.put(t.segmentId(), new Allocation(t.stratum(), drawn[i], t.cutoff(drawn[i])));
      planned += drawn[i];
    }
    String strategy = String.format("stratified sample of %d over %d segments (proportional allocation) + %d of %d"
        + " outliers, within %s; the others inherit their segment's insights",
        planned - outlierTake, tallies.size(), outlierTake, outliers, cap);
    return new SamplePlan(tier, strategy, allocations, Set.of(), -1, 0, outlierCutoff,
        outlierTake == 0 ? 0 : outliers / (double) outlierTake, planned);
  }

  /** Proportional allocation with at least 2 per stratum (a variance needs two), largest remainders first. */
  static int[] proportional(List<SegmentTally> tallies, int total, long population) {
    int[] n = new int[tallies.size()];
    if (population == 0 || total <= 0) {
      return n;
    }
    double[] remainder = new double[n.length];
    int used = 0;
    for (int i = 0; i < n.length; i++) {
      long size = tallies.get(i).stratum();
      double exact = total * size / (double) population;
      n[i] = (int) Math.min(size, Math.max(Math.min(2, size), Math.floor(exact)));
      remainder[i] = exact - Math.floor(exact);
      used += n[i];
    }
    while (used > total) { // the minimum of 2 overshot: take back from the largest allocations
      int largest = 0;
      for (int i = 1; i < n.length; i++) {
        if (n[i] > n[largest]) {
          largest = i;
        }
      }
      n[largest]--;
      used--;
    }
    while (used < total) {
      int best = -1;
      for (int i = 0; i < n.length; i++) {
        if (n[i] < tallies.get(i).stratum() && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break; // every stratum fully drawn
      }
      n[best]++;
      remainder[best] -= 1;
      used++;
    }
    return n;
  }

  private static long outlierCutoffOver(List<SegmentTally> tallies, int take) {
    if (take == 0) {
      return -1;
    }
    List<Long> hashes = new ArrayList<>();
    for (SegmentTally t : tallies) {
      for (int n = 1; n <= Math.min(take, t.eligibleOutliers()); n++) {
        hashes.add(t.outlierCutoff(n));
      }
    }
    hashes.sort(Comparator.naturalOrder());
    return hashes.get(take - 1);
  }

  /** The route of one placed user under this plan. */
  public Route route(Placed p) {
    Integer segment = p.assignment() == null ? null : p.assignment().segmentId();
    String reason = tier.reason() + "; " + strategy;
    if (!p.eligible()) {
      return new Route(tier.name(), reason, segment, Selection.NOT_ELIGIBLE, p.outlier(), 0);
    }
    switch (tier.name()) {
      case "A", "B" -> {
        return p.sampleHash() <= censusCutoff
            ? new Route(tier.name(), reason, segment, Selection.CENSUS, p.outlier(), censusWeight)
            : new Route(tier.name(), reason, segment, Selection.OVER_BUDGET, p.outlier(), 0);
      }
      case "C" -> {
        Allocation a = allocations.get(p.segmentKey());
        if (nearest.contains(p.userId())) {
          return new Route(tier.name(), reason, segment, Selection.NEAREST, p.outlier(), weightC(a));
        }
        if (a != null && p.sampleHash() <= a.cutoff()) {
          return new Route(tier.name(), reason, segment, Selection.SAMPLE, p.outlier(), weightC(a));
        }
        return new Route(tier.name(), reason, segment, Selection.INHERIT, p.outlier(), 0);
      }
      default -> {
        if (p.outlier()) {
          return p.sampleHash() <= outlierCutoff
              ? new Route(tier.name(), reason, segment, Selection.OUTLIER, true, outlierWeight)
              : new Route(tier.name(), reason, segment, Selection.INHERIT, true, 0);
        }
        Allocation a = allocations.get(p.segmentKey());
        return a != null && p.sampleHash() <= a.cutoff()
            ? new Route(tier.name(), reason, segment, Selection.SAMPLE, false, a.weight())
            : new Route(tier.name(), reason, segment, Selection.INHERIT, false, 0);
      }
    }
  }

  private static double weightC(Allocation a) {
    return a == null || a.drawn() == 0 ? 0 : a.weight();
  }
}
