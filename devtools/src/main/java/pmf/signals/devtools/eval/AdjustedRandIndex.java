package pmf.signals.devtools.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hubert and Arabie's adjusted Rand index of two labelings of the same items: 1 for identical partitions, about 0 for
 * chance agreement. Used to score found segments against planted personas.
 */
public final class AdjustedRandIndex {
  private AdjustedRandIndex() {}

  public static <A, B> double of(List<A> truth, List<B> found) {
    if (truth.size() != found.size()) {
      throw new IllegalArgumentException("labelings differ in length: " + truth.size() + " vs " + found.size());
    }
    Map<A, Map<B, Long>> table = new HashMap<>();
    Map<A, Long> rows = new HashMap<>();
    Map<B, Long> columns = new HashMap<>();
    for (int i = 0; i < truth.size(); i++) {
      table.computeIfAbsent(truth.get(i), a -> new HashMap<>()).merge(found.get(i), 1L, Long::sum);
      rows.merge(truth.get(i), 1L, Long::sum);
      columns.merge(found.get(i), 1L, Long::sum);
    }
    double index = 0;
    for (Map<B, Long> row : table.values()) {
      for (long n : row.values()) {
        index += pairs(n);
      }
    }
    double rowPairs = rows.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
    double columnPairs = columns.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
    double expected = rowPairs * columnPairs / pairs(truth.size());
    double max = (rowPairs + columnPairs) / 2;
    return max == expected ? 1.0 : (index - expected) / (max - expected);
  }

  private static double pairs(long n) {
    return n * (n - 1) / 2.0;
  }
}
