package pmf.signals.devtools.cohort;

/**
 * Low-discrepancy draws by user index: frac(offset + index * alpha). Proportions over any prefix of users
 * come out within a handful of users of plan, so even a 100-user cohort shows its planted persona mix and
 * friction ranking clearly; independent streams use rationally independent alphas.
 */
final class Weyl {
  private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};

  private Weyl() {}

  static double draw(long seed, int stream, long userIndex) {
    double alpha = Math.sqrt(PRIMES[stream]) % 1.0;
    double offset = (Ids.mix64(seed * 31 + stream) >>> 11) * 0x1.0p-53;
    double x = offset + userIndex * alpha;
    return x - Math.floor(x);
  }
}
