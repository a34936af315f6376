package pmf.signals.devtools.cohort;

import java.util.List;
import java.util.SplittableRandom;

/** The only source of randomness in a cohort: seeded, so a seed always gives the same rows. */
public final class Dice {
  private final SplittableRandom random;

  public Dice(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A stream for one (seed, key, index) triple: users never share or shift each other's draws. */
  public static Dice forKey(long seed, long key, long index) {
    return new Dice(Ids.mix64(Ids.mix64(seed ^ Ids.mix64(key)) + index * 0x9E3779B97F4A7C15L));
  }

  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  public double unit() {
    return random.nextDouble();
  }

  public long nextLong() {
    return random.nextLong();
  }

  /** Uniform in [lo, hi]. */
  public int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  public long betweenLong(long lo, long hi) {
    return lo + random.nextLong(hi - lo + 1);
  }

  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  public double gaussian() {
    return random.nextGaussian();
  }

  @SafeVarargs
  public final <T> T pick(T... items) {
    return items[random.nextInt(items.length)];
  }

  public <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Fisher-Yates with this dice, so the order is part of the seed's output. */
  public <T> void shuffle(List<T> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      java.util.Collections.swap(items, i, random.nextInt(i + 1));
    }
  }

  /** Index drawn with the given (unnormalised) weights. */
  public int weighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Small counts: Knuth's method is exact and cheap for the means used here (< 10). */
  public int poisson(double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  /** Days until the next event when each day has probability p. */
  public int geometricGap(double p) {
    if (p >= 1) {
      return 1;
    }
    return 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
  }
}
