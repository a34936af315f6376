package pmf.signals.devtools.cohort;

import java.util.ArrayList;
import java.util.List;

/**
 * Conversation openers as the generator writes them, by use case: what an evaluation that knows the generating model
 * learns each use case's words from (the cohort's own openers do not say which pool they were drawn from).
 */
public final class Openers {
  private static final long KEY = 0x4F50454EL;

  private Openers() {}

  /** {@code n} first requests of fresh conversations about {@code useCase}, the same for the same seed. */
  public static List<String> sample(UseCase useCase, int n, long seed) {
    Dice dice = Dice.forKey(seed, KEY, useCase.ordinal());
    UserVoice voice = new UserVoice(dice);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(voice.request(useCase, dice.pick(Lexicon.FRAMES.get(useCase)), new Slots(dice)));
    }
    return out;
  }
}
