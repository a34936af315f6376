package pmf.signals.transforms.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.embed.Vectors;

/**
 * Groups labels by meaning: each label, most widely held first, joins the theme whose centre is most similar to it, or
 * starts one. Similar means within the embedder's cosine {@link LabelEmbedder#similar()}, or within the looser {@link
 * LabelEmbedder#similarWithinCause()} when label and theme name the same cause (paraphrases of one problem are often
 * further apart than alike-worded different problems); labels of two different causes never join. Distinct users are
 * counted per theme (a user with two labels of one theme counts once); themes held by fewer than k analysed users are
 * not named (they fold into "other").
 */
public final class ThemeGrouper {
  private ThemeGrouper() {}

  /** Themes with at least {@code k} analysed users, most users first; {@code population} is the share's denominator. */
  public static List<Theme> group(Map<String, DayTally.LabelStat> labels, LabelEmbedder embedder, double population,
      int k) {
    List<String> ordered = new ArrayList<>(labels.keySet());
    ordered.removeIf(String::isBlank);
    ordered.sort(Comparator.comparingInt((String l) -> -labels.get(l).users.size()).thenComparing(l -> l));
    List<Forming> groups = new ArrayList<>();
    embedder.prepare(ordered);
    for (String label : ordered) {
      float[] v = Vectors.unit(embedder.embed(label));
      String cause = specific(labels.get(label).cause());
      Forming best = null;
      double bestMargin = 0;
      for (Forming g : groups) {
        double margin = margin(v, g, cause, embedder);
        if (margin >= bestMargin) {
          best = g;
          bestMargin = margin;
        }
      }
      if (best == null) {
        groups.add(new Forming(label, v, cause));
      } else {
        best.add(label, v, cause);
      }
    }
    // Labels met in order of reach can split one problem (a paraphrase that came first); join themes that are alike.
    // Whole passes, each O(themes^2), until one joins nothing: no restart per join, so a day of many labels stays fast.
    for (boolean joined = true; joined; ) {
      joined = false;
      for (int a = 0; a < groups.size(); a++) {
        Forming into = groups.get(a);
        for (int b = a + 1; b < groups.size(); b++) {
          Forming from = groups.get(b);
          if (margin(into.unit(), from, into.cause, embedder) >= 0) {
            into.absorb(groups.remove(b));
            joined = true;
            b--; // the next theme now sits at b
          }
        }
      }
    }
    List<Theme> themes = new ArrayList<>();
    for (Forming forming : groups) {
      List<String> group = forming.labels;
      Map<String, Double> users = new TreeMap<>();
      Map<String, Double> heldBack = new TreeMap<>();
      double credits = 0;
      double frustration = 0;
      double abandoned = 0;
      boolean symptom = true;
      for (String label : group) {
        DayTally.LabelStat s = labels.get(label);
        users.putAll(s.users);
        heldBack.putAll(s.heldBack);
        credits += s.creditsBurnt; // a user under two labels of one theme adds their credits twice; rare, and stated
        frustration += s.frustration;
        abandoned += s.abandoned;
        symptom &= !s.evidence.isEmpty() && Theme.SYMPTOMS.containsAll(s.evidence);
      }
      if (users.size() < k) {
        continue;
      }
      double weight = users.values().stream().mapToDouble(Double::doubleValue).sum();
      double labelWeight = group.stream().mapToDouble(l -> labels.get(l).users.values().stream()
          .mapToDouble(Double::doubleValue).sum()).sum();
      themes.add(new Theme(group.get(0), List.copyOf(group), forming.cause, weight, users.size(),
          population == 0 ? 0 : weight / population,
          heldBack.values().stream().mapToDouble(Double::doubleValue).sum(), credits, labelWeight == 0 ? 0 : frustration / labelWeight,
          abandoned, symptom));
    }
    themes.sort(Comparator.comparingDouble((Theme t) -> -t.users()).thenComparing(Theme::name));
    return themes;
  }

  /**
   * How far {@code v} is within the threshold that applies to joining {@code theme}: the looser one for the same
   * cause, the plain one when either has none; negative infinity for two different causes (never joined).
   */
  private static double margin(float[] v, Forming theme, String cause, LabelEmbedder embedder) {
    boolean sameCause = cause != null && cause.equals(theme.cause);
    if (cause != null && theme.cause != null && !sameCause) {
      return Double.NEGATIVE_INFINITY;
    }
    return Vectors.dot(v, theme.unit()) - (sameCause ? embedder.similarWithinCause() : embedder.similar());
  }

  /**
   * A theme while labels join it: its labels, the sum of their unit vectors (the centre's direction), and its cause,
   * the first of its labels' that names one (null if none does).
   */
  private static final class Forming {
    final List<String> labels = new ArrayList<>();
    final float[] sum;
    String cause;
    /** The centre as a unit vector, kept until the sum changes: every label is compared with every theme. */
    private float[] unit;

    Forming(String label, float[] v, String cause) {
      labels.add(label);
      sum = v.clone();
      this.cause = cause;
    }

    void add(String label, float[] v, String labelCause) {
      labels.add(label);
      addToSum(v);
      cause = cause == null ? labelCause : cause;
    }

    void absorb(Forming other) {
      labels.addAll(other.labels);
      addToSum(other.sum);
      cause = cause == null ? other.cause : cause;
    }

    float[] unit() {
      if (unit == null) {
        unit = Vectors.unit(sum);
      }
      return unit;
    }

    private void addToSum(float[] v) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += v[j];
      }
      unit = null;
    }
  }

  /** A cause that names a kind of problem; "other" and none do not. */
  private static String specific(String cause) {
    return cause == null || cause.equals(pmf.signals.transforms.model.FrictionPoint.OTHER) ? null : cause;
  }
}
