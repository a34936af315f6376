package pmf.signals.transforms.summary;

import java.io.Serializable;
import java.util.List;

/**
 * Labels many users gave that mean the same thing, grouped: named after its most common label; {@code users} is the
 * estimated number of consenting users it stands for (sampling weights summed, each user once), {@code analysed} the
 * distinct analysed users behind it.
 */
public record Theme(String name, List<String> labels, double users, int analysed, double share, double creditsBurnt,
    double meanFrustration, double abandonedAfter) implements Serializable {}
