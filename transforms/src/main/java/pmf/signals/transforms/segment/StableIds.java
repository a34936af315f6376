package pmf.signals.transforms.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gives today's segments the IDs of yesterday's they match, so a segment keeps its ID across days and drift (new,
 * growing, shrinking, gone) is visible. Pairs are taken closest first; a centre further than {@link #MATCH_RADIUS}
 * from every unmatched old one is a new segment with a never-used ID.
 */
public final class StableIds {
  /** Standardised units: same-segment centres move far less between days than distinct segments sit apart. */
  static final double MATCH_RADIUS = 1.5;

  private StableIds() {}

  /** IDs for {@code today}'s centres (standardised in {@code space}); new ones count up from {@code nextId}. */
  public static int[] match(FeatureSpace space, double[][] today, List<PreviousSegment> previous, int nextId) {
    record Pair(int today, int previous, double distance) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < today.length; i++) {
      for (int p = 0; p < previous.size(); p++) {
        double d = Segmentation.distance(today[i], space.fromRaw(previous.get(p).centroid()));
        if (d <= MATCH_RADIUS) {
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
}
