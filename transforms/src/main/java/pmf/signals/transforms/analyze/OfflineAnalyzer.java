package pmf.signals.transforms.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
  public static final String VERSION = "offline-rules.v1";
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

  private static final List<String> COMPLAINTS =
      List.of(
          "doesn't work", "does not work", "didn't work", "not working", "isn't working", "still not", "still wrong",
          "wrong", "broken", "useless", "frustrat", "annoying", "again", "failed", "fails", "keeps failing", "error",
          "not what i asked", "that's not", "thats not", "why does", "why is it", "ugh", "terrible", "waste", "stuck",
          "forgot", "ignored", "not even close");

  private static final List<String> PRAISE =
      List.of("thanks", "thank you", "perfect", "love it", "love this", "great", "awesome", "exactly what", "amazing", "nice", "works now");

  /** Complaint topic → (friction description, assistant error or null), checked in order. */
  private static final Map<Pattern, String[]> COMPLAINT_TOPICS = new LinkedHashMap<>();

  private static void topic(String regex, String[] meaning) {
    COMPLAINT_TOPICS.put(Pattern.compile(regex), meaning);
  }

  static {
    topic("(language|english|spanish|french|german|translat)", new String[] {"replies in the wrong language", "wrong language"});
    topic("(forgot|forget|remember|already (told|said)|earlier|context)", new String[] {"assistant loses earlier context", "forgot earlier context"});
    topic("(slow|forever|timeout|timed out|stuck|still waiting|taking long)", new String[] {"generations are slow or never finish", null});
    topic("(export|download|format|svg|pdf|mp4|gif)", new String[] {"cannot export in the needed format", null});
    topic("(credit|expensive|price|pay|cost|limit)", new String[] {"credits run out too fast", null});
    topic("(size|resolution|large|memory|4k|pixel)", new String[] {"large or high-resolution outputs fail", null});
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
    final Set<String> assistantErrors = new java.util.TreeSet<>();
  }

  /** One pass over the user's messages (each tokenised once) and jobs. */
  static Signals read(UserActivity activity) {
    Signals s = new Signals();
    Set<String> conversationsWithFailedJobs = new HashSet<>();
    for (ServiceJob job : activity.jobs()) {
      String useCase = SERVICE_USE_CASE.get(job.service());
      if (useCase != null) {
        s.useCaseScore.merge(useCase, 2, Integer::sum);
      }
      if (job.failed() && job.conversationId() != null) {
        conversationsWithFailedJobs.add(job.conversationId());
      }
    }
    for (Conversation conversation : activity.conversations()) {
      List<Set<String>> previous = new ArrayList<>();
      boolean troubled = conversationsWithFailedJobs.contains(conversation.id());
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
        if (COMPLAINTS.stream().anyMatch(lower::contains)) {
          troubled = true;
          complaint(s, lower);
        }
        if (PRAISE.stream().anyMatch(lower::contains)) {
          s.praise++;
        }
        Set<String> content = contentWords(words);
        for (Set<String> earlier : previous) {
          if (jaccard(content, earlier) >= 0.5) {
            s.repeatedRequests++;
            troubled = true;
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
      }
    }
    return s;
  }

  private static void complaint(Signals s, String lower) {
    s.complaints++;
    for (Map.Entry<Pattern, String[]> topic : COMPLAINT_TOPICS.entrySet()) {
      if (topic.getKey().matcher(lower).find()) {
        s.complaintTopics.merge(topic.getValue()[0], 1, Integer::sum);
        if (topic.getValue()[1] != null) {
          s.assistantErrors.add(topic.getValue()[1]);
        }
        return;
      }
    }
    s.complaintTopics.merge("results are not what was asked for", 1, Integer::sum);
    s.assistantErrors.add("misunderstood the request");
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
    for (ServiceJob job : activity.jobs()) {
      if (job.failed()) {
        String service = job.service() == null ? "service" : job.service().replace('_', ' ');
        failures.merge(service + " jobs fail: " + errorCategory(job.error()), 1, Integer::sum);
      }
    }
    failures.forEach((description, count) -> out.add(new FrictionPoint(description, severity(count), "failed_job")));
    signals.complaintTopics.forEach(
        (description, count) -> out.add(new FrictionPoint(description, severity(count), "complaint")));
    if (signals.repeatedRequests > 0) {
      out.add(new FrictionPoint("had to repeat the same request", severity(signals.repeatedRequests), "repeated_request"));
    }
    if (signals.abandonments > 0) {
      out.add(new FrictionPoint("gave up on a conversation after a problem", severity(signals.abandonments + 1), "abandonment"));
    }
    out.sort(Comparator.comparingInt(FrictionPoint::severity).reversed().thenComparing(FrictionPoint::description));
    return out.size() > 5 ? List.copyOf(out.subList(0, 5)) : out;
  }

  /** A fixed category for a job's error text, so no free text (and no personal data in it) reaches the insights. */
  static String errorCategory(String error) {
    if (error == null || error.isBlank()) {
      return "no reason given";
    }
    String e = error.toLowerCase(Locale.ROOT);
    if (e.contains("timeout") || e.contains("timed out") || e.contains("deadline")) {
      return "timeout";
    }
    if (e.contains("policy") || e.contains("safety") || e.contains("nsfw") || e.contains("moderation")) {
      return "content policy";
    }
    if (e.contains("memory") || e.contains("oom") || e.contains("too large") || e.contains("resolution")) {
      return "output too large";
    }
    if (e.contains("format") || e.contains("unsupported") || e.contains("codec")) {
      return "unsupported format";
    }
    if (e.contains("credit") || e.contains("quota") || e.contains("insufficient")) {
      return "not enough credits";
    }
    return "other error";
  }

  private static int severity(int occurrences) {
    return Math.min(5, 1 + occurrences);
  }

  static List<String> valueSignals(UserMetrics m, Signals signals) {
    List<String> out = new ArrayList<>();
    if (m.jobsSucceeded() > 0) {
      out.add("completed " + m.jobsSucceeded() + " service jobs");
    }
    if (m.downloads() > 0) {
      out.add("downloaded results " + m.downloads() + " times");
    }
    if (m.shares() > 0) {
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
    if (m.creditLimitHits() > 0 && paid) {
      return new WillingnessToPay("high", "hit the credit limit " + m.creditLimitHits() + " times on a paid plan");
    }
    if (m.creditLimitHits() > 0) {
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
