package pmf.signals.devtools;

/** A cohort load refused or failed for a reason a person can act on; the message says what to do. */
public class CohortLoadException extends RuntimeException {
  public CohortLoadException(String message) {
    super(message);
  }

  public CohortLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
