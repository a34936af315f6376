package pmf.signals.transforms.summary;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.segment.FeatureSpace;

/**
 * What the return model reads of a user on a date: early behaviour and value signals, what went wrong on the date
 * itself (jobs that failed, credit limits hit: a bad day is when users leave), counts on a log scale, the plan as
 * flags. Standardised with the training examples' means and spreads so the weights compare; a value a stored row
 * lacks (measured only since later versions) reads as the mean, so it pushes the score neither way.
 */
public record ReturnFeatures(List<String> names, List<String> plans, double[] mean, double[] scale)
    implements Serializable {

  private static final List<String> BASE = List.of("active_days", "conversations", "conversations_on_date",
      "user_messages", "conversation_depth", "jobs", "jobs_succeeded", "job_failure_rate", "credits_used",
      "credit_limit_hit", "credits_remaining", "downloads", "shares", "days_since_signup", "returned_after_first_day",
      "had_a_successful_job", "hours_to_first_success", "active_day_share", "chat_share", "jobs_failed_on_date",
      "credit_limit_hit_on_date");

  /** The window metrics cover (--lookbackDays' default): how often a user came, relative to how long they could. */
  static final int WINDOW_DAYS = 30;

  public static ReturnFeatures fit(List<UserMetrics> examples) {
    List<String> plans = examples.stream().map(UserMetrics::plan).filter(p -> p != null).distinct().sorted()
        .limit(6).toList();
    List<String> names = new ArrayList<>(BASE);
    plans.forEach(p -> names.add("plan:" + p));
    int d = names.size();
    ReturnFeatures unscaled = new ReturnFeatures(List.copyOf(names), plans, new double[d], new double[d]);
    double[] mean = new double[d];
    double[] scale = new double[d];
    FeatureSpace.standardise(examples.stream().map(unscaled::raw).toList(), mean, scale);
    return new ReturnFeatures(List.copyOf(names), plans, mean, scale);
  }

  /** Standardised features of one user; an unknown value is 0, the mean. */
  public double[] vector(UserMetrics m) {
    double[] x = raw(m);
    for (int k = 0; k < x.length; k++) {
      x[k] = Double.isNaN(x[k]) ? 0 : (x[k] - mean[k]) / scale[k];
    }
    return x;
  }

  /** The features in their own units; NaN where the row does not know the value. */
  double[] raw(UserMetrics m) {
    double[] x = new double[names.size()];
    x[0] = Math.log1p(m.activeDays());
    x[1] = Math.log1p(m.conversations());
    x[2] = Math.log1p(m.conversationsOnDate());
    x[3] = Math.log1p(m.userMessages());
    x[4] = Math.log1p(m.avgConversationDepth());
    x[5] = Math.log1p(m.jobs());
    x[6] = Math.log1p(m.jobsSucceeded());
    x[7] = m.jobFailureRate() == null ? 0 : m.jobFailureRate();
    x[8] = Math.log1p(Math.max(0, m.creditsUsed()));
    x[9] = m.creditLimitHits() == null ? Double.NaN : m.creditLimitHits() > 0 ? 1 : 0;
    x[10] = Math.log1p(Math.max(0, m.creditsRemaining() == null ? 0 : m.creditsRemaining()));
    x[11] = m.downloads() == null ? Double.NaN : Math.log1p(m.downloads());
    x[12] = m.shares() == null ? Double.NaN : Math.log1p(m.shares());
    x[13] = Math.log1p(Math.max(0, m.daysSinceSignup() == null ? 0 : m.daysSinceSignup()));
    x[14] = m.returnedAfterFirstDay() ? 1 : 0;
    x[15] = m.hoursToFirstSuccessfulJob() == null ? 0 : 1;
    x[16] = m.hoursToFirstSuccessfulJob() == null ? 0 : Math.log1p(Math.max(0, m.hoursToFirstSuccessfulJob()));
    int tenure = m.daysSinceSignup() == null ? WINDOW_DAYS : Math.min(WINDOW_DAYS, Math.max(0, m.daysSinceSignup()) + 1);
    x[17] = m.activeDays() / (double) Math.max(1, tenure);
    x[18] = m.userMessages() + m.jobs() == 0 ? 0 : m.userMessages() / (double) (m.userMessages() + m.jobs());
    x[19] = m.jobsFailedOnDate() == null ? Double.NaN : Math.log1p(m.jobsFailedOnDate());
    x[20] = m.creditLimitHitsOnDate() == null ? Double.NaN : m.creditLimitHitsOnDate() > 0 ? 1 : 0;
    int j = BASE.size();
    for (String plan : plans) {
      x[j++] = plan.equals(m.plan()) ? 1 : 0;
    }
    return x;
  }
}
