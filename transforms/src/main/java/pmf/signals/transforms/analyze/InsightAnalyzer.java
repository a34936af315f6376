package pmf.signals.transforms.analyze;

import java.io.Serializable;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The seam every analyzer plugs into: the offline rules and Gemini. It is only ever called for one consenting user
 * at a time, so a prompt can never carry another user's data.
 */
public interface InsightAnalyzer extends Serializable {

  /** Model name stored with every row ({@code offline} for the rule-based analyzer). */
  String model();

  /** Prompt or rule-set name plus a hash of its content, stored with every row. */
  String promptVersion();

  /** Opens clients; called once per DoFn instance. */
  default void setup() throws Exception {}

  /**
   * Analyses one user; problems are reported in the result, not thrown. Must be thread-safe when
   * {@link #concurrency()} is above one.
   */
  AnalyzerResult analyze(UserActivity activity, UserMetrics metrics);

  /**
   * As {@link #analyze(UserActivity, UserMetrics)}, given what {@link #inputFingerprint} rendered for this user, so an
   * analyzer that sends its fingerprint (Gemini's context) does not render and scrub it again.
   */
  default AnalyzerResult analyze(UserActivity activity, UserMetrics metrics, String fingerprint) {
    return analyze(activity, metrics);
  }

  /**
   * What this analyzer reads of the user, as text that changes exactly when its answer could; it goes into
   * {@code input_hash}. Default: the user's source rows.
   */
  default String inputFingerprint(UserActivity activity, UserMetrics metrics) {
    return activity.sourceHash();
  }

  /** Whether an answer is costly enough that a user whose input is unchanged should get the stored one instead. */
  default boolean reusesAnswers() {
    return false;
  }

  /** How many users one worker may analyse at once: more than one for analyzers that wait on the network. */
  default int concurrency() {
    return 1;
  }

  default void teardown() throws Exception {}
}
