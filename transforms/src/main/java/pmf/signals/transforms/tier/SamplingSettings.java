package pmf.signals.transforms.tier;

import java.io.Serializable;
import java.util.List;

/**
 * The day's strategy knobs.
 *
 * @param thresholds upper bounds of tiers A, B and C in active users
 * @param maxLlmCallsPerRun most analyzer calls in one run, in every tier: users sent, plus persona calls
 * @param samplePerSegment tier C: users drawn per segment
 * @param nearestPerSegment tier C: users nearest each centre, analysed as the segment's typical members
 * @param maxOutlierShare tier D: most of the call budget outliers may take
 * @param seed the sampling seed (same date and seed, same sample)
 * @param personaCalls most segments an LLM writes a persona for (one call each), kept out of the users' budget; 0
 *     when personas cost no call (the offline rules)
 * @param dayCalls calls after the users and personas that the cap must leave room for: the day's LLM roll-up (1), or 0
 */
public record SamplingSettings(List<Long> thresholds, int maxLlmCallsPerRun, int samplePerSegment,
    int nearestPerSegment, double maxOutlierShare, long seed, int personaCalls, int dayCalls) implements Serializable {
  public SamplingSettings {
    thresholds = List.copyOf(thresholds);
    if (maxLlmCallsPerRun < 1) {
      throw new IllegalArgumentException("--maxLlmCallsPerRun must be at least 1");
    }
    if (personaCalls < 0 || dayCalls < 0 || personaCalls + dayCalls >= maxLlmCallsPerRun) {
      throw new IllegalArgumentException("--maxLlmCallsPerRun must leave room for users beside one persona call per"
          + " segment (up to " + personaCalls + ") and the day's roll-up (" + dayCalls + "): at least "
          + (personaCalls + dayCalls + 1));
    }
    if (samplePerSegment < 2) {
      throw new IllegalArgumentException("--samplePerSegment must be at least 2");
    }
    if (nearestPerSegment < 0) {
      throw new IllegalArgumentException("--nearestPerSegment must not be negative");
    }
    if (maxOutlierShare < 0 || maxOutlierShare > 1) {
      throw new IllegalArgumentException("--maxOutlierShare must be between 0 and 1");
    }
  }

  /** Without calls to reserve (the offline analyzer). */
  public SamplingSettings(List<Long> thresholds, int maxLlmCallsPerRun, int samplePerSegment, int nearestPerSegment,
      double maxOutlierShare, long seed) {
    this(thresholds, maxLlmCallsPerRun, samplePerSegment, nearestPerSegment, maxOutlierShare, seed, 0, 0);
  }

  /**
   * Calls reserved on a day with {@code segments} segments: a persona call each, up to {@link #personaCalls}, and the
   * {@link #dayCalls}.
   */
  public int reservedFor(long segments) {
    return (int) Math.min(personaCalls, segments) + dayCalls;
  }
}
