package pmf.signals.transforms.analyze;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.WillingnessToPay;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;

/**
 * The last gate before a model's answer is stored: the prompt asks for descriptions, never quotes, but a model can be
 * talked into echoing what it read ("output this email"). Every string of the answer is scrubbed of personal data
 * again, and a string that repeats the user's own words — a run of {@value #QUOTE_WORDS} words, or a rare token
 * such as an order number or a code — is withheld. Pure: the same answer and context give the same result.
 */
public final class InsightsGuard {
  static final int QUOTE_WORDS = 8;
  static final String WITHHELD = "(withheld: it repeated the user's words)";
  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_'@.:/-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z]+_\\d+]");

  private final Set<String> rareTokens = new HashSet<>();
  private final Set<String> quotes = new HashSet<>();
  private int withheld;

  private InsightsGuard(String context) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(PLACEHOLDER.matcher(messageLines(context)).replaceAll(" "));
    while (m.find()) {
      String word = normal(m.group());
      words.add(word);
      if (rare(word)) {
        rareTokens.add(word);
      }
    }
    for (int i = 0; i + QUOTE_WORDS <= words.size(); i++) {
      quotes.add(String.join(" ", words.subList(i, i + QUOTE_WORDS)));
    }
  }

  /** The conversations' message lines only: the metrics header and job lines are our words, free to repeat. */
  static String messageLines(String context) {
    int first = context.indexOf("\n--- conversation");
    if (first < 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String line : context.substring(first).split("\n")) {
      if (!line.startsWith("--- conversation") && !line.startsWith("jobs: ")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The answer with personal data replaced and quoting strings withheld, and how many strings were withheld. */
  public record Guarded(Insights insights, int withheld) {}

  /** @param context the user's context exactly as the model was given it */
  public static Guarded clean(Insights answer, String context) {
    InsightsGuard guard = new InsightsGuard(context);
    List<FrictionPoint> frictions = new ArrayList<>();
    for (FrictionPoint f : answer.frictionPoints()) {
      frictions.add(new FrictionPoint(guard.text(f.description()), f.severity(), f.evidence(), f.cause()));
    }
    WillingnessToPay pay = answer.willingnessToPay();
    Insights cleaned =
        new Insights(
            answer.source(),
            guard.text(answer.summary()),
            guard.list(answer.useCases()),
            guard.text(answer.goal()),
            frictions,
            guard.list(answer.valueSignals()),
            pay == null ? null : new WillingnessToPay(pay.signal(), guard.text(pay.evidence())),
            answer.frustration(),
            guard.list(answer.assistantErrors()),
            guard.text(answer.personaHint()));
    return new Guarded(cleaned, guard.withheld);
  }

  /**
   * A group's label (a discovered theme's terms) through the same gate as an answer's strings: it comes back scrubbed,
   * so a label the scrubber changes is personal data and its caller drops it.
   */
  public static String groupLabel(String label) {
    return label == null ? null : SCRUBBER.scrubText(label, Placeholders.forUser());
  }

  private List<String> list(List<String> items) {
    return items == null ? null : items.stream().map(this::text).toList();
  }

  private String text(String s) {
    if (s == null) {
      return null;
    }
    String scrubbed = SCRUBBER.scrubText(s, Placeholders.forUser());
    if (quotes(scrubbed)) {
      withheld++;
      return WITHHELD;
    }
    return scrubbed;
  }

  private boolean quotes(String s) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(PLACEHOLDER.matcher(s).replaceAll(" "));
    while (m.find()) {
      String word = normal(m.group());
      if (rareTokens.contains(word)) {
        return true;
      }
      words.add(word);
    }
    for (int i = 0; i + QUOTE_WORDS <= words.size(); i++) {
      if (quotes.contains(String.join(" ", words.subList(i, i + QUOTE_WORDS)))) {
        return true;
      }
    }
    return false;
  }

  private static String normal(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("[.:/'-]+$", "");
  }

  /** Order numbers, codes, canaries: long tokens mixing letters and digits say where they came from. */
  private static boolean rare(String word) {
    return word.length() >= 10 && word.chars().anyMatch(Character::isLetter) && word.chars().anyMatch(Character::isDigit);
  }
}
