package pmf.signals.transforms.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups labels by meaning: each label, most widely held first, joins the first theme whose centre is within the
 * embedder's cosine {@link LabelEmbedder#similar()} of it, or starts one. Distinct users are counted per theme (a user with two labels of one theme counts
 * once); themes held by fewer than k analysed users are not named (they fold into "other").
 */
public final class ThemeGrouper {
  private ThemeGrouper() {}

  /** Themes with at least {@code k} analysed users, most users first; {@code population} is the share's denominator. */
  public static List<Theme> group(Map<String, DayTally.LabelStat> labels, LabelEmbedder embedder, double population,
      int k) {
    List<String> ordered = new ArrayList<>(labels.keySet());
    ordered.removeIf(String::isBlank);
    ordered.sort(Comparator.comparingInt((String l) -> -labels.get(l).users.size()).thenComparing(l -> l));
    List<List<String>> groups = new ArrayList<>();
    List<float[]> centres = new ArrayList<>();
    embedder.prepare(ordered);
    for (String label : ordered) {
      float[] v = normalised(embedder.embed(label));
      int best = -1;
      double bestSimilarity = embedder.similar();
      for (int g = 0; g < groups.size(); g++) {
        double similarity = dot(v, normalised(centres.get(g)));
        if (similarity >= bestSimilarity) {
          best = g;
          bestSimilarity = similarity;
        }
      }
      if (best < 0) {
        groups.add(new ArrayList<>(List.of(label)));
        centres.add(v.clone());
      } else {
        groups.get(best).add(label);
        float[] c = centres.get(best);
        for (int j = 0; j < c.length; j++) {
          c[j] += v[j];
        }
      }
    }
    List<Theme> themes = new ArrayList<>();
    for (List<String> group : groups) {
      Map<String, Double> users = new TreeMap<>();
      double credits = 0;
      double frustration = 0;
      double abandoned = 0;
      boolean symptom = true;
      for (String label : group) {
        DayTally.LabelStat s = labels.get(label);
        users.putAll(s.users);
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
      themes.add(new Theme(group.get(0), List.copyOf(group), weight, users.size(),
          population == 0 ? 0 : weight / population, credits, labelWeight == 0 ? 0 : frustration / labelWeight,
          abandoned, symptom));
    }
    themes.sort(Comparator.comparingDouble((Theme t) -> -t.users()).thenComparing(Theme::name));
    return themes;
  }

  private static float[] normalised(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = (float) (v[j] / (norm == 0 ? 1 : norm));
    }
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }
}
