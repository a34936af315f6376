package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The behaviour features segments are built on, standardised (z-scores) with the means and spreads of the day's fit
 * sample: what users do (the mix of services they run, chat versus jobs, their plan, how much they keep and share of
 * what they make, how many jobs). Outcomes (return, credit exhaustion, failures, active days) are left out on purpose:
 * they are what the report compares between segments, so they must not be what forms them. The services and plans that
 * become features are the ones the sample uses, so a product with other service names gets its own columns.
 */
public record FeatureSpace(List<String> names, List<String> services, List<String> plans, double[] mean,
    double[] scale) implements Serializable {

  /** Services and plans beyond these counts (the rarest) share no column of their own. */
  static final int MAX_SERVICES = 12;

  static final int MAX_PLANS = 6;

  private static final List<String> BASE = List.of("jobs", "chat_share", "downloads_per_job", "shares_per_job");

  /** Fits the columns and their standardisation on {@code sample}. */
  public static FeatureSpace fit(List<UserMetrics> sample) {
    List<String> services = mostCommon(sample, true, MAX_SERVICES);
    List<String> plans = mostCommon(sample, false, MAX_PLANS);
    List<String> names = new ArrayList<>(BASE);
    services.forEach(s -> names.add("service:" + s));
    plans.forEach(p -> names.add("plan:" + p));
    int d = names.size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    FeatureSpace unscaled = new FeatureSpace(names, services, plans, mean, scale);
    List<double[]> raw = sample.stream().map(unscaled::raw).toList();
    standardise(raw, mean, scale);
    return new FeatureSpace(List.copyOf(names), services, plans, mean, scale);
  }

  /**
   * Fills {@code mean} and {@code scale} (sample standard deviation) of each column of {@code rows}; a constant column
   * gets scale 1, so it standardises to 0 instead of dividing by 0. NaN marks a value a row does not have: it is left
   * out of its column's mean and spread.
   */
  public static void standardise(List<double[]> rows, double[] mean, double[] scale) {
    int[] known = new int[mean.length];
    for (double[] x : rows) {
      for (int j = 0; j < mean.length; j++) {
        known[j] += Double.isNaN(x[j]) ? 0 : 1;
      }
    }
    for (double[] x : rows) {
      for (int j = 0; j < mean.length; j++) {
        if (!Double.isNaN(x[j])) {
          mean[j] += x[j] / known[j];
        }
      }
    }
    for (double[] x : rows) {
      for (int j = 0; j < mean.length; j++) {
        if (!Double.isNaN(x[j])) {
          scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / Math.max(1, known[j] - 1);
        }
      }
    }
    for (int j = 0; j < mean.length; j++) {
      scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1.0;
    }
  }

  /** The user's features in their own units (counts on a log scale, shares, flags). */
  public double[] raw(UserMetrics m) {
    double[] x = new double[names.size()];
    int jobs = m.jobs();
    x[0] = Math.log1p(jobs);
    x[1] = m.userMessages() + jobs == 0 ? 0 : m.userMessages() / (double) (m.userMessages() + jobs);
    x[2] = m.downloads() / (double) Math.max(1, m.jobsSucceeded());
    x[3] = m.shares() / (double) Math.max(1, m.jobsSucceeded());
    int j = BASE.size();
    Map<String, Integer> byService = m.jobsByService() == null ? Map.of() : m.jobsByService();
    for (String service : services) {
      x[j++] = jobs == 0 ? 0 : byService.getOrDefault(service, 0) / (double) jobs;
    }
    for (String plan : plans) {
      x[j++] = plan.equals(m.plan()) ? 1 : 0;
    }
    return x;
  }

  /** The user's features as z-scores of the fit sample. */
  public double[] standardised(UserMetrics m) {
    double[] x = raw(m);
    for (int j = 0; j < x.length; j++) {
      x[j] = (x[j] - mean[j]) / scale[j];
    }
    return x;
  }

  /** A standardised point back in the features' own units, by name (how centroids are stored). */
  public Map<String, Double> toRaw(double[] z) {
    Map<String, Double> out = new TreeMap<>();
    for (int j = 0; j < z.length; j++) {
      out.put(names.get(j), z[j] * scale[j] + mean[j]);
    }
    return out;
  }

  /** A point stored in raw units (maybe of another day's columns) standardised here; missing columns are average. */
  public double[] fromRaw(Map<String, Double> raw) {
    double[] z = new double[names.size()];
    for (int j = 0; j < z.length; j++) {
      Double v = raw.get(names.get(j));
      z[j] = v == null ? 0 : (v - mean[j]) / scale[j];
    }
    return z;
  }

  private static List<String> mostCommon(List<UserMetrics> sample, boolean services, int limit) {
    Map<String, Integer> users = new TreeMap<>();
    for (UserMetrics m : sample) {
      if (services) {
        if (m.jobsByService() != null) {
          m.jobsByService().forEach((s, n) -> users.merge(s, n > 0 ? 1 : 0, Integer::sum));
        }
      } else if (m.plan() != null) {
        users.merge(m.plan(), 1, Integer::sum);
      }
    }
    return users.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .map(Map.Entry::getKey)
        .sorted(Comparator.naturalOrder())
        .toList();
  }
}
