package pmf.signals.transforms.segment;

/** A user of the day's segment sample, by ID, with what they are segmented on. Internal to the pipeline. */
public record SampledUser(String userId, SegmentInput input) {}
