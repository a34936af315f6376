package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an LLM is told about one segment to write its persona: aggregates only. Its size and share of the day, the labels
 * at least k of its analysed users hold (with those counts), willingness to pay, mean frustration, and how it differs
 * from its nearest segments in the features' own units, with their most common use case. It is built from counts and
 * centres, so no user's words can be in it, and a label held by fewer than k users is left out.
 *
 * <pre>{@code
 * PersonaBrief brief = PersonaBrief.of(segments, id, sizes, profiles, k); // null: no persona for this segment
 * }</pre>
 */
public record PersonaBrief(int segmentId, String text) implements Serializable {
  /** Neighbours the description may contrast the segment with. */
  static final int NEIGHBOURS = 2;

  /** Labels of each kind, most held first. */
  static final int LABELS = 5;

  /**
   * The brief of segment {@code id}, or null under the privacy k-threshold (fewer than k users or k analysed) — the same
   * rule as {@link Personas#describe}, so such a segment has no persona and costs no call.
   *
   * @param sizes users per segment ID today
   * @param profiles what each segment's analysed users said, by segment ID
   */
  public static PersonaBrief of(Segmentation s, int id, Map<Integer, Long> sizes, Map<Integer, SegmentProfile> profiles,
      int k) {
    SegmentProfile profile = profiles.get(id);
    long users = sizes.getOrDefault(id, 0L);
    if (users < k || profile == null || profile.analysed() < k) {
      return null;
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "segment %d: %d users, %.0f%% of today's %d active users; %d of them analysed\n",
        id, users, 100.0 * users / total, total, profile.analysed()));
    b.append("counts are distinct analysed users; labels held by fewer than ").append(k).append(" are left out\n");
    labels(b, "use cases", profile.useCases(), k);
    labels(b, "friction points", profile.frictions(), k);
    labels(b, "value signals", profile.valueSignals(), k);
    labels(b, "kinds of user", profile.personaHints(), k);
    labels(b, "willingness to pay", profile.willingnessToPay(), k);
    b.append(String.format(Locale.ROOT, "mean frustration: %.1f (1 content .. 5 very frustrated)\n",
        profile.frustrationSum() / (double) profile.analysed()));
    List<Integer> neighbours = nearest(s, id, sizes, k);
    b.append(neighbours.isEmpty() ? "nearest segments: none of " + k + " or more users\n" : "nearest segments:\n");
    for (int n : neighbours) {
      b.append(String.format(Locale.ROOT, "- segment %d (%d users; most common use case: %s): this segment vs that one,"
          + " %s\n", n, sizes.get(n), topUseCase(profiles.get(n), k), String.join("; ", Personas.traits(s, id, n))));
    }
    return new PersonaBrief(id, b.toString().strip());
  }

  /** One line of labels held by at least k users, most first; labels are put on one line so none can add a line. */
  private static void labels(StringBuilder b, String kind, Map<String, Integer> counts, int k) {
    List<String> shown = SegmentProfile.ranked(counts).stream().filter(e -> e.getValue() >= k).limit(LABELS)
        .map(e -> e.getKey().replaceAll("\\s+", " ") + " " + e.getValue()).toList();
    b.append(kind).append(": ").append(shown.isEmpty() ? "none held by " + k + " or more" : String.join(", ", shown))
        .append('\n');
  }

  private static String topUseCase(SegmentProfile profile, int k) {
    if (profile == null || profile.analysed() < k) {
      return "fewer than " + k + " analysed";
    }
    return SegmentProfile.ranked(profile.useCases()).stream().filter(e -> e.getValue() >= k).findFirst()
        .map(e -> e.getKey().replaceAll("\\s+", " ")).orElse("none shared by " + k + " or more");
  }

  /** The closest other segments of at least k users (a smaller one's centre would describe fewer than k people). */
  static List<Integer> nearest(Segmentation s, int id, Map<Integer, Long> sizes, int k) {
    double[] mine = s.centroids()[Personas.indexOf(s, id)];
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.ids()[i] != id && sizes.getOrDefault(s.ids()[i], 0L) >= k) {
        others.add(i);
      }
    }
    others.sort(Comparator.comparingDouble((Integer i) -> Segmentation.distance(mine, s.centroids()[i]))
        .thenComparingInt(i -> i));
    return others.stream().limit(NEIGHBOURS).map(i -> s.ids()[i]).toList();
  }
}
