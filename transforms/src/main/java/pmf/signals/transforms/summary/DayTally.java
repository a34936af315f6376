package pmf.signals.transforms.summary;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The day's users folded into counts, in one pass (the accumulator of {@link SummarizeDay}'s combine): who was active,
 * the funnel, value and pay signals, what analysed users said (per label: the users who said it and the weight each
 * stands for), successful users against the others, each segment's outcomes, and the return model's scores. Only rows
 * with the user's own reading count for labels; inherited insights are copies and would count a segment many times.
 */
public final class DayTally implements Serializable {
  /** One label: each analysed user who holds it with their sampling weight, and the evidence around it. */
  /** The severity (1 minor .. 5 blocking) from which a friction counts as holding its user back. */
  public static final int HELD_BACK = 3;

  public static final class LabelStat implements Serializable {
    public final Map<String, Double> users = new TreeMap<>();
    /** Holders whose analysis rated it severity 3 of 5 or more: it held them back, not just happened to them. */
    public final Map<String, Double> heldBack = new TreeMap<>();
    /** The kinds of evidence behind the label (failed_job, complaint, repeated_request, abandonment). */
    public final java.util.Set<String> evidence = new java.util.TreeSet<>();
    /** The causes its holders' analyses gave the label (prompts/user_analysis.v2), weighted like the users. */
    public final Map<String, Double> causes = new TreeMap<>();
    public double creditsBurnt;
    public double frustration;
    public double abandoned;

    void add(String user, double weight, UserMetrics m, int frustration, boolean abandoned) {
      add(user, weight, m, frustration, abandoned, 0);
    }

    void add(String user, double weight, UserMetrics m, int frustration, boolean abandoned, int severity) {
      if (severity >= HELD_BACK) {
        heldBack.put(user, weight);
      }
      if (users.put(user, weight) == null) {
        creditsBurnt += weight * m.creditsUsedOnFailedJobs();
        this.frustration += weight * frustration;
        // Gave up after this one: the user gave up, and this friction held them back (not one a retry got past).
        this.abandoned += abandoned && severity >= HELD_BACK ? weight : 0;
      }
    }

    /** The cause most of its holders gave, or null when none did (rows from before causes were asked for). */
    public String cause() {
      return causes.entrySet().stream().max(Map.Entry.<String, Double>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).map(Map.Entry::getKey)
          .orElse(null);
    }

    void merge(LabelStat o) {
      users.putAll(o.users);
      heldBack.putAll(o.heldBack);
      evidence.addAll(o.evidence);
      o.causes.forEach((c, w) -> causes.merge(c, w, Double::sum));
      creditsBurnt += o.creditsBurnt;
      frustration += o.frustration;
      abandoned += o.abandoned;
    }
  }

  /** Sums of a group's metrics, for "successful users against the others". */
  public static final class Group implements Serializable {
    public long users;
    public double hoursToFirstSuccess;
    public long withFirstSuccess;
    public double jobFailureRate;
    public long withJobs;
    public double activeDays;
    public double conversationDepth;
    public double creditsUsed;

    void add(UserMetrics m) {
      users++;
      if (m.hoursToFirstSuccessfulJob() != null) {
        hoursToFirstSuccess += m.hoursToFirstSuccessfulJob();
        withFirstSuccess++;
      }
      if (m.jobFailureRate() != null) {
        jobFailureRate += m.jobFailureRate();
        withJobs++;
      }
      activeDays += m.activeDays();
      conversationDepth += m.avgConversationDepth();
      creditsUsed += m.creditsUsed();
    }

    void merge(Group o) {
      users += o.users;
      hoursToFirstSuccess += o.hoursToFirstSuccess;
      withFirstSuccess += o.withFirstSuccess;
      jobFailureRate += o.jobFailureRate;
      withJobs += o.withJobs;
      activeDays += o.activeDays;
      conversationDepth += o.conversationDepth;
      creditsUsed += o.creditsUsed;
    }
  }

  /** A segment's outcomes and pay signals. */
  public static final class SegmentStat implements Serializable {
    public long users;
    public long returned;
    public long creditLimit;
    public double returnProbability;
    public long scored;
    public final Map<String, Long> paySignal = new TreeMap<>();

    void merge(SegmentStat o) {
      users += o.users;
      returned += o.returned;
      creditLimit += o.creditLimit;
      returnProbability += o.returnProbability;
      scored += o.scored;
      o.paySignal.forEach((k, v) -> paySignal.merge(k, v, Long::sum));
    }
  }

  public long active;
  public long consenting;
  public long read;
  public long inherited;
  public long newUsers;
  public long ranJob;
  public long jobSucceeded;
  /** Users with at least one failed job: the share of job-runners a failure reached, beside the share of jobs. */
  public long jobFailed;
  public long keptResult;
  public long returned;
  public long creditLimit;
  public long downloads;
  public long shares;
  /** Users whose downloads, shares and credit-limit hits are unknown: the database has no user_actions yet. */
  public long actionsUntracked;
  public long jobsFinished;
  public long jobsSucceededTotal;
  public double readWeight;
  public long scored;
  public double returnProbability;
  public long likelyToReturn;
  public final Map<String, LabelStat> useCases = new TreeMap<>();
  public final Map<String, LabelStat> frictions = new TreeMap<>();
  public final Group successful = new Group();
  public final Group others = new Group();
  public final Map<Integer, SegmentStat> segments = new TreeMap<>();
  public final DayEstimates estimates = new DayEstimates();

  /** A successful user got a result they kept (a succeeded job downloaded or shared) and came back. */
  public static boolean successful(UserMetrics m) {
    return m.jobsSucceeded() > 0 && UserMetrics.orZero(m.downloads()) + UserMetrics.orZero(m.shares()) > 0
        && m.returnedAfterFirstDay();
  }

  public DayTally add(UserAnalysis row) {
    UserMetrics m = row.metrics();
    active++;
    consenting += "not_eligible".equals(row.selection()) ? 0 : 1;
    inherited += row.llmStatus() == LlmStatus.INHERITED ? 1 : 0;
    newUsers += m.daysSinceSignup() != null && m.daysSinceSignup() == 0 ? 1 : 0;
    ranJob += m.jobs() > 0 ? 1 : 0;
    jobSucceeded += m.jobsSucceeded() > 0 ? 1 : 0;
    jobFailed += m.jobsFailed() > 0 ? 1 : 0;
    keptResult += m.jobsSucceeded() > 0 && UserMetrics.orZero(m.downloads()) + UserMetrics.orZero(m.shares()) > 0
        ? 1 : 0;
    returned += m.returnedAfterFirstDay() ? 1 : 0;
    creditLimit += UserMetrics.orZero(m.creditLimitHits()) > 0 ? 1 : 0;
    downloads += UserMetrics.orZero(m.downloads());
    shares += UserMetrics.orZero(m.shares());
    actionsUntracked += m.creditLimitHits() == null ? 1 : 0;
    jobsFinished += m.jobsSucceeded() + m.jobsFailed();
    jobsSucceededTotal += m.jobsSucceeded();
    (successful(m) ? successful : others).add(m);
    estimates.add(row);
    if (row.returnProbability() != null) {
      scored++;
      returnProbability += row.returnProbability();
      likelyToReturn += row.returnProbability() >= 0.5 ? 1 : 0;
    }
    if (row.segmentId() != null) {
      SegmentStat s = segments.computeIfAbsent(row.segmentId(), k -> new SegmentStat());
      s.users++;
      s.returned += m.returnedAfterFirstDay() ? 1 : 0;
      s.creditLimit += UserMetrics.orZero(m.creditLimitHits()) > 0 ? 1 : 0;
      if (row.returnProbability() != null) {
        s.returnProbability += row.returnProbability();
        s.scored++;
      }
      if (ownReading(row) && row.insights().willingnessToPay() != null) {
        s.paySignal.merge(label(row.insights().willingnessToPay().signal()), 1L, Long::sum);
      }
    }
    if (ownReading(row)) {
      read++;
      double weight = row.sampleWeight() > 0 ? row.sampleWeight() : 1.0;
      readWeight += weight;
      int frustration = row.insights().frustration();
      for (String useCase : row.insights().useCases()) {
        useCases.computeIfAbsent(label(useCase), k -> new LabelStat()).add(row.userId(), weight, m, frustration, false);
      }
      // A user who gave up counts as abandonment for each friction that held them back, not only for the symptom.
      boolean gaveUp = row.insights().frictionPoints().stream().anyMatch(f -> "abandonment".equals(f.evidence()));
      for (FrictionPoint f : row.insights().frictionPoints()) {
        LabelStat stat = frictions.computeIfAbsent(label(f.description()), k -> new LabelStat());
        stat.add(row.userId(), weight, m, frustration, gaveUp, f.severity());
        if (f.evidence() != null) {
          stat.evidence.add(f.evidence());
        }
        if (f.cause() != null) {
          stat.causes.merge(f.cause(), weight, Double::sum);
        }
      }
    }
    return this;
  }

  public DayTally merge(DayTally o) {
    active += o.active;
    consenting += o.consenting;
    read += o.read;
    inherited += o.inherited;
    newUsers += o.newUsers;
    ranJob += o.ranJob;
    jobSucceeded += o.jobSucceeded;
    jobFailed += o.jobFailed;
    keptResult += o.keptResult;
    returned += o.returned;
    creditLimit += o.creditLimit;
    downloads += o.downloads;
    shares += o.shares;
    actionsUntracked += o.actionsUntracked;
    jobsFinished += o.jobsFinished;
    jobsSucceededTotal += o.jobsSucceededTotal;
    readWeight += o.readWeight;
    scored += o.scored;
    returnProbability += o.returnProbability;
    likelyToReturn += o.likelyToReturn;
    o.useCases.forEach((k, v) -> useCases.computeIfAbsent(k, x -> new LabelStat()).merge(v));
    o.frictions.forEach((k, v) -> frictions.computeIfAbsent(k, x -> new LabelStat()).merge(v));
    successful.merge(o.successful);
    others.merge(o.others);
    o.segments.forEach((k, v) -> segments.computeIfAbsent(k, x -> new SegmentStat()).merge(v));
    estimates.merge(o.estimates);
    return this;
  }

  /** Insights from the user's own conversations (not inherited from a segment). */
  static boolean ownReading(UserAnalysis row) {
    return row.insights() != null && (row.llmStatus() == LlmStatus.OK || row.llmStatus() == LlmStatus.CACHED
        || row.llmStatus() == LlmStatus.OFFLINE);
  }

  static String label(String text) {
    return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
  }
}
