package pmf.signals.devtools.cohort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/** Which users carry which kinds of bad input; drawn once per cohort from the seed, before any user is made. */
final class MessyPlan {
  private final Map<Integer, EnumSet<MessyKind>> byUser;

  private MessyPlan(Map<Integer, EnumSet<MessyKind>> byUser) {
    this.byUser = byUser;
  }

  static MessyPlan none() {
    return new MessyPlan(Map.of());
  }

  /** Targets are users with activity; users without conversations are picked first and get nothing else. */
  static MessyPlan draw(long seed, int users, IntPredicate active) {
    Dice dice = Dice.forKey(seed, 0x4D455353L, 0);
    List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      if (active.test(i)) {
        pool.add(i);
      }
    }
    Map<Integer, EnumSet<MessyKind>> byUser = new HashMap<>();
    List<Integer> apiOnly = sample(pool, MessyKind.USER_WITHOUT_CONVERSATIONS.plannedCount(users), dice);
    for (int i : apiOnly) {
      byUser.put(i, EnumSet.of(MessyKind.USER_WITHOUT_CONVERSATIONS));
    }
    pool.removeAll(Set.copyOf(apiOnly));
    for (MessyKind kind : MessyKind.values()) {
      if (!kind.perUser() || kind == MessyKind.USER_WITHOUT_CONVERSATIONS) {
        continue;
      }
      for (int i : sample(pool, kind.plannedCount(users), dice)) {
        byUser.computeIfAbsent(i, k -> EnumSet.noneOf(MessyKind.class)).add(kind);
      }
    }
    return new MessyPlan(byUser);
  }

  Set<MessyKind> kindsFor(int userIndex) {
    EnumSet<MessyKind> kinds = byUser.get(userIndex);
    return kinds == null ? Collections.emptySet() : kinds;
  }

  /** k distinct items by a partial Fisher-Yates shuffle of a copy (the pool keeps its order). */
  private static List<Integer> sample(List<Integer> pool, int k, Dice dice) {
    List<Integer> copy = new ArrayList<>(pool);
    int n = Math.min(k, copy.size());
    for (int i = 0; i < n; i++) {
      Collections.swap(copy, i, dice.between(i, copy.size() - 1));
    }
    return new ArrayList<>(copy.subList(0, n));
  }
}
