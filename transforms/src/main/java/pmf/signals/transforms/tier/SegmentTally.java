package pmf.signals.transforms.tier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What the sample plan needs to know about one segment, gathered in one combine: its users, its consenting users and
 * outliers, the lowest sampling hashes (enough for any allocation within the call budget) and the consenting users
 * nearest its centre. Bounded memory whatever the segment's size.
 */
public final class SegmentTally implements Serializable {
  /** One user near the centre; ties broken by user ID so the choice is deterministic. */
  public record Near(double distance, String userId) implements Serializable {}

  /** A class, not a lambda: the queue travels with the tally (Java serialization). */
  private static final class FurthestFirst implements Comparator<Near>, Serializable {
    @Override
    public int compare(Near a, Near b) {
      int byDistance = Double.compare(b.distance(), a.distance());
      return byDistance != 0 ? byDistance : b.userId().compareTo(a.userId());
    }
  }

  private static final Comparator<Near> FURTHEST_FIRST = new FurthestFirst();

  private final int hashLimit;
  private final int nearLimit;
  private int segmentId = Placed.NO_SEGMENT;
  private long users;
  private long eligible;
  private long eligibleOutliers;
  private final PriorityQueue<Long> lowestHashes = new PriorityQueue<>(Comparator.reverseOrder());
  private final PriorityQueue<Long> lowestOutlierHashes = new PriorityQueue<>(Comparator.reverseOrder());
  private final PriorityQueue<Near> nearest = new PriorityQueue<>(FURTHEST_FIRST);

  public SegmentTally(int hashLimit, int nearLimit) {
    this.hashLimit = hashLimit;
    this.nearLimit = nearLimit;
  }

  public SegmentTally add(Placed p) {
    segmentId = p.segmentKey();
    users++;
    if (!p.eligible()) {
      return this;
    }
    eligible++;
    if (p.outlier()) {
      eligibleOutliers++;
      keepLowest(lowestOutlierHashes, p.sampleHash(), hashLimit);
    } else {
      keepLowest(lowestHashes, p.sampleHash(), hashLimit);
      if (p.assignment() != null) {
        keepLowest(nearest, new Near(p.assignment().distance(), p.userId()), nearLimit);
      }
    }
    return this;
  }

  public SegmentTally merge(SegmentTally other) {
    if (other.users > 0) {
      segmentId = other.segmentId;
    }
    users += other.users;
    eligible += other.eligible;
    eligibleOutliers += other.eligibleOutliers;
    other.lowestHashes.forEach(h -> keepLowest(lowestHashes, h, hashLimit));
    other.lowestOutlierHashes.forEach(h -> keepLowest(lowestOutlierHashes, h, hashLimit));
    other.nearest.forEach(n -> keepLowest(nearest, n, nearLimit));
    return this;
  }

  private static <T> void keepLowest(PriorityQueue<T> highestFirst, T value, int limit) {
    if (limit <= 0) {
      return;
    }
    if (highestFirst.size() < limit) {
      highestFirst.add(value);
    } else if (highestFirst.comparator().compare(value, highestFirst.peek()) > 0) {
      highestFirst.poll(); // the comparator is reversed: "greater" here means lower
      highestFirst.add(value);
    }
  }

  public int segmentId() {
    return segmentId;
  }

  public long users() {
    return users;
  }

  public long eligible() {
    return eligible;
  }

  public long eligibleOutliers() {
    return eligibleOutliers;
  }

  /** Consenting non-outliers: the stratum a segment's sample is drawn from. */
  public long stratum() {
    return eligible - eligibleOutliers;
  }

  /** The n-th lowest hash of the stratum (n ≥ 1), or -1 when n is 0: users at or below it are the sample. */
  public long cutoff(int n) {
    return nth(lowestHashes, n);
  }

  public long outlierCutoff(int n) {
    return nth(lowestOutlierHashes, n);
  }

  /** The consenting users nearest the centre, nearest first. */
  public List<String> nearest(int n) {
    List<Near> sorted = new ArrayList<>(nearest);
    sorted.sort(FURTHEST_FIRST.reversed());
    return sorted.stream().limit(n).map(Near::userId).toList();
  }

  private static long nth(PriorityQueue<Long> highestFirst, int n) {
    if (n <= 0) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(highestFirst);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get(Math.min(n, sorted.size()) - 1);
  }
}
