package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The features segments are built on, fitted on the day's fit sample. Behaviour: what users do (the mix of services
 * they run, chat versus jobs, their plan, how much they keep and share of what they make, how many jobs), each column a
 * z-score of the sample. Outcomes (return, credit exhaustion, failures, active days) are left out on purpose: they are
 * what the report compares between segments, so they must not be what forms them. The services and plans that become
 * features are the ones the sample uses, so a product with other service names gets its own columns.
 *
 * <p>Requests: what users ask for, as a bag of words over the day's vocabulary ({@code term:logo} columns). The
 * vocabulary is the terms ({@link RequestTerms}) used by at least max(k, {@value #MIN_TERM_SHARE} of the sample's users
 * with text) and at most {@value #MAX_TERM_SHARE} of them, the {@value #MAX_TERMS} most widely used; k is
 * {@code --minGroupUsers}, so a column name is always a word at least k users wrote. A user's vector is TF-IDF with
 * sublinear tf (1 + ln count) and smoothed idf, L2-normalised, so a long conversation weighs no more than a short one;
 * users without text (no consent, no requests) have no value there (NaN: unknown, not "asked for nothing"), so they
 * neither pull the term columns' means nor form a segment of their own, and are placed by behaviour alone
 * ({@link TextlessPlacement}; {@link #distance} says how far they sit). Term columns share one
 * scale, set as multiple factor analysis weights blocks: the text block's leading principal axis gets
 * {@value #TEXT_WEIGHT}² times the variance the behaviour block's has over the sample (whose columns are z-scores), so
 * neither block's main structure drowns the other's, however many columns each has, and what users ask for (the job
 * they came to do, which is what a persona is) leans a little further than how they click. Equal total variance would
 * not do: a bag of words spreads its variance over many near-orthogonal directions, so its main axes would end up far
 * weaker than behaviour's. Within the text block a term weighs what TF-IDF says (standardising each term column would
 * blow a rare word up to the weight of the plan).
 *
 * @param textlessWeight what a squared distance over the behaviour columns alone is multiplied by for a user without
 *     text, so it is on the scale of a distance over all columns: the sample's total variance over all columns divided
 *     by the behaviour columns' (1 without term columns)
 */
public record FeatureSpace(List<String> names, List<String> services, List<String> plans, List<String> terms,
    double[] idf, double[] mean, double[] scale, double textlessWeight) implements Serializable {

  /** Services and plans beyond these counts (the rarest) share no column of their own. */
  static final int MAX_SERVICES = 12;

  static final int MAX_PLANS = 6;

  /**
   * Vocabulary: at most this many terms, the most widely used. Words that tell one kind of user from another ("quiz",
   * "function", "episode") are each used by only a few percent of users, so the cap must reach past the common ones.
   */
  static final int MAX_TERMS = 300;

  /** How far the text block's leading axis reaches against the behaviour block's (1 = multiple factor analysis). */
  static final double TEXT_WEIGHT = 1.5;

  /** A term must be used by at least this share of the sample's users with text (and by at least k users). */
  static final double MIN_TERM_SHARE = 0.01;

  /** A term used by more than this share of them ("image", "make") tells users apart too little. */
  static final double MAX_TERM_SHARE = 0.5;

  static final String TERM = "term:";

  private static final int POWER_ITERATIONS = 300;

  private static final List<String> BASE = List.of("jobs", "chat_share", "downloads_per_job", "shares_per_job");

  /** Behaviour only, as if no user had text (kept for callers that have only metrics). */
  public static FeatureSpace fit(List<UserMetrics> sample) {
    return fitInputs(sample.stream().map(SegmentInput::of).toList(), 1);
  }

  /** Fits the columns and their scales on {@code sample}; a term must be used by at least {@code minTermUsers}. */
  public static FeatureSpace fitInputs(List<SegmentInput> sample, int minTermUsers) {
    List<UserMetrics> metrics = sample.stream().map(SegmentInput::metrics).toList();
    List<String> services = mostCommon(metrics, true, MAX_SERVICES);
    List<String> plans = mostCommon(metrics, false, MAX_PLANS);
    Map<String, Integer> df = documentFrequency(sample);
    int withText = (int) sample.stream().filter(u -> !u.requestTerms().isEmpty()).count();
    List<String> terms = vocabulary(df, withText, minTermUsers);
    List<String> names = new ArrayList<>(BASE);
    services.forEach(s -> names.add("service:" + s));
    plans.forEach(p -> names.add("plan:" + p));
    terms.forEach(t -> names.add(TERM + t));
    double[] idf = new double[terms.size()];
    for (int t = 0; t < idf.length; t++) { // smoothed idf over the users with text: a rarer word says more
      idf[t] = Math.log((1.0 + withText) / (1.0 + df.get(terms.get(t)))) + 1;
    }
    int d = names.size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    FeatureSpace unscaled = new FeatureSpace(names, services, plans, terms, idf, mean, scale, 1.0);
    List<double[]> raw = sample.stream().map(unscaled::raw).toList();
    standardise(raw, mean, scale); // term columns: over the users with text only (NaN elsewhere)
    int behaviour = d - terms.size();
    // Multiple factor analysis's block weighting: each block's leading principal axis gets the same variance.
    double behaviourAxis = leadingVariance(raw, mean, scale, 0, behaviour);
    double[] unit = new double[d];
    java.util.Arrays.fill(unit, 1.0);
    List<double[]> withTextRows = raw.stream().filter(FeatureSpace::complete).toList();
    double textAxis = leadingVariance(withTextRows, mean, unit, behaviour, d);
    double textScale = textAxis > 1e-12 && behaviourAxis > 1e-12
        ? Math.sqrt(textAxis / behaviourAxis) / TEXT_WEIGHT : 1.0;
    double behaviourVariance = 0;
    for (int j = 0; j < behaviour; j++) { // a z-score has variance 1; a constant column (scale 1) has none
      behaviourVariance += columnVaries(raw, j) ? 1 : 0;
    }
    double textVariance = 0;
    for (int j = behaviour; j < d; j++) {
      textVariance += scale[j] * scale[j] / (textScale * textScale);
      scale[j] = textScale;
    }
    double textlessWeight = terms.isEmpty() || behaviourVariance == 0 || withTextRows.isEmpty()
        ? 1.0 : (behaviourVariance + textVariance) / behaviourVariance;
    return new FeatureSpace(List.copyOf(names), services, plans, terms, idf, mean, scale, textlessWeight);
  }

  /** Whether every column of {@code x} is known (a user with text, or a space without term columns). */
  public static boolean complete(double[] x) {
    for (double v : x) {
      if (Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean columnVaries(List<double[]> rows, int j) {
    for (double[] x : rows) {
      if (Math.abs(x[j] - rows.get(0)[j]) > 1e-12) {
        return true;
      }
    }
    return false;
  }

  /**
   * Euclidean distance from a standardised user {@code x} to a centre, over the columns {@code x} has: for a user
   * without text, the behaviour columns' distance scaled by {@link #textlessWeight}, so users with and without text
   * are compared on the same scale (outliers, users nearest their centre) and placed by what is known of them.
   */
  public double distance(double[] x, double[] centre) {
    double sum = 0;
    boolean missing = false;
    for (int j = 0; j < x.length; j++) {
      if (Double.isNaN(x[j])) {
        missing = true;
      } else {
        double diff = x[j] - centre[j];
        sum += diff * diff;
      }
    }
    return Math.sqrt(missing ? sum * textlessWeight : sum);
  }

  /** The vocabulary: terms within the user-count bounds, the {@value #MAX_TERMS} most used, in alphabetical order. */
  static List<String> vocabulary(Map<String, Integer> df, int usersWithText, int minTermUsers) {
    int atLeast = Math.max(Math.max(1, minTermUsers), (int) Math.ceil(MIN_TERM_SHARE * usersWithText));
    double atMost = MAX_TERM_SHARE * usersWithText;
    return df.entrySet().stream()
        .filter(e -> e.getValue() >= atLeast && e.getValue() <= atMost)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_TERMS)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Distinct users per term. */
  static Map<String, Integer> documentFrequency(List<SegmentInput> sample) {
    Map<String, Integer> df = new HashMap<>();
    for (SegmentInput u : sample) {
      u.requestTerms().forEach((t, n) -> {
        if (n > 0) {
          df.merge(t, 1, Integer::sum);
        }
      });
    }
    return df;
  }

  /**
   * The largest eigenvalue of the sample covariance of columns {@code [from, to)} scaled as {@code (x - mean) / scale}
   * (power iteration from a fixed pseudo-random direction, so deterministic and never orthogonal to the leading axis by
   * symmetry; the covariance is never formed).
   */
  static double leadingVariance(List<double[]> rows, double[] mean, double[] scale, int from, int to) {
    int d = to - from;
    if (d == 0 || rows.size() < 2) {
      return 0;
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(d);
    double[] v = random.doubles(d, -1, 1).toArray();
    double lambda = 0;
    for (int iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
      double[] next = new double[d];
      for (double[] x : rows) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += (x[from + j] - mean[from + j]) / scale[from + j] * v[j];
        }
        for (int j = 0; j < d; j++) {
          next[j] += (x[from + j] - mean[from + j]) / scale[from + j] * dot / (rows.size() - 1);
        }
      }
      double norm = Math.sqrt(java.util.Arrays.stream(next).map(a -> a * a).sum());
      if (norm < 1e-15) {
        return 0;
      }
      boolean settled = Math.abs(norm - lambda) <= 1e-9 * norm;
      lambda = norm;
      for (int j = 0; j < d; j++) {
        v[j] = next[j] / norm;
      }
      if (settled) {
        break;
      }
    }
    return lambda;
  }

  /** The term a column stands for, or null for a behaviour column. */
  public static String termOf(String column) {
    return column.startsWith(TERM) ? column.substring(TERM.length()) : null;
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

  /** Behaviour only (no text known). */
  public double[] raw(UserMetrics m) {
    return raw(SegmentInput.of(m));
  }

  /**
   * The user's features in their own units (counts on a log scale, shares, flags, TF-IDF weights); the term columns of
   * a user without text are NaN (unknown).
   */
  public double[] raw(SegmentInput u) {
    UserMetrics m = u.metrics();
    double[] x = new double[names.size()];
    int jobs = m.jobs();
    x[0] = Math.log1p(jobs);
    x[1] = m.userMessages() + jobs == 0 ? 0 : m.userMessages() / (double) (m.userMessages() + jobs);
    x[2] = UserMetrics.orZero(m.downloads()) / (double) Math.max(1, m.jobsSucceeded());
    x[3] = UserMetrics.orZero(m.shares()) / (double) Math.max(1, m.jobsSucceeded());
    int j = BASE.size();
    Map<String, Integer> byService = m.jobsByService() == null ? Map.of() : m.jobsByService();
    for (String service : services) {
      x[j++] = jobs == 0 ? 0 : byService.getOrDefault(service, 0) / (double) jobs;
    }
    for (String plan : plans) {
      x[j++] = plan.equals(m.plan()) ? 1 : 0;
    }
    if (u.requestTerms().isEmpty()) {
      java.util.Arrays.fill(x, j, x.length, Double.NaN);
      return x;
    }
    double norm = 0;
    for (int t = 0; t < terms.size(); t++) {
      int n = u.requestTerms().getOrDefault(terms.get(t), 0);
      double w = n > 0 ? (1 + Math.log(n)) * idf[t] : 0;
      x[j + t] = w;
      norm += w * w;
    }
    if (norm > 0) {
      for (int t = 0; t < terms.size(); t++) {
        x[j + t] /= Math.sqrt(norm);
      }
    }
    return x;
  }

  /** Behaviour only (no text known). */
  public double[] standardised(UserMetrics m) {
    return standardised(SegmentInput.of(m));
  }

  /** The user's features scaled as the sample's (z-scores; term columns on the text block's common scale; NaN kept). */
  public double[] standardised(SegmentInput u) {
    double[] x = raw(u);
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
