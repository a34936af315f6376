package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.WillingnessToPay;

/**
 * What a segment's analysed users said, counted in distinct users per label: the ground both for the insights its
 * other users inherit and for its persona. Labels are lower-cased and trimmed.
 */
public record SegmentProfile(
    int segmentId,
    int analysed,
    Map<String, Integer> useCases,
    Map<String, Integer> frictions,
    Map<String, Integer> frictionSeverity,
    Map<String, String> frictionEvidence,
    Map<String, String> frictionCause,
    Map<String, Integer> valueSignals,
    Map<String, Integer> willingnessToPay,
    Map<String, Integer> personaHints,
    int frustrationSum) implements Serializable {

  /** Labels a segment's inherited insights carry must be held by at least this share of its analysed users. */
  static final double INHERIT_SHARE = 0.25;

  static final int INHERIT_LABELS = 3;

  public static SegmentProfile empty(int segmentId) {
    return new SegmentProfile(segmentId, 0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
        new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), 0);
  }

  /** Adds one analysed user's insights (each label once per user). Mutates the maps: an accumulator. */
  public SegmentProfile add(Insights insights) {
    insights.useCases().stream().map(SegmentProfile::label).distinct().forEach(l -> useCases.merge(l, 1, Integer::sum));
    insights.frictionPoints().stream().map(f -> label(f.description())).distinct()
        .forEach(l -> frictions.merge(l, 1, Integer::sum));
    for (FrictionPoint f : insights.frictionPoints()) {
      String l = label(f.description());
      frictionSeverity.merge(l, f.severity(), Math::max);
      frictionEvidence.merge(l, f.evidence() == null ? "" : f.evidence(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      if (f.cause() != null) {
        frictionCause.merge(l, f.cause(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    insights.valueSignals().stream().map(SegmentProfile::label).distinct()
        .forEach(l -> valueSignals.merge(l, 1, Integer::sum));
    if (insights.willingnessToPay() != null && insights.willingnessToPay().signal() != null) {
      willingnessToPay.merge(label(insights.willingnessToPay().signal()), 1, Integer::sum);
    }
    if (insights.personaHint() != null && !insights.personaHint().isBlank()) {
      personaHints.merge(label(insights.personaHint()), 1, Integer::sum);
    }
    return new SegmentProfile(segmentId, analysed + 1, useCases, frictions, frictionSeverity, frictionEvidence,
        frictionCause, valueSignals, willingnessToPay, personaHints, frustrationSum + insights.frustration());
  }

  public SegmentProfile merge(SegmentProfile o) {
    o.useCases.forEach((k, v) -> useCases.merge(k, v, Integer::sum));
    o.frictions.forEach((k, v) -> frictions.merge(k, v, Integer::sum));
    o.frictionSeverity.forEach((k, v) -> frictionSeverity.merge(k, v, Math::max));
    o.frictionEvidence.forEach((k, v) -> frictionEvidence.merge(k, v, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    o.frictionCause.forEach((k, v) -> frictionCause.merge(k, v, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    o.valueSignals.forEach((k, v) -> valueSignals.merge(k, v, Integer::sum));
    o.willingnessToPay.forEach((k, v) -> willingnessToPay.merge(k, v, Integer::sum));
    o.personaHints.forEach((k, v) -> personaHints.merge(k, v, Integer::sum));
    return new SegmentProfile(o.analysed > 0 ? o.segmentId : segmentId, analysed + o.analysed, useCases, frictions,
        frictionSeverity, frictionEvidence, frictionCause, valueSignals, willingnessToPay, personaHints,
        frustrationSum + o.frustrationSum);
  }

  /** The same counts as segment {@code id}'s (a combine's accumulator starts without knowing its key). */
  public SegmentProfile of(int id) {
    return new SegmentProfile(id, analysed, useCases, frictions, frictionSeverity, frictionEvidence, frictionCause,
        valueSignals, willingnessToPay, personaHints, frustrationSum);
  }

  /**
   * The insights a not-analysed member inherits: labels held by at least {@code k} distinct analysed users and by
   * {@value #INHERIT_SHARE} of them, at most three of each kind; null when fewer than {@code k} users were analysed
   * (one user's reading must not be copied onto a segment).
   */
  public Insights inherited(int k) {
    if (analysed < k) {
      return null;
    }
    List<String> cases = common(useCases, k);
    List<FrictionPoint> points = common(frictions, k).stream()
        .map(l -> new FrictionPoint(l, frictionSeverity.getOrDefault(l, 1), emptyToNull(frictionEvidence.get(l)),
            frictionCause.get(l)))
        .toList();
    List<String> wtp = common(willingnessToPay, k);
    return new Insights(
        "segment-" + segmentId,
        "Not analysed today: inherits segment " + segmentId + "'s common insights, from " + analysed
            + " analysed users.",
        cases,
        cases.isEmpty() ? null : cases.get(0),
        points,
        common(valueSignals, k),
        new WillingnessToPay(wtp.isEmpty() ? "none" : wtp.get(0),
            "most common signal among the segment's analysed users"),
        Math.round(frustrationSum / (float) analysed),
        List.of(),
        null);
  }

  /** Labels by distinct users, most first; ties alphabetical. */
  public static List<Map.Entry<String, Integer>> ranked(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  private List<String> common(Map<String, Integer> counts, int k) {
    return ranked(counts).stream()
        .filter(e -> e.getValue() >= k && e.getValue() >= INHERIT_SHARE * analysed)
        .limit(INHERIT_LABELS)
        .map(Map.Entry::getKey)
        .toList();
  }

  static String label(String text) {
    return text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
