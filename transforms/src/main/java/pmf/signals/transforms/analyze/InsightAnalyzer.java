package pmf.signals.transforms.analyze;

import java.io.Serializable;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;

/**
 * The seam every analyzer plugs into: the offline rules here, Gemini later. It is only ever called for one consenting
 * user at a time, so a prompt can never carry another user's data.
 */
public interface InsightAnalyzer extends Serializable {

  /** Model name stored with every row ({@code offline} for the rule-based analyzer). */
  String model();

  /** Prompt or rule-set name plus a hash of its content, stored with every row. */
  String promptVersion();

  /** Opens clients; called once per DoFn instance. */
  default void setup() throws Exception {}

  /** Analyses one user; problems are reported in the result, not thrown. */
  AnalyzerResult analyze(UserActivity activity, UserMetrics metrics);

  default void teardown() throws Exception {}
}
