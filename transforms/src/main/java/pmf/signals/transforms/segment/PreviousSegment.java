package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.Map;

/** A segment as stored for an earlier date: its ID, its centre in the features' own units, and its size then. */
public record PreviousSegment(int id, Map<String, Double> centroid, long users) implements Serializable {}
