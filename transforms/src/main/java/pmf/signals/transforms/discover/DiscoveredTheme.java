package pmf.signals.transforms.discover;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A cluster of what users wrote, named by its terms and tied to what they did around it.
 *
 * @param kind {@link #FRICTION} (follow-up lines that came after trouble, or with which users left, far more often
 *     than the day's follow-ups), {@link #USE_CASE} (the requests that open conversations), {@link #FOLLOW_UP} (routine
 *     follow-ups: users wrote them and carried on as usual)
 * @param name its label terms joined ("mesh, slicer, watertight")
 * @param terms the label's terms, each written by at least k distinct users of the cluster, by c-TF-IDF weight
 * @param users the consenting users it stands for (sampling weights summed, each user once)
 * @param distinctUsers the distinct users whose lines are in it
 * @param lines how many lines
 * @param heldBack users (weighted) with a line in it right after trouble: a failed job, a credit limit, a result not kept
 * @param gaveUp users (weighted) with a line in it that ended the conversation: nothing answered it
 * @param creditsLost credits (weighted) spent just before its lines on jobs that failed or whose result was not kept
 * @param troubleRate share of its lines that came right after trouble; {@code baselineTrouble} the same over the
 *     day's lines of its kind
 * @param leftRate share of its lines that ended their conversation; {@code baselineLeft} over the day's lines
 * @param returnRate share of its users who came back after their first day; {@code baselineReturn} over every user
 *     with lines
 * @param cause the kind of problem its behaviour shows (the failure category just before its lines, as the analysis
 *     schema names causes), null when none dominates
 * @param service the service of the jobs just before its lines, when one dominates
 * @param centroid the cluster's centre (unit length), for checking an LLM theme against what users wrote
 * @param userIds who wrote its lines (inside the pipeline only: no output lists them)
 * @param after for a friction, what its lines came right after ("video generation jobs failing (timeout)"); null when
 *     no one trouble dominates
 */
public record DiscoveredTheme(String kind, String name, List<String> terms, double users, int distinctUsers, int lines,
    double heldBack, double gaveUp, double creditsLost, double troubleRate, double baselineTrouble, double leftRate,
    double baselineLeft, double returnRate, double baselineReturn, String cause, String service, float[] centroid,
    Set<String> userIds, String after) implements Serializable {
  public DiscoveredTheme {
    terms = List.copyOf(terms); // a serialisable copy: the theme travels in a side input
    userIds = new java.util.TreeSet<>(userIds);
  }

  public static final String FRICTION = "friction";
  public static final String USE_CASE = "use_case";
  public static final String FOLLOW_UP = "follow_up";
}
