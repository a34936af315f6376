package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.Map;

/** One {@code analysis_segments} row. {@code persona} is null for segments under the privacy k-threshold. */
public record SegmentRecord(int segmentId, long users, long consenting, int analysed, Long previousUsers,
    String drift, Map<String, Double> centroid, Persona persona, String method) implements Serializable {}
