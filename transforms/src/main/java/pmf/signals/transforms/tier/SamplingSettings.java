package pmf.signals.transforms.tier;

import java.io.Serializable;
import java.util.List;

/**
 * The day's strategy knobs.
 *
 * @param thresholds upper bounds of tiers A, B and C in active users
 * @param maxLlmCallsPerRun most users sent to the analyzer in one run, in every tier
 * @param samplePerSegment tier C: users drawn per segment
 * @param nearestPerSegment tier C: users nearest each centre, analysed as the segment's typical members
 * @param maxOutlierShare tier D: most of the call budget outliers may take
 * @param seed the sampling seed (same date and seed, same sample)
 */
public record SamplingSettings(List<Long> thresholds, int maxLlmCallsPerRun, int samplePerSegment,
    int nearestPerSegment, double maxOutlierShare, long seed) implements Serializable {
  public SamplingSettings {
    thresholds = List.copyOf(thresholds);
    if (maxLlmCallsPerRun < 1) {
      throw new IllegalArgumentException("--maxLlmCallsPerRun must be at least 1");
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
}
