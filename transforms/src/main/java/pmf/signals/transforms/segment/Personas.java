package pmf.signals.transforms.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names segments from what their analysed users said and how they behave: the most common use case, and the features
 * that set the segment apart from its nearest neighbour, in the features' own units. Offline and deterministic; a
 * segment under the privacy k-threshold gets no persona.
 */
public final class Personas {
  /** Counts kept on a log scale in the feature space; shown back in plain counts. */
  private static final List<String> LOG_SCALED = List.of("jobs");

  private Personas() {}

  /**
   * @param sizes users per segment ID today
   * @param profiles what each segment's analysed users said, by segment ID (absent: none analysed)
   */
  public static Persona describe(Segmentation segments, int id, Map<Integer, Long> sizes,
      Map<Integer, SegmentProfile> profiles, int k) {
    SegmentProfile profile = profiles.get(id);
    long users = sizes.getOrDefault(id, 0L);
    if (users < k || profile == null || profile.analysed() < k) {
      return null;
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    List<String> cases = SegmentProfile.ranked(profile.useCases()).stream()
        .filter(e -> e.getValue() >= k).limit(2).map(Map.Entry::getKey).toList();
    Map<String, Double> centre = segments.centroidOf(id);
    Integer neighbour = nearestOther(segments, id);
    List<String> traits = neighbour == null ? List.of() : traits(segments, id, neighbour);
    String name = (cases.isEmpty() ? "no common use case" : humanise(cases.get(0)))
        + (traits.isEmpty() ? "" : ", " + shortTrait(segments, id, neighbour));
    StringBuilder d = new StringBuilder();
    d.append(String.format(Locale.ROOT, "%d users (%.0f%% of today's active users). ", users, 100.0 * users / total));
    d.append(cases.isEmpty() ? "No use case is shared by " + k + " or more of its analysed users. "
        : "Most often trying to: " + String.join(", ", cases.stream().map(Personas::humanise).toList()) + ". ");
    if (neighbour != null) {
      d.append("Compared with segment ").append(neighbour).append(" (the nearest): ")
          .append(String.join("; ", traits)).append(". ");
    }
    List<Map.Entry<String, Integer>> wtp = SegmentProfile.ranked(profile.willingnessToPay());
    if (!wtp.isEmpty() && wtp.get(0).getValue() >= k) {
      d.append("Willingness to pay: mostly ").append(wtp.get(0).getKey()).append('.');
    }
    return new Persona(name, d.toString().strip(), "offline-rules (centroid contrast + analysed users' labels)");
  }

  static Integer nearestOther(Segmentation s, int id) {
    int index = indexOf(s, id);
    Integer best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      if (i != index) {
        double d = Segmentation.distance(s.centroids()[index], s.centroids()[i]);
        if (d < bestDistance) {
          bestDistance = d;
          best = s.ids()[i];
        }
      }
    }
    return best;
  }

  /** The two features on which the segment differs most from the neighbour (standardised), in their own units. */
  static List<String> traits(Segmentation s, int id, int neighbour) {
    Map<String, Double> mine = s.centroidOf(id);
    Map<String, Double> theirs = s.centroidOf(neighbour);
    List<String> out = new ArrayList<>();
    for (int j : mostDifferent(s, id, neighbour)) {
      String f = s.space().names().get(j);
      if (FeatureSpace.termOf(f) != null) { // a TF-IDF weight has no plain unit: say which way, not how much
        out.add(asks(s, id, neighbour, j));
        continue;
      }
      out.add(String.format(Locale.ROOT, "%s %s vs %s", feature(f), value(f, mine.get(f)), value(f, theirs.get(f))));
    }
    return out;
  }

  private static String shortTrait(Segmentation s, int id, int neighbour) {
    int j = mostDifferent(s, id, neighbour).get(0);
    double diff = s.centroids()[indexOf(s, id)][j] - s.centroids()[indexOf(s, neighbour)][j];
    String name = s.space().names().get(j);
    if (FeatureSpace.termOf(name) != null) {
      return asks(s, id, neighbour, j);
    }
    if (name.startsWith("plan:")) {
      return (diff > 0 ? "" : "not ") + feature(name);
    }
    boolean counted = LOG_SCALED.contains(name);
    return (diff > 0 ? (counted ? "more " : "higher ") : (counted ? "fewer " : "lower ")) + feature(name);
  }

  /** A request-term column as words: {@code asks more about "logo"}; the term is a vocabulary word (>= k users). */
  private static String asks(Segmentation s, int id, int neighbour, int j) {
    double diff = s.centroids()[indexOf(s, id)][j] - s.centroids()[indexOf(s, neighbour)][j];
    return String.format(Locale.ROOT, "asks %s about \"%s\"", diff > 0 ? "more" : "less",
        FeatureSpace.termOf(s.space().names().get(j)));
  }

  private static List<Integer> mostDifferent(Segmentation s, int id, int neighbour) {
    double[] a = s.centroids()[indexOf(s, id)];
    double[] b = s.centroids()[indexOf(s, neighbour)];
    List<Integer> columns = new ArrayList<>();
    for (int j = 0; j < a.length; j++) {
      columns.add(j);
    }
    columns.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(a[j] - b[j])).thenComparingInt(j -> j));
    return columns.subList(0, Math.min(2, columns.size()));
  }

  private static String feature(String name) {
    if (name.startsWith("service:")) {
      return name.substring(8).replace('_', ' ') + " share of jobs";
    }
    if (name.startsWith("plan:")) {
      return "on the " + name.substring(5) + " plan";
    }
    return name.replace('_', ' ');
  }

  private static String value(String name, double raw) {
    if (LOG_SCALED.contains(name)) {
      return String.format(Locale.ROOT, "%.1f", Math.expm1(raw));
    }
    return String.format(Locale.ROOT, "%.0f%%", Math.max(0, 100 * raw)); // centres of 0/1 columns may round to -0
  }

  private static String humanise(String label) {
    String words = label.replace('_', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  static int indexOf(Segmentation s, int id) {
    for (int i = 0; i < s.size(); i++) {
      if (s.ids()[i] == id) {
        return i;
      }
    }
    throw new IllegalArgumentException("no segment " + id);
  }

  /** Size change against the latest earlier date, as a share of each day's users so a quiet day is not "shrinking". */
  public static String drift(long users, long total, PreviousSegment previous, long previousTotal) {
    if (previous == null) {
      return "new";
    }
    double today = total == 0 ? 0 : users / (double) total;
    double before = previousTotal == 0 ? 0 : previous.users() / (double) previousTotal;
    if (today > before * 1.2) {
      return "growing";
    }
    return today < before * 0.8 ? "shrinking" : "stable";
  }
}
