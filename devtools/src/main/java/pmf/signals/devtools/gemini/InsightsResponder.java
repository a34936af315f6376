package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in model for the {@code user_analysis} prompt — not a language model: answers with insights that match its
 * schema, read from the user's context the way a model would get them, never from the generator's truth. It reads the
 * header (plan, credit limit hits, downloads, shares), each conversation's job line ({@code 2 video_generation failed
 * (timeout)}) and, in the user's own lines, a few families of words (credits, language, forgotten instructions,
 * formats, filters). Friction points are written in free words: each problem has several phrasings, one chosen per
 * user by a hash of their context, so themes must be found by meaning as with a real model. Every string comes from
 * a fixed vocabulary, so the answer never carries any of the user's own text — what a well-behaved model does, and
 * what lets tests assert that nothing personal flows through.
 *
 * <p>A request whose response schema is {@code segment_persona}'s ({@link #asksForPersona}) gets a valid
 * {@code {name, description}} instead, from the brief's segment line, top use case and first contrast; one for the
 * day's answers ({@code day_rollup}) gets {@link DayRollupResponder}'s.
 */
public final class InsightsResponder implements Responder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** A conversation's failed jobs: count, service, error category. */
  private static final Pattern FAILED_JOBS = Pattern.compile("(\\d+) ([a-z_]+) failed \\(([a-z ]+)\\)");
  private static final Pattern JOB_LINE = Pattern.compile("(?m)^(jobs: |  \\d{4}-\\d{2}-\\d{2}: )(.*)$");
  private static final Pattern USER_LINE = Pattern.compile("(?m)^user: (.*)$");
  private static final Pattern CREDIT_WORDS =
      Pattern.compile("(?i)credit|token|expensive|price|afford|charg|upgrade|\\bpay|paying|subscription|\\bout\\b");
  private static final Pattern LIMIT_HITS = Pattern.compile("(?m)^credit limit hits: (\\d+); downloads: (\\d+); shares: (\\d+)$");
  private static final Pattern PLAN = Pattern.compile("(?m)^plan: (\\w+)$");
  private static final Pattern JOBS = Pattern.compile("(?m)^jobs: (\\d+)");

  private static final Pattern SEGMENT = Pattern.compile("(?m)^segment (\\d+): (\\d+) users");
  private static final Pattern TOP_USE_CASE = Pattern.compile("(?m)^use cases: ([^,\\n]+?) \\d+(,|$)");
  private static final Pattern CONTRAST =
      Pattern.compile("(?m)^- segment (\\d+) \\([^)]*\\): this segment vs that one, ([^;\\n]+)");

  /** Whether the request asks for a segment's persona (the {@code segment_persona} schema), not a user's insights. */
  public static boolean asksForPersona(JsonNode request) {
    JsonNode properties = request.at("/generationConfig/responseSchema/properties");
    return properties.has("name") && properties.has("description") && !properties.has("summary");
  }

  @Override
  public String answer(JsonNode request) {
    if (DayRollupResponder.asksForRollup(request)) {
      return DayRollupResponder.answer(request);
    }
    String prompt = FakeGemini.promptText(request);
    if (asksForPersona(request)) {
      return persona(prompt);
    }
    int limitHits = group(LIMIT_HITS, prompt, 1);
    int downloads = group(LIMIT_HITS, prompt, 2);
    int shares = group(LIMIT_HITS, prompt, 3);
    int jobs = group(JOBS, prompt, 1);
    Matcher planLine = PLAN.matcher(prompt);
    boolean paying = planLine.find() && !planLine.group(1).equals("free") && !planLine.group(1).equals("unknown");

    ObjectNode out = MAPPER.createObjectNode();
    ArrayNode frictions = out.putArray("friction_points");
    // A schema that asks each friction's cause (user_analysis.v2) gets one, as constrained decoding would give it.
    boolean withCause = request.at("/generationConfig/responseSchema/properties/friction_points/items/properties")
        .has("cause");
    Map<String, String> causes = new TreeMap<>(); // problem phrase -> its cause
    int pick = Math.floorMod(prompt.hashCode(), 1 << 16);
    Map<String, Integer> failures = new TreeMap<>(); // problem phrase -> failed jobs
    int failed = 0;
    Matcher jobLine = JOB_LINE.matcher(prompt);
    while (jobLine.find()) {
      Matcher f = FAILED_JOBS.matcher(jobLine.group(2));
      while (f.find()) {
        int count = Integer.parseInt(f.group(1));
        failed += count;
        String phrase = phrase(f.group(3), f.group(2), pick);
        failures.merge(phrase, count, Integer::sum);
        causes.put(phrase, CAUSES.getOrDefault(f.group(3), "unexplained_failure"));
      }
    }
    Set<String> hurt = hurtCategories(prompt, pick);
    failures.forEach((description, count) -> {
      ObjectNode friction = frictions.addObject();
      friction.put("description", description);
      // Graded as a reader would: it held the user back if they complained or gave up where it happened, or it
      // kept happening; a failure retried past in silence is minor.
      friction.put("severity", Math.min(5, 1 + (count >= 2 ? 1 : 0) + (count >= 4 ? 1 : 0)
          + (hurt.contains(description) ? 2 : 0)));
      friction.put("evidence", "failed_job");
      if (withCause) {
        friction.put("cause", causes.get(description));
      }
    });
    List<String> userLines = new ArrayList<>();
    Matcher userLine = USER_LINE.matcher(prompt);
    while (userLine.find()) {
      userLines.add(userLine.group(1).toLowerCase(Locale.ROOT));
    }
    if (limitHits > 0) {
      // Blocked mid-task by the credit limit: a complaint if they said so, else the job that could not start.
      boolean said = userLines.stream().anyMatch(l -> CREDIT_WORDS.matcher(l).find());
      ObjectNode friction = frictions.addObject();
      friction.put("description", pick(CREDITS, pick));
      friction.put("severity", Math.min(5, 2 + limitHits));
      friction.put("evidence", said ? "complaint" : "failed_job");
      if (withCause) {
        friction.put("cause", "credits_or_pricing");
      }
    }
    // A conversation that ends on the user's turn after a failure: they gave up, as a model reading it would note.
    int gaveUp = 0;
    for (String conversation : prompt.split("\n--- conversation ")) {
      int end = conversation.indexOf("</user_data>");
      String body = (end < 0 ? conversation : conversation.substring(0, end)).strip();
      if (body.contains(" failed (") && lastTurn(body).startsWith("user: ")) {
        gaveUp++;
      }
    }
    if (gaveUp > 0) {
      ObjectNode friction = frictions.addObject();
      friction.put("description", pick(GAVE_UP, pick));
      friction.put("severity", Math.min(5, 2 + gaveUp));
      friction.put("evidence", "abandonment");
      if (withCause) {
        friction.put("cause", "other");
      }
    }
    int complaints = limitHits > 0 ? 1 : 0;
    for (Map.Entry<Pattern, String[]> family : WORD_FAMILIES.entrySet()) {
      Pattern words = family.getKey();
      String[] phrasings = family.getValue();
      long lines = userLines.stream().filter(l -> words.matcher(l).find()).count();
      if (lines > 0) {
        ObjectNode friction = frictions.addObject();
        friction.put("description", pick(phrasings, pick));
        friction.put("severity", (int) Math.min(5, 2 + lines));
        friction.put("evidence", "complaint");
        if (withCause) {
          friction.put("cause", "assistant_misunderstood");
        }
        complaints++;
      }
    }
    ArrayNode value = out.putArray("value_signals");
    if (downloads > 0) {
      value.add("downloads results");
    }
    if (shares > 0) {
      value.add("shares results");
    }
    int frustration = Math.max(1, Math.min(5, 1 + failed + complaints));
    out.put("summary", jobs == 0
        ? "The user talked with the assistant but ran no jobs."
        : "The user ran " + jobs + " jobs, " + failed + " of which failed.");
    out.putArray("use_cases").add(jobs == 0 ? "asking questions" : "generating media");
    out.put("goal", jobs == 0 ? "unclear" : "usable generated media");
    ObjectNode pay = out.putObject("willingness_to_pay");
    pay.put("signal", paying ? "high" : limitHits > 0 ? "medium" : "none");
    pay.put("evidence", paying ? "on a paid plan" : limitHits > 0 ? "hit the credit limit " + limitHits + " times" : "no signal");
    out.put("frustration", frustration);
    out.putArray("assistant_errors");
    out.put("persona_hint", frustration >= 3 ? "struggling creator" : downloads + shares > 0 ? "engaged creator" : "explorer");
    return out.toString();
  }

  /** The cause a model would give each failure category. */
  private static final Map<String, String> CAUSES = Map.of(
      "timeout", "slow_or_timeout",
      "output too large", "size_or_memory_limit",
      "content policy", "content_filter",
      "unsupported format", "unsupported_format",
      "provider unavailable", "service_unavailable",
      "connection lost", "connection",
      "bad input", "bad_input",
      "not enough credits", "credits_or_pricing");

  private static final String[] CREDITS_FAILED = {"jobs refused for lack of credits", "not enough credits to run jobs"};

  /** Ways a model might name each failure category; {@code %s} is the service ("video"). */
  private static final Map<String, String[]> FAILURE_PHRASES = Map.of(
      "timeout", new String[] {"%s renders time out", "%s generation keeps timing out", "long %s renders never finish",
          "%s jobs exceed the time limit and fail"},
      "output too large", new String[] {"large image sizes fail", "high-resolution outputs run out of memory",
          "cannot generate print-size images", "big outputs crash with out-of-memory errors"},
      "content policy", new String[] {"harmless prompts blocked by the content filter", "content filter is too strict",
          "requests wrongly flagged as unsafe"},
      "unsupported format", new String[] {"needed file format is not supported", "cannot get files in the required format"},
      "provider unavailable", new String[] {"%s jobs fail during outages and rate limits",
          "%s generation fails when the service is overloaded"},
      "connection lost", new String[] {"%s jobs drop on connection errors", "%s jobs fail when the connection drops"},
      "bad input", new String[] {"uploads rejected as empty or corrupted", "input files fail to load"},
      "not enough credits", CREDITS_FAILED);

  private static final String[] CREDITS = {"ran out of credits mid-task", "credits deplete too quickly",
      "hit the credit limit before finishing", "free credits do not last long"};

  private static final String[] GAVE_UP = {"gave up after a failed job", "abandoned the task after a failure"};

  private static final String[] UNEXPLAINED = {"%s jobs fail with unexplained errors", "random %s generation failures",
      "%s jobs fail without a clear reason"};

  /** Words in the user's own lines that a model would read as a complaint about one thing. */
  private static final Map<Pattern, String[]> WORD_FAMILIES = new LinkedHashMap<>();

  static {
    WORD_FAMILIES.put(Pattern.compile("english please|in english|why is (this|it) in|switch(ed)? to (spanish|german|french)"),
        new String[] {"assistant replies in the wrong language", "answers come back in another language"});
    WORD_FAMILIES.put(Pattern.compile("already (told|said)|i (told|said) you|forgot|ignor(ed|ing)|repeat myself|first message"),
        new String[] {"assistant forgets earlier instructions", "constraints given earlier get ignored"});
  }

  /** Words in a user's line that say they are unhappy (not "again": "try again" is a retry, not a complaint). */
  private static final Pattern UNHAPPY = Pattern.compile("still|ugh|useless|not working|doesn'?t work|didn'?t work"
      + "|broken|frustrat|seriously|come on|wast|annoy|ridiculous|give up|giving up|terrible|why (does|is|did)"
      + "|[?!]{2}");

  /** A conversation's job counts line (its heading's), compiled once rather than per conversation. */
  private static final Pattern CONVERSATION_JOBS = Pattern.compile("(?m)^jobs: (.*)$");

  private static final Pattern INLINE_FAILURE = Pattern.compile("^job: ([a-z_]+) failed \\(([a-z ]+)\\)$");

  /**
   * The phrases of failures the user complained right after, or gave up after (the conversation ends on their turn),
   * in the phrasing {@link #phrase} gives them: the conversation's last job before the reaction, if it failed (read
   * from its {@code job:} lines), or every failure of the conversation when it has none.
   */
  private static Set<String> hurtCategories(String prompt, int pick) {
    Set<String> hurt = new HashSet<>();
    for (String conversation : prompt.split("\\n--- conversation ")) {
      int end = conversation.indexOf("</user_data>");
      String body = (end < 0 ? conversation : conversation.substring(0, end)).strip();
      List<String> all = new ArrayList<>();
      Matcher jobs = CONVERSATION_JOBS.matcher(body);
      while (jobs.find()) {
        Matcher f = FAILED_JOBS.matcher(jobs.group(1));
        while (f.find()) {
          all.add(phrase(f.group(3), f.group(2), pick));
        }
      }
      if (all.isEmpty()) {
        continue;
      }
      boolean inline = body.contains("\njob: ");
      String lastFailed = null;
      String lastLine = "";
      for (String line : body.split("\n")) {
        Matcher failure = INLINE_FAILURE.matcher(line);
        if (failure.matches()) {
          lastFailed = phrase(failure.group(2), failure.group(1), pick);
          continue;
        }
        if (line.startsWith("job: ")) {
          lastFailed = null; // a job that went through since: the failure was got past
          continue;
        }
        if (line.startsWith("user: ") || line.startsWith("assistant: ")) {
          lastLine = line;
        }
        if (line.startsWith("user: ") && UNHAPPY.matcher(line.toLowerCase(Locale.ROOT)).find()) {
          react(hurt, inline, lastFailed, all);
        }
      }
      if (lastLine.startsWith("user: ")) {
        react(hurt, inline, lastFailed, all);
      }
    }
    return hurt;
  }

  /** The conversation's last message line ({@code job:} lines are not turns). */
  private static String lastTurn(String body) {
    String last = "";
    for (String line : body.split("\n")) {
      if (line.startsWith("user: ") || line.startsWith("assistant: ")) {
        last = line;
      }
    }
    return last;
  }

  private static void react(Set<String> hurt, boolean inline, String lastFailed, List<String> all) {
    if (!inline) {
      hurt.addAll(all);
    } else if (lastFailed != null) {
      hurt.add(lastFailed);
    }
  }

  private static String phrase(String category, String service, int pick) {
    String noun = switch (service) {
      case "image_generation" -> "image";
      case "video_generation" -> "video";
      default -> service.replace('_', ' ');
    };
    String[] phrasings = FAILURE_PHRASES.getOrDefault(category, UNEXPLAINED);
    return String.format(Locale.ROOT, pick(phrasings, pick), noun);
  }

  private static String pick(String[] phrasings, int pick) {
    return phrasings[pick % phrasings.length];
  }

  private static String persona(String prompt) {
    Matcher segment = SEGMENT.matcher(prompt);
    Matcher useCase = TOP_USE_CASE.matcher(prompt);
    Matcher contrast = CONTRAST.matcher(prompt);
    String what = useCase.find() ? useCase.group(1) : "mixed use";
    String description = (segment.find() ? segment.group(2) + " users" : "Users") + " mostly " + what + "."
        + (contrast.find() ? " Against segment " + contrast.group(1) + ": " + contrast.group(2) + "." : "");
    ObjectNode out = MAPPER.createObjectNode();
    String name = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " group";
    out.put("name", name.length() > 60 ? name.substring(0, 60) : name);
    out.put("description", description.length() > 400 ? description.substring(0, 400) : description);
    return out.toString();
  }

  private static int group(Pattern pattern, String text, int group) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Integer.parseInt(m.group(group)) : 0;
  }
}
