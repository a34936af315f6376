package pmf.signals.transforms.model;

/** Per-user counts of bad source rows that were handled (deduplicated, ignored or repaired), never silently dropped. */
public record DataQuality(
    int duplicateRows,
    int duplicateProfiles,
    int emptyMessages,
    int truncatedMessages,
    int unknownRoleMessages,
    int malformedMetadata,
    int invalidCredits) {

  public static DataQuality clean() {
    return new DataQuality(0, 0, 0, 0, 0, 0, 0);
  }

  public int total() {
    return duplicateRows
        + duplicateProfiles
        + emptyMessages
        + truncatedMessages
        + unknownRoleMessages
        + malformedMetadata
        + invalidCredits;
  }
}
