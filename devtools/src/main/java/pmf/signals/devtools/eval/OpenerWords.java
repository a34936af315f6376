package pmf.signals.devtools.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which use case an opener was written for, as a multinomial naive Bayes over its words (add-one smoothing, every
 * use case equally likely beforehand), learnt from openers the generator writes for each use case.
 */
public final class OpenerWords {
  private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");

  private final List<String> useCases;
  private final List<Map<String, Double>> logWord;
  private final double[] logUnseen;

  private OpenerWords(List<String> useCases, List<Map<String, Double>> logWord, double[] logUnseen) {
    this.useCases = useCases;
    this.logWord = logWord;
    this.logUnseen = logUnseen;
  }

  /** Learnt from {@code openers}: use case → openers written for it. */
  public static OpenerWords learn(Map<String, List<String>> openers) {
    Map<String, List<String>> sorted = new TreeMap<>(openers);
    java.util.Set<String> vocabulary = new java.util.HashSet<>();
    List<Map<String, Integer>> counts = new ArrayList<>();
    for (List<String> texts : sorted.values()) {
      Map<String, Integer> c = new HashMap<>();
      texts.forEach(t -> words(t).forEach(w -> c.merge(w, 1, Integer::sum)));
      vocabulary.addAll(c.keySet());
      counts.add(c);
    }
    List<Map<String, Double>> logWord = new ArrayList<>();
    double[] logUnseen = new double[counts.size()];
    for (int u = 0; u < counts.size(); u++) {
      double total = counts.get(u).values().stream().mapToInt(Integer::intValue).sum() + vocabulary.size() + 1.0;
      Map<String, Double> log = new HashMap<>();
      counts.get(u).forEach((w, n) -> log.put(w, Math.log((n + 1) / total)));
      logWord.add(log);
      logUnseen[u] = Math.log(1 / total);
    }
    return new OpenerWords(List.copyOf(sorted.keySet()), logWord, logUnseen);
  }

  public List<String> useCases() {
    return useCases;
  }

  /** The chance the opener was written for each use case ({@link #useCases()} order). */
  public double[] posterior(String opener) {
    double[] log = new double[useCases.size()];
    for (String w : words(opener)) {
      for (int u = 0; u < log.length; u++) {
        log[u] += logWord.get(u).getOrDefault(w, logUnseen[u]);
      }
    }
    double max = java.util.Arrays.stream(log).max().orElse(0);
    double sum = 0;
    double[] p = new double[log.length];
    for (int u = 0; u < p.length; u++) {
      p[u] = Math.exp(log[u] - max);
      sum += p[u];
    }
    for (int u = 0; u < p.length; u++) {
      p[u] /= sum;
    }
    return p;
  }

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }
}
