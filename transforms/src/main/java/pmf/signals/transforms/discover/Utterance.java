package pmf.signals.transforms.discover;

import java.util.List;

/**
 * One thing a consenting user wrote, scrubbed of personal data (placeholders removed), with what happened around it:
 * the behaviour discovery ties a cluster of such lines to. The text never leaves the pipeline: only terms that at least
 * k distinct users share can name a cluster.
 *
 * @param userId whose words
 * @param weight the consenting users this user stands for (the sampling weight; 1 when everyone is read)
 * @param text the scrubbed text, placeholders removed, cut to {@link Utterances#MAX_CHARS}
 * @param terms its terms (Lucene, function words out, plurals folded), each once
 * @param opener the first thing the user wrote in the conversation (a request, usually)
 * @param afterFailure the error category of a job that failed since the user's previous line in the conversation
 *     (or {@code not enough credits} after a credit-limit hit); null when nothing failed just before
 * @param unkept a job finished since the previous line and nothing of it was downloaded or shared (null: downloads are
 *     not tracked)
 * @param unanswered the conversation ends on this line: nothing answered it
 * @param creditsLost credits spent since the previous line on jobs that failed or whose result was not kept
 * @param userReturned the user came back after their first day (their metrics)
 * @param afterService the service of the job just before it (null: none since the user's previous line)
 * @param repeatsRequest a follow-up that says again what the conversation's first line asked (a retry): its words name
 *     the task, not what went wrong
 */
public record Utterance(String userId, double weight, String text, List<String> terms, boolean opener,
    String afterFailure, Boolean unkept, boolean unanswered, int creditsLost, boolean userReturned,
    String afterService, boolean repeatsRequest) implements java.io.Serializable {

  public Utterance {
    terms = terms == null ? List.of() : List.copyOf(terms);
  }

  /** Something went wrong just before it: a failed job, a credit limit, or a result the user did not keep. */
  public boolean afterTrouble() {
    return afterFailure != null || Boolean.TRUE.equals(unkept);
  }
}
