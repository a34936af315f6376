package pmf.signals.privacy;

import java.util.List;

/** One class of personal data: adds every span it recognises in {@code text} to {@code out}. Stateless, thread-safe. */
interface Detector {
  void find(String text, List<Candidate> out);
}
