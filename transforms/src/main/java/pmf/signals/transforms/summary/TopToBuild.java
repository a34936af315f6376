package pmf.signals.transforms.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Ranks friction themes by evidence, each part scaled to the day's largest: how many users it held back (their analysis
 * rated it severity 3 of 5 or more: 25%), how many hit it at all (15%), credits spent on jobs that failed (25%), how
 * many of them gave up after a problem (20%), and frustration (15%). The weights are a product judgement: reach that
 * hurts first, then money lost, then churn risk; a failure a retry fixed reaches users without holding them back.
 * Symptom themes (repeating a request, giving up) are evidence for the others, not things to build, so they are not
 * ranked.
 */
public final class TopToBuild {
  public record Pick(int rank, Theme theme, double score, String why) {}

  private TopToBuild() {}

  public static List<Pick> rank(List<Theme> themes, int top) {
    List<Theme> frictions = themes.stream().filter(t -> !t.symptom()).toList();
    double maxUsers = frictions.stream().mapToDouble(Theme::users).max().orElse(1);
    double maxHeldBack = Math.max(1, frictions.stream().mapToDouble(Theme::heldBack).max().orElse(1));
    double maxCredits = Math.max(1, frictions.stream().mapToDouble(Theme::creditsBurnt).max().orElse(1));
    double maxAbandoned = Math.max(1, frictions.stream().mapToDouble(Theme::abandonedAfter).max().orElse(1));
    List<Theme> ordered = new ArrayList<>(frictions);
    ordered.sort(Comparator.comparingDouble((Theme t) -> -score(t, maxUsers, maxHeldBack, maxCredits, maxAbandoned))
        .thenComparing(Theme::name));
    List<Pick> out = new ArrayList<>();
    for (Theme t : ordered.subList(0, Math.min(top, ordered.size()))) {
      out.add(new Pick(out.size() + 1, t, score(t, maxUsers, maxHeldBack, maxCredits, maxAbandoned), why(t)));
    }
    return out;
  }

  static double score(Theme t, double maxUsers, double maxHeldBack, double maxCredits, double maxAbandoned) {
    return 0.25 * t.heldBack() / maxHeldBack + 0.15 * t.users() / maxUsers + 0.25 * t.creditsBurnt() / maxCredits
        + 0.20 * t.abandonedAfter() / maxAbandoned
        + (Double.isNaN(t.meanFrustration()) ? 0 : 0.15 * Math.min(1, t.meanFrustration() / 5)); // discovered: unknown
  }

  /** The evidence in words, its share of the consenting users it is of; a count of zero is left unsaid. */
  static String why(Theme t) {
    List<String> parts = new ArrayList<>();
    parts.add(String.format(Locale.ROOT, "%,.0f users (%.0f%% of consenting users) hit it", t.users(),
        100 * t.share()));
    if (Math.round(t.heldBack()) > 0) {
      parts.add(String.format(Locale.ROOT, "it held back %,.0f of them", t.heldBack()));
    }
    if (Math.round(t.creditsBurnt()) > 0) {
      parts.add(String.format(Locale.ROOT, "%,.0f credits went on jobs that failed for them", t.creditsBurnt()));
    }
    if (Math.round(t.abandonedAfter()) > 0) {
      parts.add(String.format(Locale.ROOT, "%,.0f of them gave up on a conversation after a problem",
          t.abandonedAfter()));
    }
    int last = parts.size() - 1;
    return last == 0 ? parts.get(0) : String.join(", ", parts.subList(0, last)) + " and " + parts.get(last);
  }
}
