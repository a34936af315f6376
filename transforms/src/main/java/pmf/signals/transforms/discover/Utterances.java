package pmf.signals.transforms.discover;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;
import pmf.signals.transforms.segment.RequestTerms;

/**
 * Pure: a consenting user's own lines (role {@code user}), scrubbed, each with the behaviour around it in its
 * conversation. A user without consent has no text and gives none. At most {@code maxPerUser} lines are kept, the most
 * recent, and a line the user repeated word for word counts once, so one talkative user cannot fill a cluster.
 */
public final class Utterances {
  /** What is embedded of a line: MiniLM reads 256 word pieces at most, and a pasted log says nothing more. */
  public static final int MAX_CHARS = 400;

  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  private Utterances() {}

  public static List<Utterance> of(UserActivity activity, UserMetrics metrics, double weight, int maxPerUser) {
    List<Utterance> out = new ArrayList<>();
    if (activity.conversations() == null || !activity.profile().consented()) {
      return out;
    }
    boolean tracked = metrics.downloads() != null;
    Set<String> kept = new HashSet<>();
    List<Instant> creditLimits = new ArrayList<>();
    for (UserAction a : activity.actions() == null ? List.<UserAction>of() : activity.actions()) {
      if ("credit_limit".equals(a.action()) && a.createdAt() != null) {
        creditLimits.add(a.createdAt());
      } else if (("download".equals(a.action()) || "share".equals(a.action())) && a.metadata() != null) {
        JsonNode job = jobOf(a.metadata());
        if (job != null) {
          kept.add(job.asText());
        }
      }
    }
    Map<String, List<ServiceJob>> jobs = new HashMap<>();
    for (ServiceJob j : activity.jobs() == null ? List.<ServiceJob>of() : activity.jobs()) {
      if (j.conversationId() != null && j.createdAt() != null) {
        jobs.computeIfAbsent(j.conversationId(), k -> new ArrayList<>()).add(j);
      }
    }
    jobs.values().forEach(l -> l.sort(Comparator.comparing(ServiceJob::createdAt)));
    Placeholders placeholders = Placeholders.forUser();
    Set<String> seen = new HashSet<>();
    for (Conversation c : activity.conversations()) {
      List<Message> messages = c.messages() == null ? List.of() : c.messages();
      List<ServiceJob> convJobs = jobs.getOrDefault(c.id(), List.of());
      Instant previous = null;
      boolean first = true;
      Set<String> asked = Set.of();
      for (int i = 0; i < messages.size(); i++) {
        Message m = messages.get(i);
        if (!"user".equals(m.role()) || m.text() == null || m.text().isBlank() || m.at() == null) {
          continue;
        }
        Instant since = previous == null ? c.createdAt() : previous;
        ServiceJob before = lastJobBetween(convJobs, since, m.at());
        String failure = before != null && before.failed() ? OfflineAnalyzer.errorCategory(before.error()) : null;
        if (failure == null && between(creditLimits, since, m.at())) {
          failure = "not enough credits";
        }
        Boolean unkept = before == null || !before.succeeded() || !tracked ? (tracked ? Boolean.FALSE : null)
            : Boolean.valueOf(!kept.contains(before.id())); // boxed, so an unknown (null) stays null
        int lost = before == null ? 0 : before.failed() || Boolean.TRUE.equals(unkept) ? before.validCredits() : 0;
        boolean unanswered = !answeredAfter(messages, i, convJobs, m.at());
        String text = RequestTerms.withoutPlaceholders(SCRUBBER.scrub(cut(m.text()), placeholders).text());
        boolean opener = first;
        first = false;
        previous = m.at();
        List<String> terms = RequestTerms.terms(text);
        if (opener) {
          asked = Set.copyOf(terms);
        }
        if (text.isEmpty() || !seen.add(text.toLowerCase(java.util.Locale.ROOT))) {
          continue;
        }
        boolean retry = !opener && repeats(terms, asked);
        out.add(new Utterance(activity.userId(), weight, text, terms, opener, failure, unkept, unanswered, lost,
            metrics.returnedAfterFirstDay(), before == null ? null : before.service(), retry));
      }
    }
    return out.size() > maxPerUser ? List.copyOf(out.subList(out.size() - maxPerUser, out.size())) : out;
  }

  /** Pure: at least two of a follow-up's terms, and half of them, were in the conversation's first line. */
  static boolean repeats(List<String> terms, Set<String> asked) {
    long shared = terms.stream().filter(asked::contains).count();
    return shared >= 2 && shared * 2 >= terms.size();
  }

  private static String cut(String text) {
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
  }

  private static JsonNode jobOf(String metadata) {
    try {
      JsonNode n = Json.tree(metadata);
      return n.isObject() && n.hasNonNull("job_id") ? n.get("job_id") : null;
    } catch (RuntimeException | java.io.IOException e) {
      return null; // malformed metadata is counted by the metrics; here it only keeps nothing
    }
  }

  /** The conversation's last job started after {@code since} and no later than {@code at}. */
  private static ServiceJob lastJobBetween(List<ServiceJob> jobs, Instant since, Instant at) {
    ServiceJob last = null;
    for (ServiceJob j : jobs) {
      if ((since == null || j.createdAt().isAfter(since)) && !j.createdAt().isAfter(at)) {
        last = j;
      }
    }
    return last;
  }

  private static boolean between(List<Instant> moments, Instant since, Instant at) {
    return moments.stream().anyMatch(t -> (since == null || t.isAfter(since)) && !t.isAfter(at));
  }

  /** Whether anything followed line {@code i}: another message of any role, or a job started after it. */
  private static boolean answeredAfter(List<Message> messages, int i, List<ServiceJob> jobs, Instant at) {
    for (int j = i + 1; j < messages.size(); j++) {
      if (messages.get(j).role() != null) {
        return true;
      }
    }
    return jobs.stream().anyMatch(job -> job.createdAt().isAfter(at));
  }
}
