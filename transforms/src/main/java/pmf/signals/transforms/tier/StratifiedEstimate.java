package pmf.signals.transforms.tier;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A population share estimated from a stratified sample, with a 95% confidence interval: the weighted mean of the
 * strata's sample shares, and the stratified variance with the finite-population correction. A stratum's share in the
 * variance is shrunk towards 1/2 by half a success ((x + 0.5) / (n + 1)), so a stratum whose sample happened to be all
 * yes or all no still contributes its uncertainty instead of none.
 */
public final class StratifiedEstimate {
  private static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  public static final String METHOD = "stratified estimator over segments (outliers their own stratum), Wald 95% CI"
      + " with finite-population correction and (x+0.5)/(n+1) stratum variances";

  private StratifiedEstimate() {}

  /** One consenting user: their stratum, whether they are in the sample, and (if so) whether the rate holds for them. */
  public record Observation(String stratum, boolean sampled, boolean hit) {}

  /** The estimate, its interval, the sample and population sizes. */
  public record Estimate(double estimate, double low, double high, long sampled, long population) {}

  public static Estimate of(List<Observation> observations) {
    Map<String, long[]> strata = new TreeMap<>(); // stratum -> {N, n, x}
    for (Observation o : observations) {
      long[] s = strata.computeIfAbsent(o.stratum(), k -> new long[3]);
      s[0]++;
      if (o.sampled()) {
        s[1]++;
        if (o.hit()) {
          s[2]++;
        }
      }
    }
    return ofStrata(strata);
  }

  /** From counts: each stratum as {users, drawn, drawn users the rate holds for}. */
  public static Estimate ofStrata(Map<String, long[]> strata) {
    long population = strata.values().stream().mapToLong(s -> s[0]).sum();
    long sampled = strata.values().stream().mapToLong(s -> s[1]).sum();
    long hits = strata.values().stream().mapToLong(s -> s[2]).sum();
    if (population == 0 || sampled == 0) {
      return new Estimate(Double.NaN, 0, 1, sampled, population);
    }
    double overall = hits / (double) sampled;
    double estimate = 0;
    double variance = 0;
    for (long[] s : strata.values()) {
      double weight = s[0] / (double) population;
      long n = s[1];
      if (n == 0) { // a stratum nobody was drawn from: the overall share, and the widest variance one user could have
        estimate += weight * overall;
        variance += weight * weight * 0.25;
        continue;
      }
      estimate += weight * (s[2] / (double) n);
      double shrunk = (s[2] + 0.5) / (n + 1.0);
      double spread = n < 2 ? 0.25 : shrunk * (1 - shrunk) * n / (n - 1.0);
      double fpc = 1 - n / (double) s[0];
      variance += weight * weight * fpc * spread / n;
    }
    double half = Z95 * Math.sqrt(variance);
    return new Estimate(estimate, Math.max(0, estimate - half), Math.min(1, estimate + half), sampled, population);
  }
}
