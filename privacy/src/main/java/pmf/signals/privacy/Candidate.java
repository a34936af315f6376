package pmf.signals.privacy;

/** What a detector proposes: a span, its class and the normalised value that placeholders are numbered by. */
record Candidate(PiiClass piiClass, int start, int end, String key) {
  int length() {
    return end - start;
  }
}
