package pmf.signals.transforms.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: class-based TF-IDF, as BERTopic labels its topics. All lines of a cluster are one document; a term's weight in
 * cluster c is its frequency there, over the cluster's term count, times log(1 + A / f), where f is the term's frequency
 * over all clusters and A the average term count of a cluster: words every cluster uses ("please", "make") weigh
 * little, words one cluster uses a lot weigh most. Only a term that at least k distinct users of the cluster wrote can
 * label it, so a label is never one user's words.
 */
public final class ClassTfIdf {
  /** A term of a cluster's label: its c-TF-IDF weight and the distinct users of the cluster who wrote it. */
  public record Term(String term, double weight, int users) {}

  private ClassTfIdf() {}

  /**
   * Each class's label terms, best first, at most {@code maxTerms}: terms at least {@code k} distinct users of the class
   * wrote. Pass every line that was clustered (noise too, as a class of its own), so the weights see all the words.
   */
  public static List<List<Term>> label(List<List<Utterance>> classes, int k, int maxTerms) {
    List<Map<String, Integer>> tf = new ArrayList<>();
    List<Map<String, Set<String>>> writers = new ArrayList<>();
    Map<String, Integer> total = new HashMap<>();
    long allTerms = 0;
    for (List<Utterance> lines : classes) {
      Map<String, Integer> counts = new HashMap<>();
      Map<String, Set<String>> users = new HashMap<>();
      for (Utterance u : lines) {
        for (String term : u.terms()) {
          counts.merge(term, 1, Integer::sum);
          total.merge(term, 1, Integer::sum);
          users.computeIfAbsent(term, t -> new HashSet<>()).add(u.userId());
          allTerms++;
        }
      }
      tf.add(counts);
      writers.add(users);
    }
    double average = classes.isEmpty() ? 0 : allTerms / (double) classes.size();
    List<List<Term>> out = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      Map<String, Integer> counts = tf.get(c);
      Map<String, Set<String>> users = writers.get(c);
      double size = counts.values().stream().mapToInt(Integer::intValue).sum();
      List<Term> terms = new ArrayList<>();
      counts.forEach((term, n) -> {
        int distinct = users.get(term).size();
        if (distinct >= k) {
          terms.add(new Term(term, weight(n, size, total.get(term), average), distinct));
        }
      });
      terms.sort(Comparator.comparingDouble((Term t) -> -t.weight()).thenComparing(Term::term));
      out.add(List.copyOf(terms.subList(0, Math.min(maxTerms, terms.size()))));
    }
    return out;
  }

  /** c-TF-IDF of a term: {@code count} times in a class of {@code classTerms} terms, {@code overall} times in all. */
  static double weight(int count, double classTerms, int overall, double averageClassTerms) {
    return count / classTerms * Math.log(1 + averageClassTerms / overall);
  }
}
