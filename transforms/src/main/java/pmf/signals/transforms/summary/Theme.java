package pmf.signals.transforms.summary;

import java.io.Serializable;
import java.util.List;

/**
 * Labels many users gave that mean the same thing, grouped: named after its most common label; {@code cause} is the
 * kind of problem its labels' analyses gave (null when none did, or for use cases); {@code users} is the
 * estimated number of consenting users it stands for (sampling weights summed, each user once), {@code analysed} the
 * distinct analysed users behind it, {@code heldBack} how many of {@code users} it held back (their analysis rated it
 * severity 3 of 5 or more: a failure they complained about or gave up after, not one a retry fixed). A {@code symptom} theme (every label only ever evidenced by repeating a request or
 * giving up) says users struggled, not with what: it is shown, but it is not a thing to build.
 */
public record Theme(String name, List<String> labels, String cause, double users, int analysed, double share,
    double heldBack, double creditsBurnt, double meanFrustration, double abandonedAfter, boolean symptom)
    implements Serializable {

  /** Evidence kinds that show a user struggled but not with what: repeating a request, giving up. */
  public static final java.util.Set<String> SYMPTOMS = java.util.Set.of("repeated_request", "abandonment");
}
