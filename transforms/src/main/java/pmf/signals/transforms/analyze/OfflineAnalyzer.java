package pmf.signals.transforms.analyze;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.model.WillingnessToPay;

/**
 * The analyzer used when no LLM is available: keyword and behaviour rules, no network. Every facet it writes comes from
 * a fixed vocabulary, never from the user's text, so its output cannot carry personal data. It is a baseline, and
 * every row and report says {@code offline} so nobody mistakes it for an LLM's reading.
 */
public final class OfflineAnalyzer implements InsightAnalyzer {
  public static final String MODEL = "offline";
  public static final String VERSION = "offline-rules.v3";
  public static final String SOURCE = "offline-rules";

  private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}']+");

  /** Use case → word stems that suggest it (matched at the start of a word). */
  private static final Map<String, List<String>> USE_CASES = new LinkedHashMap<>();

  static {
    USE_CASES.put("image generation", List.of("image", "picture", "illustrat", "logo", "poster", "render", "drawing", "artwork", "wallpaper"));
    USE_CASES.put("product photos", List.of("product", "listing", "etsy", "shopify", "ecommerce", "e-commerce", "catalog", "packshot", "background"));
    USE_CASES.put("video creation", List.of("video", "clip", "reel", "animation", "animate", "tiktok", "footage", "youtube"));
    USE_CASES.put("social media content", List.of("instagram", "caption", "hashtag", "social", "linkedin", "tweet", "post", "followers"));
    USE_CASES.put("writing and copy", List.of("write", "rewrite", "email", "blog", "copy", "essay", "article", "draft", "newsletter", "headline"));
    USE_CASES.put("coding help", List.of("code", "function", "bug", "python", "javascript", "typescript", "sql", "debug", "compile", "regex", "api"));
    USE_CASES.put("learning and study", List.of("explain", "study", "homework", "exam", "learn", "quiz", "lecture", "concept", "teach"));
    USE_CASES.put("translation", List.of("translat", "spanish", "french", "german", "japanese", "portuguese"));
    USE_CASES.put("transcription and audio", List.of("transcri", "audio", "podcast", "recording", "subtitle", "voice"));
    USE_CASES.put("data analysis", List.of("spreadsheet", "csv", "excel", "chart", "dataset", "analy", "dashboard"));
    USE_CASES.put("summarization", List.of("summar", "tl;dr", "tldr", "recap", "key points"));
  }

  private static final Map<String, String> SERVICE_USE_CASE =
      Map.of(
          "image_generation", "image generation",
          "upscale", "image generation",
          "background_removal", "product photos",
          "video_generation", "video creation",
          "transcription", "transcription and audio");

  private static final Map<String, String> GOALS =
      Map.ofEntries(
          Map.entry("image generation", "create images"),
          Map.entry("product photos", "produce product photos for selling online"),
          Map.entry("video creation", "make short videos"),
          Map.entry("social media content", "publish social media content"),
          Map.entry("writing and copy", "write and polish text"),
          Map.entry("coding help", "get working code"),
          Map.entry("learning and study", "understand and learn a subject"),
          Map.entry("translation", "translate text"),
          Map.entry("transcription and audio", "turn audio into text"),
          Map.entry("data analysis", "make sense of data"),
          Map.entry("summarization", "condense long material"));

  /**
   * Words that say the user is unhappy whatever the context. Bare "again", "error" or "why does" are not among them:
   * users write "hi again", ask about errors in their own code and ask questions; those are not complaints.
   */
  private static final Pattern DISCONTENT = Pattern.compile(
      "doesn'?t work|does not work|didn'?t work|not working|isn'?t working|still not|still wrong|still broken|broken"
          + "|useless|unusable|not usable|frustrat|annoy|\\bugh+\\b|terrible|awful|ridiculous|\\bwast(e|ed|es|ing)\\b"
          + "|\\bwtf\\b|seriously\\?|come on\\b|not again|again\\s*[?!]{2}|keeps? (failing|crashing|breaking)"
          + "|losing patience|give up|giving up|disappointed|fed up|not what i (asked|wanted)|that'?s not what"
          + "|not even close|(pls|please) fix");

  /**
   * Words that report a failure: a complaint only in a conversation where one of the user's jobs failed (elsewhere a
   * coding question about an error is not about the product). Not "again": "ok try again" is a retry, not unhappiness.
   */
  private static final Pattern FAILURE_WORDS = Pattern.compile(
      "\\b(fail(s|ed|ing)?|errou?r(ed|s)?|crash(ed|es|ing)?|broke|timed? ?out|time-?out|wrong|stuck)\\b"
          + "|never finish|doesn'?t finish|won'?t finish|didn'?t finish");

  private static final List<String> PRAISE =
      List.of("thanks", "thank you", "perfect", "love it", "love this", "great", "awesome", "exactly what", "amazing", "nice", "works now");

  /** Failed jobs' friction for each error category; a {@code %s} is the service's noun ("video renders"). */
  private static final Map<String, String> CATEGORY_FRICTION =
      Map.ofEntries(
          Map.entry("timeout", "%s time out"),
          Map.entry("output too large", "large or high-resolution outputs run out of memory"),
          Map.entry("content policy", "the content filter blocks %s"),
          Map.entry("unsupported format", "%s reject the file format"),
          Map.entry("not enough credits", "credits run out too fast"),
          Map.entry("provider unavailable", "%s fail while the model provider is down or rate-limited"),
          Map.entry("connection lost", "%s fail on lost connections"),
          Map.entry("bad input", "%s fail on empty or corrupted uploads"),
          Map.entry("other error", "%s fail with unexplained errors"),
          Map.entry("no reason given", "%s fail with unexplained errors"));

  /** The cause (prompts/user_analysis.v2's enum) each error category's friction stands for. */
  private static final Map<String, String> CATEGORY_CAUSE =
      Map.ofEntries(
          Map.entry("timeout", "slow_or_timeout"),
          Map.entry("output too large", "size_or_memory_limit"),
          Map.entry("content policy", "content_filter"),
          Map.entry("unsupported format", "unsupported_format"),
          Map.entry("not enough credits", "credits_or_pricing"),
          Map.entry("provider unavailable", "service_unavailable"),
          Map.entry("connection lost", "connection"),
          Map.entry("bad input", "bad_input"),
          Map.entry("other error", "unexplained_failure"),
          Map.entry("no reason given", "unexplained_failure"));

  private static final Map<String, String> SERVICE_NOUNS =
      Map.of(
          "image_generation", "image renders",
          "video_generation", "video renders",
          "upscale", "upscales",
          "background_removal", "background removals",
          "transcription", "transcriptions");

  /**
   * A complaint's topic: when it matches, its friction, the error category it is about (or null), the assistant
   * error, and the friction's cause.
   */
  private record Topic(Pattern pattern, String friction, String category, String assistantError, String cause) {}

  private static final List<Topic> TOPICS = new ArrayList<>();

  private static void topic(String regex, String friction, String category, String assistantError) {
    topic(regex, friction, category, assistantError, CATEGORY_CAUSE.get(category));
  }

  private static void topic(String regex, String friction, String category, String assistantError, String cause) {
    TOPICS.add(new Topic(Pattern.compile(regex), friction, category, assistantError, cause));
  }

  /**
   * Running out of credits or paying too much, in the ways people say it: these are complaints by themselves ("out of
   * credits already?" needs no "ugh" to be unhappy).
   */
  private static final Pattern CREDITS_GONE = Pattern.compile(
      "(out of|ran out of|run out of|running out of|no more|no|used up( all)?( my)?|burn(ed|t|s|ing)? through( my)?"
          + "|eat(s|ing)?( my| up( my)?)?|drain(s|ed|ing)?( my)?|wasted( my)?|not enough|need more) (free )?(credits|tokens)"
          + "|(credits|tokens) (go|goes|went|run out|ran out|disappear\\w*|vanish\\w*|drain\\w*|are gone|gone|lasted"
          + "|don'?t last|didn'?t last|used up)"
          + "|(too|so|way too|really) (expensive|pricey|costly)|overpriced|costs? (way )?too much|can'?t afford"
          + "|charg(e|ed|es|ing) (me )?(for|twice|again)|\\b(hit|hitting|reached) (the|my) (credit |usage )?limit");

  static {
    topic("(not what i (asked|wanted)|that'?s not what|not even close|misunderst|wrong (image|picture|photo|colou?r|style"
        + "|thing|answer|result))", "results are not what was asked for", null, "misunderstood the request", "wrong_result");
    topic("(wrong language|english|spanish|french|german|portuguese|italian|translat)", "replies in the wrong language",
        null, "wrong language", "assistant_misunderstood");
    topic("(forg[eo]t|remember|already (told|said)|i (told|said|asked for)|told you|earlier|context|ignor|repeat myself"
        + "|read my|scroll up|lost the)", "assistant loses earlier context", null, "forgot earlier context",
        "assistant_misunderstood");
    topic("(credit|expensive|price|pricing|\\bcosts?\\b|afford|charged|refund|subscription)", "credits run out too fast",
        "not enough credits", null);
    topic("(out of memory|\\boom\\b|memory|\\bsize\\b|resolution|too (large|big)|large|\\b[48]k\\b|pixels?|\\bpx\\b"
        + "|print)", "large or high-resolution outputs run out of memory", "output too large", null);
    topic("(slow|forever|timeout|time out|timed out|stuck|still waiting|taking (so )?long|never finish|doesn'?t finish"
        + "|won'?t finish|spin)", "generations are slow or never finish", "timeout", null);
    topic("(export|download|format|svg|pdf|psd|docx|tiff?|prores|mp4|gif)", "cannot export in the needed format",
        "unsupported format", null);
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public String promptVersion() {
    return VERSION;
  }

  @Override
  public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics) {
    return AnalyzerResult.of(insights(activity, metrics), LlmStatus.OFFLINE);
  }

  /** Pure: the offline reading of one user. */
  public static Insights insights(UserActivity activity, UserMetrics metrics) {
    Signals signals = read(activity);
    List<String> useCases = topUseCases(signals.useCaseScore);
    List<FrictionPoint> frictions = frictions(activity, signals);
    return new Insights(
        SOURCE,
        summary(useCases, metrics, frictions),
        useCases,
        useCases.isEmpty() ? "unclear from activity" : GOALS.getOrDefault(useCases.get(0), "use " + useCases.get(0)),
        frictions,
        valueSignals(metrics, signals),
        willingnessToPay(metrics),
        frustration(metrics, signals),
        List.copyOf(signals.assistantErrors),
        personaHint(useCases, metrics));
  }

  /** Single-word stems → the use cases they suggest; phrases are matched on the whole text. */
  private static final Map<String, List<String>> STEMS = new java.util.HashMap<>();

  private static final Map<String, List<String>> PHRASES = new LinkedHashMap<>();

  static {
    USE_CASES.forEach(
        (useCase, stems) -> {
          for (String stem : stems) {
            boolean phrase = stem.contains(" ") || stem.contains(";") || stem.contains("-");
            (phrase ? PHRASES : STEMS).computeIfAbsent(stem, k -> new ArrayList<>()).add(useCase);
          }
        });
  }

  /** The (at most three) use cases with the most evidence, ties by name. */
  static List<String> topUseCases(Map<String, Integer> score) {
    return score.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The use cases one message mentions: each word's prefixes are looked up among the stems. */
  static Set<String> mentionedUseCases(String lowerText, String[] words) {
    Set<String> found = new HashSet<>();
    for (String word : words) {
      for (int end = Math.min(word.length(), 12); end >= 3; end--) {
        List<String> useCases = STEMS.get(word.substring(0, end));
        if (useCases != null) {
          found.addAll(useCases);
        }
      }
    }
    PHRASES.forEach(
        (phrase, useCases) -> {
          if (lowerText.contains(phrase)) {
            found.addAll(useCases);
          }
        });
    return found;
  }

  /** What the user's own words, conversation shapes and jobs show. */
  static final class Signals {
    final Map<String, Integer> useCaseScore = new TreeMap<>();
    int complaints;
    int praise;
    int repeatedRequests;
    int abandonments;
    final Map<String, Integer> complaintTopics = new TreeMap<>();
    /** Each complaint topic's cause, set where the topic is named. */
    final Map<String, String> complaintCauses = new HashMap<>();
    final Set<String> assistantErrors = new java.util.TreeSet<>();
    /** Frictions of failed jobs the user reacted to where they failed: complained, repeated themselves or gave up. */
    final Set<String> felt = new HashSet<>();
    /** Of those, frictions whose conversation the user complained in or gave up on: they held the user back. */
    final Set<String> hurt = new HashSet<>();
  }

  /** One pass over the user's messages (each tokenised once) and jobs. */
  static Signals read(UserActivity activity) {
    Signals s = new Signals();
    // Per conversation, the failed jobs' friction by error category: a complaint there is read against them.
    Map<String, Map<String, String>> failedByConversation = new HashMap<>();
    // And the jobs in time order, so a reaction is laid on the failure just before it.
    Map<String, List<ServiceJob>> jobsInOrder = new HashMap<>();
    for (ServiceJob job : activity.jobs()) {
      String useCase = SERVICE_USE_CASE.get(job.service());
      if (useCase != null) {
        s.useCaseScore.merge(useCase, 2, Integer::sum);
      }
      if (job.failed() && job.conversationId() != null) {
        String category = errorCategory(job.error());
        failedByConversation.computeIfAbsent(job.conversationId(), k -> new HashMap<>())
            .putIfAbsent(category, failureFriction(job.service(), category));
      }
      if (job.conversationId() != null) {
        jobsInOrder.computeIfAbsent(job.conversationId(), k -> new ArrayList<>()).add(job);
      }
    }
    jobsInOrder.values().forEach(jobs -> jobs.sort(Comparator.comparing(ServiceJob::createdAt,
        Comparator.nullsFirst(Comparator.naturalOrder()))));
    for (Conversation conversation : activity.conversations()) {
      List<Set<String>> previous = new ArrayList<>();
      Map<String, String> failed = failedByConversation.getOrDefault(conversation.id(), Map.of());
      boolean troubled = !failed.isEmpty();
      List<ServiceJob> inOrder = jobsInOrder.getOrDefault(conversation.id(), List.of());
      boolean reacted = false;
      Message last = null;
      for (Message message : conversation.messages()) {
        if (!"user".equals(message.role()) && !"assistant".equals(message.role())) {
          continue;
        }
        last = message;
        if (!"user".equals(message.role()) || message.text() == null || message.text().isBlank()) {
          continue;
        }
        String lower = message.text().toLowerCase(Locale.ROOT);
        String[] words = WORDS.split(lower);
        for (String useCase : mentionedUseCases(lower, words)) {
          s.useCaseScore.merge(useCase, 1, Integer::sum);
        }
        if (isComplaint(lower, !failed.isEmpty())) {
          troubled = true;
          reacted = true;
          hurtBy(s, inOrder, message.at());
          complaint(s, lower, failed);
        }
        if (PRAISE.stream().anyMatch(lower::contains)) {
          s.praise++;
        }
        Set<String> content = contentWords(words);
        for (Set<String> earlier : previous) {
          if (jaccard(content, earlier) >= 0.5) {
            s.repeatedRequests++;
            troubled = true;
            reacted = true;
            break;
          }
        }
        if (content.size() >= 3) {
          previous.add(content);
        }
      }
      // The user spoke last after something went wrong, and nobody answered: they gave up.
      if (troubled && last != null && "user".equals(last.role())) {
        s.abandonments++;
        reacted = true;
        hurtBy(s, inOrder, null);
      }
      if (reacted) {
        s.felt.addAll(failed.values());
      }
    }
    return s;
  }

  /**
   * Whether a user's message (lower case) complains: words of discontent, running out of credits, or — only where a
   * job of theirs failed in this conversation — words that report a failure.
   */
  static boolean isComplaint(String lower, boolean jobFailedHere) {
    return DISCONTENT.matcher(lower).find() || CREDITS_GONE.matcher(lower).find()
        || (jobFailedHere && FAILURE_WORDS.matcher(lower).find());
  }

  /**
   * What a complaint is about: a topic that matches a job failure in the same conversation names that failure's
   * friction (so the job and the words count as one); else running out of credits; else the first topic that
   * matches. A complaint that says nothing about what is wrong names no friction: it counts towards frustration and
   * abandonment, which rank the frictions the user did hit.
   */
  private static void complaint(Signals s, String lower, Map<String, String> failedHere) {
    s.complaints++;
    Topic chosen = null;
    for (Topic topic : TOPICS) {
      if (topic.pattern().matcher(lower).find()) {
        if (topic.category() != null && failedHere.containsKey(topic.category())) {
          named(s, failedHere.get(topic.category()), failureCause(topic.category()));
          return;
        }
        chosen = chosen == null ? topic : chosen;
      }
    }
    if (CREDITS_GONE.matcher(lower).find()) {
      named(s, CATEGORY_FRICTION.get("not enough credits"), failureCause("not enough credits"));
      return;
    }
    if (chosen != null) {
      named(s, chosen.friction(), chosen.cause() == null ? FrictionPoint.OTHER : chosen.cause());
      if (chosen.assistantError() != null) {
        s.assistantErrors.add(chosen.assistantError());
      }
    }
  }

  /**
   * Marks the failure the user reacted to at {@code at} (null: the conversation's end) as having held them back: the
   * conversation's last job before it, if that job failed (a job that went through since means the failure was got
   * past); every failure of the conversation when no job has a time before it (clocks disagree).
   */
  private static void hurtBy(Signals s, List<ServiceJob> jobsInOrder, Instant at) {
    ServiceJob before = null;
    for (ServiceJob job : jobsInOrder) {
      if (job.createdAt() != null && (at == null || !job.createdAt().isAfter(at))) {
        before = job;
      }
    }
    if (before == null) {
      jobsInOrder.stream().filter(ServiceJob::failed)
          .forEach(job -> s.hurt.add(failureFriction(job.service(), errorCategory(job.error()))));
    } else if (before.failed()) {
      s.hurt.add(failureFriction(before.service(), errorCategory(before.error())));
    }
  }

  private static void named(Signals s, String friction, String cause) {
    s.complaintTopics.merge(friction, 1, Integer::sum);
    s.complaintCauses.put(friction, cause);
  }

  /** The cause (prompts/user_analysis.v2's enum) of a failure of this error category. */
  public static String failureCause(String category) {
    return CATEGORY_CAUSE.getOrDefault(category, "unexplained_failure");
  }

  /** The friction a failed job of this service and error category stands for, e.g. "video renders time out". */
  static String failureFriction(String service, String category) {
    String noun = service == null ? "jobs" : SERVICE_NOUNS.getOrDefault(service, service.replace('_', ' ') + " jobs");
    return String.format(Locale.ROOT, CATEGORY_FRICTION.getOrDefault(category, "%s fail with unexplained errors"), noun);
  }

  private static Set<String> contentWords(String[] words) {
    Set<String> content = new HashSet<>();
    for (String word : words) {
      if (word.length() > 2) {
        content.add(word);
      }
    }
    return content;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.size() < 3 || b.size() < 3) {
      return 0;
    }
    int common = 0;
    for (String word : a) {
      if (b.contains(word)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  static List<FrictionPoint> frictions(UserActivity activity, Signals signals) {
    List<FrictionPoint> out = new ArrayList<>();
    Map<String, Integer> failures = new TreeMap<>();
    Map<String, String> causes = new HashMap<>(signals.complaintCauses);
    for (ServiceJob job : activity.jobs()) {
      if (job.failed()) {
        String category = errorCategory(job.error());
        String description = failureFriction(job.service(), category);
        failures.merge(description, 1, Integer::sum);
        causes.put(description, failureCause(category));
      }
    }
    // A failure is a friction when it recurred or the user reacted to it; a one-off the user shrugged off (retried,
    // moved on) is in the job failure rate and frustration, but is not what stands in their way.
    failures.keySet().removeIf(d -> failures.get(d) < 2 && !signals.felt.contains(d));
    // A complaint about a failure the jobs already show adds to that friction's weight, not a second point.
    signals.complaintTopics.forEach((description, count) -> {
      if (failures.containsKey(description)) {
        failures.merge(description, count, Integer::sum);
      }
    });
    failures.forEach((description, count) -> out.add(new FrictionPoint(description,
        failureSeverity(count, signals.hurt.contains(description)), "failed_job", causes.get(description))));
    signals.complaintTopics.forEach((description, count) -> {
      if (!failures.containsKey(description)) {
        out.add(new FrictionPoint(description, Math.min(5, 2 + count), "complaint", causes.get(description)));
      }
    });
    if (signals.repeatedRequests > 0) {
      out.add(new FrictionPoint("had to repeat the same request", severity(signals.repeatedRequests), "repeated_request",
          FrictionPoint.OTHER));
    }
    if (signals.abandonments > 0) {
      out.add(new FrictionPoint("gave up on a conversation after a problem", severity(signals.abandonments + 1),
          "abandonment", FrictionPoint.OTHER));
    }
    out.sort(Comparator.comparingInt(FrictionPoint::severity).reversed().thenComparing(FrictionPoint::description));
    return out.size() > 5 ? List.copyOf(out.subList(0, 5)) : out;
  }

  /** A fixed category for a job's error text, so no free text (and no personal data in it) reaches the insights. */
  public static String errorCategory(String error) {
    if (error == null || error.isBlank()) {
      return "no reason given";
    }
    String e = error.toLowerCase(Locale.ROOT);
    if (OUT_OF_MEMORY.matcher(e).find()) {
      return "output too large";
    }
    if (e.contains("timeout") || e.contains("timed out") || e.contains("deadline")) {
      return "timeout";
    }
    if (e.contains("policy") || e.contains("safety") || e.contains("nsfw") || e.contains("moderation")) {
      return "content policy";
    }
    if (e.contains("format") || e.contains("unsupported") || e.contains("codec")) {
      // A file the user gave that cannot be read is bad input; a format asked for that is not offered is a missing export.
      return BAD_INPUT.matcher(e).find() || e.contains("input") ? "bad input" : "unsupported format";
    }
    if (e.contains("credit") || e.contains("insufficient balance") || e.contains("insufficient funds")) {
      return "not enough credits";
    }
    if (UNAVAILABLE.matcher(e).find()) {
      return "provider unavailable";
    }
    if (CONNECTION.matcher(e).find()) {
      return "connection lost";
    }
    if (BAD_INPUT.matcher(e).find()) {
      return "bad input";
    }
    return "other error";
  }

  /** An upstream model or provider down, overloaded or rate-limiting (HTTP 429/502/503/504 and their words). */
  private static final Pattern UNAVAILABLE = Pattern.compile(
      "\\b(429|502|503|504)\\b|unavailable|overloaded|bad gateway|gateway time|rate.?limit|too many requests|upstream"
          + "|quota exceeded|try again later");

  private static final Pattern CONNECTION = Pattern.compile(
      "connection (lost|reset|refused|closed|aborted)|lost connection|econnreset|econnrefused|broken pipe|network error"
          + "|socket hang up|unreachable");

  private static final Pattern BAD_INPUT = Pattern.compile(
      "corrupt|(input|file|upload)( file)? (is )?empty|empty (input|file|upload)|invalid input|malformed|could not (read|decode)"
          + "|cannot (read|decode)|failed to (read|decode)");

  /**
   * The families of out-of-memory and too-large errors GPU and container workers report: CUDA/PyTorch ("CUDA out of
   * memory", "CUBLAS_STATUS_ALLOC_FAILED"), TensorFlow ("ResourceExhaustedError: OOM when allocating tensor"),
   * Python's MemoryError, C++'s bad_alloc, Kubernetes ("OOMKilled", exit code 137), and models' size limits ("image
   * too large", "exceeds the maximum resolution"). "oom" only as a word: "zoom" and "room" are not memory.
   */
  private static final Pattern OUT_OF_MEMORY = Pattern.compile(
      "out of memory|outofmemory|\\boom(killed|[-_ ]?kill(ed|er)?)?\\b|memoryerror|bad_alloc|alloc(ation)?_?failed"
          + "|(cannot|can'?t|could not|unable to|failed to) allocate"
          + "|(insufficient|not enough|exceed(s|ed)?( the)?( available)?|ran out of|no) (gpu |cuda |device |video |host )?(memory|vram)"
          + "|memory (limit|exceeded|exhausted)|exit(ed)?( with)?( code| status)? 137|too (large|big)|exceeds? (the )?max(imum)?"
          + " (resolution|size|dimensions?|pixels?|image size)|resolution (is )?too high|dimensions? (too large|exceed)");

  /**
   * A failure's severity by how it hurt, not how often it happened: 3 or more (holding the user back) when they
   * complained or gave up where it happened, or when it recurred often; a failure retried past in silence stays low.
   */
  static int failureSeverity(int occurrences, boolean hurt) {
    return Math.min(5, 1 + (occurrences >= 2 ? 1 : 0) + (occurrences >= 4 ? 1 : 0) + (hurt ? 2 : 0));
  }

  private static int severity(int occurrences) {
    return Math.min(5, 1 + occurrences);
  }

  static List<String> valueSignals(UserMetrics m, Signals signals) {
    List<String> out = new ArrayList<>();
    if (m.jobsSucceeded() > 0) {
      out.add("completed " + m.jobsSucceeded() + " service jobs");
    }
    if (UserMetrics.orZero(m.downloads()) > 0) {
      out.add("downloaded results " + m.downloads() + " times");
    }
    if (UserMetrics.orZero(m.shares()) > 0) {
      out.add("shared results " + m.shares() + " times");
    }
    if (m.returnedAfterFirstDay()) {
      out.add("came back after the first day");
    }
    if (signals.praise > 0) {
      out.add("thanked or praised the assistant");
    }
    return out;
  }

  static WillingnessToPay willingnessToPay(UserMetrics m) {
    boolean paid = m.plan() != null && !m.plan().equalsIgnoreCase("free");
    if (UserMetrics.orZero(m.creditLimitHits()) > 0 && paid) {
      return new WillingnessToPay("high", "hit the credit limit " + m.creditLimitHits() + " times on a paid plan");
    }
    if (UserMetrics.orZero(m.creditLimitHits()) > 0) {
      return new WillingnessToPay("medium", "hit the credit limit " + m.creditLimitHits() + " times");
    }
    if (paid) {
      return new WillingnessToPay("medium", "on a paid plan, used " + m.creditsUsed() + " credits");
    }
    if (m.creditsUsed() > 0) {
      return new WillingnessToPay("low", "used " + m.creditsUsed() + " credits, never hit the limit");
    }
    return new WillingnessToPay("none", "no credits used");
  }

  static int frustration(UserMetrics m, Signals s) {
    int score = 1;
    score += s.complaints >= 3 ? 2 : s.complaints > 0 ? 1 : 0;
    if (m.jobFailureRate() != null && m.jobFailureRate() >= 0.3) {
      score++;
    }
    if (s.repeatedRequests > 0) {
      score++;
    }
    if (s.abandonments > 0) {
      score++;
    }
    return Math.min(5, score);
  }

  static String personaHint(List<String> useCases, UserMetrics m) {
    String focus = useCases.isEmpty() ? "no clear focus" : useCases.get(0);
    if (m.activeDays() <= 1 && !m.returnedAfterFirstDay()) {
      return "one-off explorer (" + focus + ")";
    }
    if (m.activeDays() >= 8 || m.jobs() >= 30) {
      return "power user: " + focus;
    }
    return "regular user: " + focus;
  }

  static String summary(List<String> useCases, UserMetrics m, List<FrictionPoint> frictions) {
    StringBuilder s = new StringBuilder();
    s.append(useCases.isEmpty() ? "No clear use case yet" : "Uses the product for " + String.join(" and ", useCases))
        .append("; active ").append(m.activeDays()).append(m.activeDays() == 1 ? " day" : " days");
    if (m.jobs() > 0) {
      s.append(", ").append(m.jobs()).append(" jobs");
      if (m.jobSuccessRate() != null) {
        s.append(" (").append(Math.round(m.jobSuccessRate() * 100)).append("% succeeded)");
      }
    }
    s.append('.');
    if (!frictions.isEmpty()) {
      s.append(" Main friction: ").append(frictions.get(0).description()).append('.');
    }
    return s.toString();
  }
}
