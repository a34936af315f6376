package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.Map;

/**
 * One {@code analysis_segments} row. {@code persona} is null for segments under the privacy k-threshold; the last four
 * say what writing it cost (0 for the offline rules).
 */
public record SegmentRecord(int segmentId, long users, long consenting, int analysed, Long previousUsers,
    String drift, Map<String, Double> centroid, Persona persona, String method, int llmCalls, int tokensIn,
    int tokensOut, double costUsd) implements Serializable {}
