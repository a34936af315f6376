package pmf.signals.transforms.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.IOUtils;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;

/**
 * What a user asks for, as words: the terms of their own requests (role {@code user} messages) with how often each
 * occurs. Only consenting users have message text, so everyone else has none. Every message is scrubbed of personal
 * data ({@link PiiScrubber}) before it is read, and the placeholders the scrubber leaves ({@code [EMAIL_1]}) are removed
 * too, so neither a personal value nor a placeholder can become a term. Lucene tokenises (Unicode word boundaries),
 * drops possessives, lower-cases, drops English function words (Lucene's list and Snowball's, which adds "what",
 * "you", "could", "between": words that say how a request is put, not what it is for) and folds plurals
 * ({@code EnglishMinimalStemFilter}: "logos" is "logo", and terms stay words a reader recognises, unlike Porter
 * stems). Only words of {@value #MIN_LETTERS} or more letters count: numbers, sizes, codes and order numbers never
 * become terms.
 *
 * <p>These counts stay inside the pipeline: what reaches any output is the day's vocabulary ({@link FeatureSpace}),
 * words used by at least k distinct users.
 */
public final class RequestTerms {
  static final int MIN_LETTERS = 3;

  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();
  /** The scrubber's typed, numbered placeholders: {@code [EMAIL_1]}, {@code [PHONE_12]}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z_]*_\\d+]");
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final CharArraySet STOP_WORDS = stopWords();
  /** Thread-safe: Lucene keeps one token stream per thread. */
  private static final Analyzer ANALYZER = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new StandardTokenizer();
      TokenStream result = new EnglishPossessiveFilter(source);
      result = new LowerCaseFilter(result);
      result = new StopFilter(result, STOP_WORDS);
      result = new EnglishMinimalStemFilter(result);
      return new TokenStreamComponents(source, result);
    }
  };

  private RequestTerms() {}

  private static CharArraySet stopWords() {
    try {
      CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
      WordlistLoader.getSnowballWordSet(
          IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8), words);
      return CharArraySet.unmodifiableSet(words);
    } catch (IOException e) {
      throw new UncheckedIOException("Lucene's Snowball English stop list is missing from the classpath", e);
    }
  }

  /** Term → occurrences over the user's own requests, scrubbed first; empty without consent or requests. */
  public static Map<String, Integer> of(UserActivity activity) {
    Map<String, Integer> counts = new TreeMap<>();
    if (activity.conversations() == null) {
      return counts;
    }
    Placeholders user = Placeholders.forUser();
    for (Conversation conversation : activity.conversations()) {
      for (Message message : conversation.messages()) {
        if ("user".equals(message.role()) && message.text() != null && !message.text().isBlank()) {
          String scrubbed = SCRUBBER.scrub(message.text(), user).text();
          count(PLACEHOLDER.matcher(scrubbed).replaceAll(" "), counts);
        }
      }
    }
    return counts;
  }

  /** The terms of already scrubbed {@code text}, each once, in order of first use; placeholders are not terms. */
  public static java.util.List<String> terms(String scrubbedText) {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    count(PLACEHOLDER.matcher(scrubbedText).replaceAll(" "), counts);
    return java.util.List.copyOf(counts.keySet());
  }

  /** {@code scrubbedText} without the scrubber's placeholders: what may be embedded or tokenised. */
  public static String withoutPlaceholders(String scrubbedText) {
    return PLACEHOLDER.matcher(scrubbedText).replaceAll(" ").replaceAll("\\s+", " ").strip();
  }

  /** Adds the terms of already scrubbed {@code text} to {@code counts}. */
  static void count(String text, Map<String, Integer> counts) {
    try (TokenStream tokens = ANALYZER.tokenStream("request", text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        String t = term.toString();
        if (t.length() >= MIN_LETTERS && WORD.matcher(t).matches()) {
          counts.merge(t, 1, Integer::sum);
        }
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("tokenising a string cannot fail", e);
    }
  }
}
