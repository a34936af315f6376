package pmf.signals.transforms.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gives today's segments the IDs of yesterday's they match, so a segment keeps its ID across days and drift (new,
 * growing, shrinking, gone) is visible. Pairs are taken closest first, over the columns both days have; a centre
 * further than the match radius ({@link #radius}) from every unmatched old one is a new segment with a never-used ID.
 */
public final class StableIds {
  /**
   * Standardised units of the behaviour columns: same-segment centres move far less between days than distinct segments
   * sit apart. With request terms the space has more spread, so the radius grows with it ({@link #radius}).
   */
  static final double MATCH_RADIUS = 1.5;

  private StableIds() {}

  /** Behaviour-only radius: {@link #match(FeatureSpace, double[][], List, int, double)}. */
  public static int[] match(FeatureSpace space, double[][] today, List<PreviousSegment> previous, int nextId) {
    return match(space, today, previous, nextId, MATCH_RADIUS);
  }

  /**
   * {@link #MATCH_RADIUS} scaled as distances scale when the text block joins the behaviour block: by the square root of
   * the sample's total variance over the behaviour columns' ({@code points} standardised in {@code space}).
   */
  static double radius(FeatureSpace space, double[][] points) {
    int behaviour = space.names().size() - space.terms().size();
    double behaviourVariance = 0;
    double total = 0;
    for (int j = 0; j < space.names().size(); j++) {
      double mean = 0;
      for (double[] x : points) {
        mean += x[j] / points.length;
      }
      double variance = 0;
      for (double[] x : points) {
        variance += (x[j] - mean) * (x[j] - mean) / Math.max(1, points.length - 1);
      }
      total += variance;
      behaviourVariance += j < behaviour ? variance : 0;
    }
    return behaviourVariance > 1e-12 ? MATCH_RADIUS * Math.sqrt(total / behaviourVariance) : MATCH_RADIUS;
  }

  /** IDs for {@code today}'s centres (standardised in {@code space}); new ones count up from {@code nextId}. */
  public static int[] match(FeatureSpace space, double[][] today, List<PreviousSegment> previous, int nextId,
      double radius) {
    record Pair(int today, int previous, double distance) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < today.length; i++) {
      for (int p = 0; p < previous.size(); p++) {
        double d = sharedDistance(space, today[i], previous.get(p).centroid());
        if (d <= radius) {
          pairs.add(new Pair(i, p, d));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::distance).thenComparingInt(Pair::today).thenComparingInt(Pair::previous));
    int[] ids = new int[today.length];
    boolean[] taken = new boolean[previous.size()];
    boolean[] done = new boolean[today.length];
    for (Pair pair : pairs) {
      if (!done[pair.today()] && !taken[pair.previous()]) {
        ids[pair.today()] = previous.get(pair.previous()).id();
        done[pair.today()] = true;
        taken[pair.previous()] = true;
      }
    }
    int next = nextId;
    for (PreviousSegment p : previous) {
      next = Math.max(next, p.id() + 1);
    }
    for (int i = 0; i < today.length; i++) {
      if (!done[i]) {
        ids[i] = next++;
      }
    }
    return ids;
  }

  /**
   * Distance over the columns both days measured. Vocabularies (and service lists) differ between days: a term only one
   * day has says nothing about whether two centres are the same segment, and reading it as average would push a
   * segment that asks about it away from its own yesterday (and, on the first day with request terms, every segment
   * away from centres stored without them).
   */
  static double sharedDistance(FeatureSpace space, double[] today, java.util.Map<String, Double> previousRaw) {
    double[] before = space.fromRaw(previousRaw);
    double sum = 0;
    for (int j = 0; j < today.length; j++) {
      if (previousRaw.containsKey(space.names().get(j))) {
        double d = today[j] - before[j];
        sum += d * d;
      }
    }
    return Math.sqrt(sum);
  }
}
