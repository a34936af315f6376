package pmf.signals.devtools.cohort;

import static pmf.signals.devtools.cohort.Lexicon.*;

/** How the assistant answers: acknowledgements, job updates, results, apologies and chat answers. */
final class AssistantVoice {
  private final Dice dice;

  AssistantVoice(Dice dice) {
    this.dice = dice;
  }

  String jobStart(Service service, Slots slots) {
    return join(dice.pick(ACKS), slots.fill(dice.pick(JOB_STARTS.get(service))));
  }

  String result(Service service, Slots slots) {
    String comment = service.visual() ? dice.pick(RESULT_COMMENTS) : "";
    String offer = dice.chance(0.7) ? dice.pick(OFFERS.get(service)) : "";
    String text = slots.fill(dice.pick(RESULTS).replace("{comment}", comment).replace("{offer}", offer));
    return text.replace("  ", " ").strip();
  }

  String chatAnswer(UseCase useCase, Slots slots) {
    switch (useCase) {
      case CODE_HELP:
        // Verbatim: code is full of braces, tabs, backslashes and quotes, exactly what COPY must escape.
        return dice.pick(CODE_ANSWERS);
      case STUDY_NOTES:
        return join(dice.pick(ACKS), slots.fill(dice.pick(STUDY_ANSWERS)));
      case ESSAY_FEEDBACK:
        return slots.fill(dice.pick(ESSAY_ANSWERS));
      case AD_CREATIVES:
        return slots.fill(dice.pick(HEADLINE_ANSWERS));
      case PODCAST_TRANSCRIPTS:
        return slots.fill(dice.pick(PODCAST_ANSWERS));
      case JUST_EXPLORING:
        return dice.pick(EXPLORE_ANSWERS);
      default:
        StringBuilder b = new StringBuilder(dice.pick("Here are a few options:", "Some ideas:", "Try these:"));
        int n = dice.between(2, 4);
        for (int i = 1; i <= n; i++) {
          b.append('\n').append(i).append(". ").append(slots.fill(dice.pick(CAPTIONS)));
        }
        return b.toString();
    }
  }

  String failure() {
    return dice.pick(GENERIC_FAILURE_REPLIES);
  }

  String cancelled() {
    return dice.pick(CANCEL_REPLIES);
  }

  String apology(String followUp) {
    return join(dice.pick(APOLOGIES), followUp);
  }

  String thanks() {
    return dice.pick("Glad you like it!", "Happy to help 🙂", "Anytime!", "Great — ping me if you need more.",
        "Awesome. Good luck with the launch!", "You're welcome!");
  }

  String pick(String[] bank, Slots slots) {
    return slots.fill(dice.pick(bank));
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + " " + b;
  }
}
