package pmf.signals.devtools.cohort;

import java.util.List;

/** What was planted for one user, as the truth file records it. */
public record UserTruth(
    String userId,
    Persona persona,
    String plan,
    Boolean consent,
    long signupAt,
    int creditsRemaining,
    boolean upgraded,
    boolean apiOnly,
    List<Integer> activeDays,
    List<UseCase> useCases,
    List<Friction> frictionPoints,
    boolean returns,
    double returnProbability,
    FirstDay firstDay,
    List<PiiRecord> pii,
    List<MessyRow> messyRows) {

  /** The first active day's behaviour, which the planted return chance was computed from. */
  public record FirstDay(int conversations, int jobsSucceeded, int jobsFailed, int downloads, int shares,
      List<Friction> frictions, boolean abandoned, boolean creditLimit) {}

  /** One planted PII value and exactly where it appears. */
  public record PiiRecord(String piiClass, String subtype, String value, String region, String userId,
      String messageId, String conversationId, String field) {}

  /** One planted bad row. */
  public record MessyRow(MessyKind kind, String table, String id, String detail) {}
}
