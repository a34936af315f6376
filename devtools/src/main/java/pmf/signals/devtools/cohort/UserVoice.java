package pmf.signals.devtools.cohort;

import static pmf.signals.devtools.cohort.Lexicon.*;

import java.util.Locale;
import pmf.signals.devtools.cohort.Lexicon.Frame;

/**
 * How users type: a turn is composed from a grammar (opener, context, verb, request, modifiers, closer),
 * then roughened (lowercase, typos, "u", "pls", emoji), so no sentence template repeats across the cohort.
 */
final class UserVoice {
  private final Dice dice;

  UserVoice(Dice dice) {
    this.dice = dice;
  }

  /** A first ask within a conversation; {@code clean} is also what an auto-title would be made from. */
  String request(UseCase useCase, Frame frame, Slots slots) {
    StringBuilder b = new StringBuilder();
    if (dice.chance(0.45)) {
      b.append(dice.pick(OPENERS)).append(' ');
    }
    if (dice.chance(0.25)) {
      b.append(slots.fill(dice.pick(CONTEXTS.get(useCase)))).append(' ');
    }
    b.append(ask(useCase, frame, slots));
    if (dice.chance(0.4)) {
      b.append(' ').append(dice.pick(CLOSERS));
    }
    return humanize(b.toString());
  }

  /** The request itself: verb + noun phrase (or a whole sentence), modifiers, punctuation. */
  String ask(UseCase useCase, Frame frame, Slots slots) {
    String core;
    boolean question = false;
    if (frame.nounPhrase()) {
      String verb = dice.pick(frame.service() == null ? ASK_VERBS : MAKE_VERBS);
      question = verb.startsWith("can") || verb.startsWith("could") || verb.startsWith("would") || verb.startsWith("mind");
      core = verb + " " + slots.fill(frame.text());
    } else {
      core = slots.fill(frame.text());
    }
    StringBuilder b = new StringBuilder(core);
    int mods = dice.weighted(0.45, 0.4, 0.15);
    if (question && mods > 0 && dice.chance(0.5)) {
      b.append('?');
      question = false;
    }
    String previous = null;
    for (int i = 0; i < mods; i++) {
      // Size, deadline and style asides only make sense for things being made.
      boolean general = frame.service() != null && dice.chance(0.4);
      String mod = slots.fill(dice.pick(general ? GENERAL_MODS : MODS.get(useCase)));
      if (mod.equals(previous) || b.indexOf(mod) >= 0) {
        continue;
      }
      previous = mod;
      char last = b.charAt(b.length() - 1);
      String separator = last == '?' || last == '!' ? " " : i == 0 ? dice.pick(", ", " — ", ". ", ", ", " ")
          : dice.pick(", ", " and ", ", also ");
      b.append(separator).append(mod);
    }
    if (question) {
      b.append(dice.pick("?", "?", "??", ""));
    } else if (!endsWithPunctuation(b)) {
      b.append(dice.pick("", "", ".", "!"));
    }
    return b.toString();
  }

  /** Asking again after a failure, in other words. */
  String retry(UseCase useCase, Frame frame, Slots slots) {
    return humanize(dice.pick(RETRY_PREFIXES) + " " + ask(useCase, frame, slots));
  }

  String refinement(Service service, Slots slots) {
    String[] changes = service == null ? CHAT_CHANGES
        : service == Service.VIDEO_GENERATION ? VIDEO_CHANGES
        : service == Service.TRANSCRIPTION || service == Service.TEXT_TO_SPEECH ? AUDIO_CHANGES
        : service == Service.MESH_GENERATION ? NovelArea.MESH_CHANGES : VISUAL_CHANGES;
    String soft = slots.fill(dice.pick(SOFTENERS));
    String text = (soft.isEmpty() ? "" : soft + " ") + slots.fill(dice.pick(changes));
    if (dice.chance(0.3)) {
      text += " " + dice.pick(CLOSERS);
    }
    return humanize(text);
  }

  /** A routine follow-up after a result that worked: short, and alike across users ({@link NovelArea}). */
  String routine() {
    return humanize(dice.pick(NovelArea.ROUTINE) + (dice.chance(0.3) ? " " + dice.pick(CLOSERS) : ""));
  }

  String praise(Slots slots) {
    String text = dice.pick(PRAISE) + dice.pick("!", "", ".", "!!", ",");
    String detail = slots.fill(dice.pick(PRAISE_DETAIL));
    if (!detail.isEmpty()) {
      text += " " + detail;
    }
    return humanize(text);
  }

  String acceptOffer(Slots slots) {
    return humanize(dice.pick("yes please", "sure", "yes!", "go for it", "ok do it", "yeah", "yep") + dice.pick(
        "", ", the " + slots.get("ordinal") + " one", " — " + slots.fill(dice.pick(PRAISE_DETAIL)), ", thanks"));
  }

  String cancel(Slots slots) {
    slots.set("thing", dice.pick(THINGS));
    return humanize(slots.fill(dice.pick(CANCELS)));
  }

  /** Lead + core + tail: the same frustration in many words. */
  String complaint(Friction friction, Slots slots) {
    String lead = dice.pick(COMPLAINT_LEADS);
    String core = slots.fill(dice.pick(COMPLAINTS.get(friction)));
    String tail = dice.chance(0.6) ? dice.pick(COMPLAINT_TAILS) : "";
    StringBuilder b = new StringBuilder();
    if (!lead.isEmpty()) {
      b.append(lead).append(' ');
    }
    b.append(core);
    if (!tail.isEmpty()) {
      b.append(dice.pick(". ", " — ", ", ", " ")).append(tail);
    }
    return humanize(b.toString());
  }

  /** Typing habits: case, typos, abbreviations, emoji. */
  String humanize(String text) {
    String s = text.strip();
    double casing = dice.unit();
    if (casing < 0.18) {
      s = s.toLowerCase(Locale.ROOT);
    } else if (casing < 0.75 && !s.isEmpty()) {
      s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
    if (dice.chance(0.10)) {
      s = typo(s);
    }
    if (dice.chance(0.06)) {
      s = s.replace(" you ", " u ");
    }
    if (dice.chance(0.3)) {
      s = s.replace("please", "pls");
    }
    if (dice.chance(0.10)) {
      s = s + " " + dice.pick(EMOJI);
    }
    return s;
  }

  /** Swaps, drops or doubles a letter inside one plain word of five letters or more. */
  private String typo(String s) {
    String[] words = s.split(" ");
    for (int attempt = 0; attempt < 4; attempt++) {
      int w = dice.between(0, words.length - 1);
      String word = words[w];
      if (word.length() < 5 || !word.chars().allMatch(Character::isLetter)) {
        continue;
      }
      int i = dice.between(1, word.length() - 3);
      char[] c = word.toCharArray();
      switch (dice.between(0, 2)) {
        case 0:
          char t = c[i];
          c[i] = c[i + 1];
          c[i + 1] = t;
          words[w] = new String(c);
          break;
        case 1:
          words[w] = word.substring(0, i) + word.substring(i + 1);
          break;
        default:
          words[w] = word.substring(0, i) + c[i] + word.substring(i);
      }
      return String.join(" ", words);
    }
    return s;
  }

  private static boolean endsWithPunctuation(CharSequence b) {
    char last = b.length() == 0 ? ' ' : b.charAt(b.length() - 1);
    return last == '?' || last == '.' || last == '!' || last == ')' || last == '\'';
  }
}
