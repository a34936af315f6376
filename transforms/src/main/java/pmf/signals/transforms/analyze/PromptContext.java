package pmf.signals.transforms.analyze;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;

/**
 * BuildPrompt: one user's context for the {@code {{context}}} slot of a prompt, as compact plain text within a token
 * budget. Pure and deterministic: equal input gives byte-identical text.
 *
 * <p>Layout: a header of behavioural metrics (always included), jobs outside any conversation, then the chosen
 * conversations in chronological order, each with its jobs and its messages ({@code role: text}, one line each).
 * Dates are absolute ISO dates in UTC, never "N days ago", so an unchanged history renders the same on any day; the
 * analysis date only marks timestamps that lie after it. Job errors appear as fixed categories
 * ({@link OfflineAnalyzer#errorCategory}), never as their raw text. Every message is scrubbed of personal data
 * ({@link PiiScrubber}) before anything else is done with it, with placeholders numbered per user, so
 * {@code [EMAIL_1]} is the same address wherever it appears in this user's context. Messages without text (no consent, null content)
 * appear as {@code [no text]}.
 *
 * <p>Budget ({@code maxPromptTokens}, estimated as characters / 4 like {@code LlmRequest}): every message is first
 * capped at {@value #MAX_MESSAGE_CHARS} characters (tool and system messages at {@value #MAX_OTHER_CHARS}) with a
 * visible {@value #CUT} marker. Conversations are then ranked by the day of their last activity, newest first; within
 * one day, conversations with a failed job come first, then those with more user messages (ties: later activity, then
 * id). They are taken whole in that order while they fit; the first one that does not fit contributes its newest
 * messages that do (the newest cut to size if need be), and selection stops there. Whatever is left out is stated in
 * one line: {@code [12 messages in 3 conversations omitted for length]}.
 *
 * <pre>{@code
 * PromptContext.Built context = PromptContext.build(activity, metrics, date, 6_000);
 * String userTurn = template.userTurn(context.text());
 * }</pre>
 */
public final class PromptContext {
  static final int MAX_MESSAGE_CHARS = 1_000;
  static final int MAX_OTHER_CHARS = 200;
  static final String CUT = "…[truncated]";
  /** Below this many characters of room, a cut message says too little to be worth including. */
  private static final int MIN_USEFUL_CHARS = 40;
  /** Room kept for the omission line, so it never pushes the text over budget. */
  private static final int OMISSION_RESERVE = 80;

  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  // The user's text must not be able to close the data block the prompt wraps it in.
  private static final Pattern DATA_TAG = Pattern.compile("(?i)</?\\s*user_data\\s*>");

  /**
   * @param text the context, ready for {@code PromptTemplate.userTurn}
   * @param estimatedTokens characters / 4, rounded up
   * @param truncated whether any message was cut or left out
   * @param messagesIncluded messages rendered (whole or cut)
   * @param messagesOmitted messages left out for length
   */
  public record Built(String text, long estimatedTokens, boolean truncated, int messagesIncluded, int messagesOmitted) {}

  private final UserActivity activity;
  private final UserMetrics metrics;
  private final LocalDate date;
  private final Map<String, List<ServiceJob>> jobsByConversation = new HashMap<>();
  private final List<ServiceJob> looseJobs = new ArrayList<>();
  private final Placeholders placeholders = Placeholders.forUser();
  private boolean anyCut;

  private PromptContext(UserActivity activity, UserMetrics metrics, LocalDate date) {
    this.activity = activity;
    this.metrics = metrics;
    this.date = date;
    Map<String, Conversation> known = new HashMap<>();
    activity.conversations().forEach(c -> known.put(c.id(), c));
    for (ServiceJob job : activity.jobs()) {
      if (job.conversationId() != null && known.containsKey(job.conversationId())) {
        jobsByConversation.computeIfAbsent(job.conversationId(), k -> new ArrayList<>()).add(job);
      } else {
        looseJobs.add(job); // no conversation, or an orphan reference: still shown, under the header
      }
    }
  }

  /** Pure: renders one user's context within {@code maxPromptTokens} (the header is kept even if it alone is over). */
  public static Built build(UserActivity activity, UserMetrics metrics, LocalDate date, int maxPromptTokens) {
    return new PromptContext(activity, metrics, date).render(maxPromptTokens);
  }

  /** The conversation-rendering part of a chosen conversation, with how many of its messages it shows. */
  private record Chosen(Conversation conversation, String text, int shown) {}

  private Built render(int maxPromptTokens) {
    String header = header();
    long room = maxPromptTokens * 4L - header.length() - OMISSION_RESERVE;
    List<Chosen> chosen = new ArrayList<>();
    for (Conversation conversation : ranked()) {
      String whole = conversation(conversation, conversation.messages().size(), Integer.MAX_VALUE);
      if (whole.length() <= room) {
        chosen.add(new Chosen(conversation, whole, conversation.messages().size()));
        room -= whole.length();
        continue;
      }
      Chosen tail = newestThatFit(conversation, room);
      if (tail != null) {
        chosen.add(tail);
      }
      break;
    }
    chosen.sort(Comparator.comparing((Chosen c) -> start(c.conversation()), Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(c -> String.valueOf(c.conversation().id())));

    int total = activity.conversations().stream().mapToInt(c -> c.messages().size()).sum();
    int shown = chosen.stream().mapToInt(Chosen::shown).sum();
    long shortened = activity.conversations().size()
        - chosen.stream().filter(c -> c.shown() == c.conversation().messages().size()).count();
    StringBuilder text = new StringBuilder(header);
    if (shortened > 0) {
      text.append('[').append(plural(total - shown, "message")).append(" in ")
          .append(plural(shortened, "conversation")).append(" omitted for length]\n");
    }
    chosen.forEach(c -> text.append(c.text()));
    String out = text.toString();
    return new Built(out, (out.length() + 3) / 4, anyCut || shown < total, shown, total - shown);
  }

  private String header() {
    StringBuilder h = new StringBuilder();
    h.append("plan: ").append(metrics.plan() == null ? "unknown" : metrics.plan()).append('\n');
    Instant signup = activity.profile() == null ? null : activity.profile().createdAt();
    LocalDate last = lastActivityDay();
    h.append("signed up: ").append(signup == null ? "unknown" : day(signup));
    if (signup != null && last != null) {
      // Tenure relative to the last activity, not to today: the same history renders the same tomorrow.
      h.append(" (").append(plural(ChronoUnit.DAYS.between(utcDay(signup), last), "day"))
          .append(" before the last activity)");
    }
    h.append('\n');
    h.append("active days: ").append(metrics.activeDays());
    LocalDate first = firstActivityDay();
    if (first != null) {
      h.append(" (").append(day(first)).append(" to ").append(day(last)).append(')');
    }
    h.append("; returned after first day: ").append(metrics.returnedAfterFirstDay() ? "yes" : "no").append('\n');
    h.append("conversations: ").append(metrics.conversations()).append(" (").append(metrics.userMessages())
        .append(" user messages, ").append(metrics.assistantMessages()).append(" assistant messages)\n");
    h.append("jobs: ").append(metrics.jobs());
    if (!activity.jobs().isEmpty()) {
      h.append(" (").append(jobsByService(activity.jobs())).append(')');
    }
    h.append('\n');
    String failures = failureCategories(activity.jobs());
    h.append("job failures by category: ").append(failures.isEmpty() ? "none" : failures).append('\n');
    h.append("credits used: ").append(metrics.creditsUsed()).append(" (").append(metrics.creditsUsedOnFailedJobs())
        .append(" on failed jobs); credits remaining: ")
        .append(metrics.creditsRemaining() == null ? "unknown" : metrics.creditsRemaining()).append('\n');
    if (metrics.creditLimitHits() == null) {
      h.append("credit limit hits, downloads, shares: not tracked\n");
    } else {
      h.append("credit limit hits: ").append(metrics.creditLimitHits()).append("; downloads: ")
          .append(metrics.downloads()).append("; shares: ").append(metrics.shares()).append('\n');
    }
    if (metrics.hoursToFirstSuccessfulJob() != null) {
      h.append("hours from signup to first successful job: ").append(metrics.hoursToFirstSuccessfulJob()).append('\n');
    }
    if (!looseJobs.isEmpty()) {
      h.append("jobs outside conversations:\n");
      Map<LocalDate, List<ServiceJob>> byDay = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
      looseJobs.forEach(j -> byDay.computeIfAbsent(utcDay(j.createdAt()), k -> new ArrayList<>()).add(j));
      byDay.forEach((d, jobs) -> h.append("  ").append(day(d)).append(": ").append(jobList(jobs)).append('\n'));
    }
    return h.toString();
  }

  /** Newest day of last activity first; within a day, failed jobs first, then more user messages. */
  private List<Conversation> ranked() {
    Comparator<Conversation> order =
        Comparator.comparing((Conversation c) -> utcDay(lastActivity(c)), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(c -> !hasFailedJob(c))
            .thenComparing(c -> -userMessages(c))
            .thenComparing(this::lastActivity, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(c -> String.valueOf(c.id()));
    return activity.conversations().stream().sorted(order).toList();
  }

  /** The conversation's newest messages that fit in {@code room}, the newest cut to size if need be; null if none. */
  private Chosen newestThatFit(Conversation conversation, long room) {
    List<Message> messages = conversation.messages();
    int n = messages.size();
    long used = heading(conversation, n, n).length();
    int shown = 0;
    used += jobsBetween(conversation, null, null).length(); // every job line, at most, wherever it lands
    for (int i = n - 1; i >= 0; i--) {
      long line = messageLine(messages.get(i), Integer.MAX_VALUE).length();
      if (used + line > room) {
        break;
      }
      used += line;
      shown++;
    }
    if (shown > 0) {
      return new Chosen(conversation, conversation(conversation, shown, Integer.MAX_VALUE), shown);
    }
    long textRoom = heading(conversation, n, 1).length() + CUT.length() + 16;
    int cap = (int) Math.min(MAX_MESSAGE_CHARS, room - textRoom);
    if (n == 0 || cap < MIN_USEFUL_CHARS) {
      return null;
    }
    return new Chosen(conversation, conversation(conversation, 1, cap), 1);
  }

  /**
   * Heading, jobs and the newest {@code shown} messages, each message's text capped at {@code cap} characters, with
   * each job where it started among them: a reader can then tell which failure a complaint or a give-up followed.
   */
  private String conversation(Conversation conversation, int shown, int cap) {
    List<Message> messages = conversation.messages();
    StringBuilder s = new StringBuilder(heading(conversation, messages.size(), shown));
    int first = messages.size() - shown;
    java.time.Instant since = null; // jobs after this time and up to the next message go before it
    for (int i = first - 1; i >= 0 && since == null; i--) {
      since = messages.get(i).at();
    }
    boolean fromStart = since == null && first == 0;
    for (int i = first; i < messages.size(); i++) {
      java.time.Instant at = messages.get(i).at();
      if (at != null && (since != null || fromStart)) {
        s.append(jobsBetween(conversation, since, at)); // a message without a time places no job
      }
      since = at != null ? at : since;
      fromStart &= since == null;
      s.append(messageLine(messages.get(i), cap));
    }
    if (since != null || fromStart) {
      s.append(jobsBetween(conversation, since, null));
    }
    return s.toString();
  }

  /**
   * A line per job of the conversation started after {@code after} and at or before {@code until} (null: open), e.g.
   * {@code job: video_generation failed (timeout)}; jobs or messages without a time are left to the heading's counts.
   */
  private String jobsBetween(Conversation conversation, java.time.Instant after, java.time.Instant until) {
    StringBuilder s = new StringBuilder();
    jobsByConversation.getOrDefault(conversation.id(), List.of()).stream()
        .filter(j -> j.createdAt() != null && (after == null || j.createdAt().isAfter(after))
            && (until == null || !j.createdAt().isAfter(until)))
        .sorted(Comparator.comparing(ServiceJob::createdAt).thenComparing(j -> String.valueOf(j.id())))
        .forEach(j -> s.append("job: ").append(service(j)).append(' ').append(status(j))
            .append(j.failed() ? " (" + OfflineAnalyzer.errorCategory(j.error()) + ")" : "").append('\n'));
    return s.toString();
  }

  private String heading(Conversation conversation, int total, int shown) {
    StringBuilder s = new StringBuilder("\n--- conversation ");
    LocalDate from = utcDay(start(conversation));
    LocalDate to = utcDay(lastActivity(conversation));
    s.append(day(from));
    if (to != null && !to.equals(from)) {
      s.append(" to ").append(day(to));
    }
    s.append(", ").append(plural(total, "message"));
    if (shown < total) {
      s.append(" (the last ").append(shown).append(" shown)");
    }
    s.append('\n');
    List<ServiceJob> jobs = jobsByConversation.getOrDefault(conversation.id(), List.of());
    if (!jobs.isEmpty()) {
      s.append("jobs: ").append(jobList(jobs)).append('\n');
    }
    return s.toString();
  }

  private String messageLine(Message message, int cap) {
    String role = message.role() == null ? "unknown" : message.role().toLowerCase(Locale.ROOT);
    if (message.text() == null) {
      return role + ": [no text]\n";
    }
    boolean conversational = role.equals("user") || role.equals("assistant");
    int limit = Math.min(cap, conversational ? MAX_MESSAGE_CHARS : MAX_OTHER_CHARS);
    String scrubbed = SCRUBBER.scrubText(message.text(), placeholders);
    String text = DATA_TAG.matcher(WHITESPACE.matcher(scrubbed).replaceAll(" ").strip()).replaceAll("[tag]");
    boolean cut = message.truncated() || text.length() > limit;
    if (text.length() > limit) {
      // Never split a surrogate pair: the cut text must stay valid UTF-16.
      int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
      text = text.substring(0, end);
    }
    if (cut) {
      anyCut = true; // for Built.truncated
      text = text + CUT;
    }
    return role + ": " + text + '\n';
  }

  /** Compact job counts, e.g. {@code 2 image_generation succeeded, 1 video_generation failed (timeout)}. */
  private static String jobList(List<ServiceJob> jobs) {
    Map<String, Integer> counts = new TreeMap<>();
    for (ServiceJob job : jobs) {
      String key = service(job) + " " + status(job);
      if (job.failed()) {
        key += " (" + OfflineAnalyzer.errorCategory(job.error()) + ")";
      }
      counts.merge(key, 1, Integer::sum);
    }
    return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  /** Per service, counts by status, e.g. {@code image_generation 8 succeeded, 2 failed; upscale 1 succeeded}. */
  private static String jobsByService(List<ServiceJob> jobs) {
    Map<String, Map<String, Integer>> byService = new TreeMap<>();
    for (ServiceJob job : jobs) {
      byService.computeIfAbsent(service(job), k -> new TreeMap<>()).merge(status(job), 1, Integer::sum);
    }
    return byService.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().entrySet().stream()
            .map(s -> s.getValue() + " " + s.getKey()).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("; "));
  }

  private static String failureCategories(List<ServiceJob> jobs) {
    Map<String, Integer> categories = new TreeMap<>();
    jobs.stream().filter(ServiceJob::failed).forEach(j -> categories.merge(OfflineAnalyzer.errorCategory(j.error()), 1, Integer::sum));
    return categories.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static String service(ServiceJob job) {
    return job.service() == null ? "unknown_service" : job.service();
  }

  /** Queued and running jobs read as pending; anything unexpected as other. */
  private static String status(ServiceJob job) {
    String status = String.valueOf(job.status());
    return switch (status) {
      case "succeeded", "failed", "cancelled" -> status;
      case "queued", "running" -> "pending";
      default -> "other";
    };
  }

  private boolean hasFailedJob(Conversation c) {
    return jobsByConversation.getOrDefault(c.id(), List.of()).stream().anyMatch(ServiceJob::failed);
  }

  private static int userMessages(Conversation c) {
    return (int) c.messages().stream().filter(m -> "user".equals(m.role())).count();
  }

  private static Instant start(Conversation c) {
    if (c.createdAt() != null) {
      return c.createdAt();
    }
    return c.messages().stream().map(Message::at).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
  }

  private Instant lastActivity(Conversation c) {
    Instant last = c.createdAt();
    for (Message m : c.messages()) {
      last = later(last, m.at());
    }
    for (ServiceJob j : jobsByConversation.getOrDefault(c.id(), List.of())) {
      last = later(last, j.createdAt());
    }
    return last;
  }

  private List<Instant> allInstants() {
    List<Instant> all = new ArrayList<>();
    activity.conversations().forEach(c -> c.messages().forEach(m -> all.add(m.at())));
    activity.jobs().forEach(j -> all.add(j.createdAt()));
    activity.actions().forEach(a -> all.add(a.createdAt()));
    all.removeIf(Objects::isNull);
    return all;
  }

  private LocalDate firstActivityDay() {
    return allInstants().stream().min(Comparator.naturalOrder()).map(PromptContext::utcDay).orElse(null);
  }

  private LocalDate lastActivityDay() {
    return allInstants().stream().max(Comparator.naturalOrder()).map(PromptContext::utcDay).orElse(null);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  private static LocalDate utcDay(Instant at) {
    return at == null ? null : at.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private String day(Instant at) {
    return day(utcDay(at));
  }

  /** An ISO date; one after the analysis date is marked, since such timestamps are bad data. */
  private String day(LocalDate d) {
    if (d == null) {
      return "undated";
    }
    return date != null && d.isAfter(date) ? d + " (after the analysis date)" : d.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
