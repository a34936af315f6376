package pmf.signals.transforms.segment;

import java.io.Serializable;

/** A user's segment, how far they sit from its centre (standardised units), and whether that is far from every one. */
public record Assignment(int segmentId, double distance, boolean outlier) implements Serializable {}
