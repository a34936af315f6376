package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in model for the {@code user_analysis} prompt: answers with insights that match its schema, read only from
 * the numeric header lines of the user's context (plan, failures by category, credit limit hits, downloads, shares).
 * Every string comes from a fixed vocabulary, so the answer never carries any of the user's own text — what a
 * well-behaved model does, and what lets tests assert that nothing personal flows through.
 *
 * <p>A request whose response schema is {@code segment_persona}'s ({@link #asksForPersona}) gets a valid
 * {@code {name, description}} instead, from the brief's segment line, top use case and first contrast; one for the
 * day's answers ({@code day_rollup}) gets {@link DayRollupResponder}'s.
 */
public final class InsightsResponder implements Responder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern FAILURES = Pattern.compile("(?m)^job failures by category: (.*)$");
  private static final Pattern CATEGORY = Pattern.compile("([a-z_]+) (\\d+)");
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
    int failed = 0;
    Matcher failures = FAILURES.matcher(prompt);
    if (failures.find()) {
      Matcher category = CATEGORY.matcher(failures.group(1));
      while (category.find()) {
        int count = Integer.parseInt(category.group(2));
        failed += count;
        ObjectNode friction = frictions.addObject();
        friction.put("description", "jobs failing with " + category.group(1).replace('_', ' ') + " errors");
        friction.put("severity", Math.min(5, 1 + count));
        friction.put("evidence", "failed_job");
      }
    }
    ArrayNode value = out.putArray("value_signals");
    if (downloads > 0) {
      value.add("downloads results");
    }
    if (shares > 0) {
      value.add("shares results");
    }
    int frustration = Math.max(1, Math.min(5, 1 + failed));
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
