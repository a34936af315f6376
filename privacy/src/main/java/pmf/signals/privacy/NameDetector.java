package pmf.signals.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names, by a documented heuristic: no NER model resolves from the registries here, and a model that cannot
 * be shipped cannot be relied on. A word is (the start of) a name when:
 *
 * <ol>
 *   <li>it is a capitalised given name from {@code first-names.txt} (about 800 common names across locales), e.g.
 *       "Priya", "Kwame", "Zoë" — anywhere;
 *   <li>it is a given name that is also a word ("Grace", "Will", "Summer", "Sydney") after a personal cue: "I'm",
 *       "hi", "dear", "thanks", "cc", "call", "ask", "tell", "ping", "meet" or a strong cue;
 *   <li>it is a lower-case given name ("i'm priya btw") after any personal cue, also "this is", "email", "text";
 *   <li>it is any capitalised word that is not a common word, after a strong cue: "my name is", "call me", "signed",
 *       "regards,", "Mr"/"Ms"/"Dr"/"Herr"/"Mme"…, or a relation ("my manager", "my client", "my co-founder",
 *       "my wife" …);
 *   <li>it is any capitalised word that is not a common word after a personal cue, when a surname follows ("ask
 *       Thaddeus Okonkwo") or it ends the message ("thx, Ngozi"); or after a header field ("From: …", "Name: …");
 *   <li>it opens a message or follows a greeting and is followed by "here": "hi, Priya here";
 *   <li>it is a listed given name in capitals before another word in capitals: "LIAM O'CONNOR".
 * </ol>
 *
 * A name then takes up to two following capitalised words as surnames, with particles ("van der", "de la", "O'",
 * "bin") and initials between. Names nobody cues and no list knows ("Zbigniew will review it") are missed; `make
 * privacy-report` prints the recall this buys on the generated cohort.
 */
final class NameDetector implements Detector {
  private static final String RESOURCE = "first-names.txt";
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*+(?:['’\\-]\\p{L}[\\p{L}\\p{M}]*+){0,3}+");
  private static final String B = "(?<![\\p{L}])";
  private static final Set<String> RELATIONS = Set.of("manager", "boss", "client", "customer", "cofounder",
      "co-founder", "founder", "colleague", "coworker", "co-worker", "friend", "wife", "husband", "partner",
      "girlfriend", "boyfriend", "fiance", "fiancee", "mom", "mum", "mother", "dad", "father", "sister", "brother",
      "son", "daughter", "aunt", "uncle", "cousin", "niece", "nephew", "grandma", "grandpa", "grandmother",
      "grandfather", "teacher", "tutor", "professor", "prof", "student", "assistant", "editor", "designer",
      "photographer", "landlord", "landlady", "neighbour", "neighbor", "lawyer", "accountant", "doctor", "nurse",
      "therapist", "coach", "intern", "employee", "supervisor", "teammate", "roommate", "flatmate", "contact", "dog",
      "cat", "kid", "baby");
  private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sr", "sra",
      "srta", "herr", "frau", "mme", "mlle", "monsieur", "madame", "senor", "senora", "signor", "signora");
  private static final Set<String> SIGN_OFFS = Set.of("signed", "regards", "sincerely", "yours", "truly");
  /** Phrases that end right before a name, as word pairs: "my name is", "call me", "me llamo". */
  private static final Set<String> STRONG_PAIRS = Set.of("name is", "name's", "call me", "go by", "me llamo",
      "je m'appelle", "ich heisse", "ich heiße", "mi chiamo", "nome e");
  /** Header-like fields before a name: "From: Henrietta", "Name: Jo", "Attn: Ms Lee". */
  private static final Set<String> HEADER_WORDS = Set.of("name", "from", "to", "cc", "bcc", "attn", "contact", "client",
      "customer", "recipient", "sender", "author", "signed", "by", "owner", "assignee", "reviewer", "nombre", "nom");
  private static final Set<String> PERSONAL_WORDS = Set.of("i'm", "im", "hi", "hey", "hello", "hiya", "dear", "thanks",
      "thx", "ty", "ta", "cheers", "best", "cc", "call", "ask", "tell", "ping", "meet", "met", "invite", "hola", "bonjour",
      "hallo", "ciao");
  private static final Set<String> PERSONAL_PAIRS = Set.of("i am", "thank you");
  private static final Set<String> WEAK_WORDS = Set.of("it's", "email", "e-mail", "message", "text", "dm", "with",
      "and", "from", "for", "to", "by");
  /** After these a lower-case given name is taken: "this is priya", "email priya". */
  private static final Set<String> NAMING_WORDS = Set.of("email", "e-mail", "message", "text", "dm");
  private static final Pattern CUE_GAP = Pattern.compile("(?:['’]s)?[ \\t]{0,3}[,:!.]?\\s{0,3}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern WORD_GAP = Pattern.compile("[ \\t]{1,3}");
  private static final Pattern OPENING = Pattern.compile("(?iu)(?:^|[\\n.!?]\\s{0,3}|" + B + "(?:hi|hey|hello|hiya|"
      + "morning|evening|afternoon|yo)[,!]?\\s{0,3})$");
  private static final Set<String> PARTICLES = Set.of("van", "der", "den", "de", "la", "le", "du", "des", "del", "della",
      "di", "da", "dos", "das", "do", "von", "zu", "ter", "ten", "bin", "ibn", "binti", "al", "el", "abu", "mac", "st");
  private static final Set<String> NOT_NAMES = Set.copyOf(List.of("i", "i'm", "the", "a", "an", "and", "or", "but", "so", "if",
      "in", "on", "at", "to", "for", "of", "with", "from", "by", "my", "your", "our", "their", "his", "her", "its",
      "this", "that", "these", "those", "it", "is", "are", "was", "were", "be", "will", "can", "could", "should",
      "would", "do", "does", "did", "has", "have", "had", "not", "no", "yes", "ok", "okay", "hi", "hey", "hello",
      "thanks", "thank", "please", "pls", "sorry", "here", "there", "just", "also", "still", "really", "very", "now",
      "then", "when", "what", "why", "how", "who", "where", "which", "all", "any", "some", "every", "each", "both",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
      "sat", "sun", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "today", "tomorrow", "yesterday", "tonight", "team", "support", "admin", "customer", "service", "sales",
      "marketing", "hr", "it", "inc", "ltd", "llc", "gmbh", "co", "corp", "company", "street", "st", "road", "rd",
      "avenue", "ave", "lane", "drive", "english", "spanish", "french", "german", "italian", "portuguese", "japanese",
      "chinese", "korean", "american", "british", "canadian", "australian", "indian", "mexican", "brazilian", "dutch",
      "swedish", "irish", "european", "new", "pro", "max", "plus", "mini", "ultra", "lite", "studio", "app", "ai",
      "api", "pdf", "png", "jpg", "svg", "mp4", "etc", "done", "back", "good", "great", "fine", "ready", "stuck",
      "confused", "going", "trying", "looking", "using", "working", "happy", "glad", "excited", "new", "not", "in",
      "out", "almost", "about", "sure", "well", "again", "still", "free", "premium", "basic", "manager", "client",
      "founder", "boss", "friend", "mom", "dad", "mum", "wife", "husband", "partner", "here", "everyone", "all",
      "guys", "folks", "there", "regards", "best", "cheers", "signed", "sincerely", "asap", "urgent", "update",
      "invoice", "order", "account", "question", "issue", "problem", "bug", "error", "help", "feedback", "wishes", "mate",
      "love", "bro", "man", "dude", "buddy", "boss", "sir", "madam", "folks", "lots", "much", "again", "so"));
  private static final int CUE_WINDOW = 40;
  /** Given name (normalised) to whether it is also a common word; loaded last, normalise() needs the patterns. */
  private static final Map<String, Boolean> GIVEN_NAMES = load();

  private enum Cue { NONE, WEAK, PERSONAL, STRONG }

  private record Word(int start, int end, String text) {}

  @Override
  public void find(String text, List<Candidate> out) {
    List<Word> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      if (!Character.isLetter(w.text().charAt(0))) {
        continue;
      }
      if (isName(text, words, i)) {
        int last = surnames(text, words, i);
        int end = words.get(last).end();
        out.add(new Candidate(PiiClass.NAME, w.start(), end, normalise(text.substring(w.start(), end))));
        i = last;
      }
    }
  }

  private static boolean isName(String text, List<Word> words, int i) {
    Word w = words.get(i);
    String word = w.text();
    String norm = normalise(word);
    Boolean ambiguous = GIVEN_NAMES.get(norm);
    boolean capitalised = isCapitalised(word);
    boolean lower = word.equals(word.toLowerCase(Locale.ROOT));
    if (capitalised && Boolean.FALSE.equals(ambiguous)) {
      return true;
    }
    if (!capitalised && !lower) {
      // ACRONYMS and camelCase, except a listed given name in capitals before another capitalised word: "LIAM O'CONNOR"
      return Boolean.FALSE.equals(ambiguous) && word.length() >= 3 && word.equals(word.toUpperCase(Locale.ROOT))
          && i + 1 < words.size() && joined(text, words, i + 1)
          && words.get(i + 1).text().equals(words.get(i + 1).text().toUpperCase(Locale.ROOT))
          && !NOT_NAMES.contains(normalise(words.get(i + 1).text()));
    }
    if (capitalised && ambiguous == null && NOT_NAMES.contains(norm)) {
      return false;
    }
    if (ambiguous == null && !capitalised) {
      return false;
    }
    Cue cue = cueBefore(text, words, i);
    if (capitalised && ambiguous != null) {
      return cue == Cue.STRONG || cue == Cue.PERSONAL || followedByHere(text, words, i);
    }
    if (lower) {
      return Boolean.FALSE.equals(ambiguous) && cue != Cue.NONE && (cue != Cue.WEAK || namesSomeone(text, words, i));
    }
    // A capitalised word no list knows: after a strong cue; after a personal cue ("ask", "thanks") when a surname
    // follows it or it signs the message off ("thx, Ngozi"); or before "here" at the start of a message.
    return cue == Cue.STRONG
        || cue == Cue.PERSONAL && (surnames(text, words, i) > i || endsText(text, w.end()))
        || followedByHere(text, words, i);
  }

  /** Nothing but punctuation, emoji and spaces after {@code end}. */
  private static boolean endsText(String text, int end) {
    for (int i = end; i < text.length(); i++) {
      if (Character.isLetterOrDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean followedByHere(String text, List<Word> words, int i) {
    if (i + 1 >= words.size() || !words.get(i + 1).text().equalsIgnoreCase("here")) {
      return false;
    }
    Word w = words.get(i);
    if (!text.substring(w.end(), words.get(i + 1).start()).isBlank()) {
      return false;
    }
    int after = words.get(i + 1).end();
    if (after < text.length() && Character.isLetter(text.charAt(after))) {
      return false;
    }
    return OPENING.matcher(text.substring(Math.max(0, w.start() - CUE_WINDOW), w.start())).find();
  }

  /** The cue that ends right before word {@code i}, judged by the one to three words before it. */
  private static Cue cueBefore(String text, List<Word> words, int i) {
    if (i == 0 || !CUE_GAP.matcher(text).region(words.get(i - 1).end(), words.get(i).start()).matches()) {
      return Cue.NONE;
    }
    String p1 = normalise(words.get(i - 1).text());
    String p2 = i >= 2 && joined(text, words, i - 1) ? normalise(words.get(i - 2).text()) : "";
    String p3 = i >= 3 && joined(text, words, i - 2) ? normalise(words.get(i - 3).text()) : "";
    String pair = p2 + " " + p1;
    boolean myRelation = (p2.equals("my") || p2.equals("our")) && RELATIONS.contains(p1)
        || (p3.equals("my") || p3.equals("our")) && RELATIONS.contains(p2) && p1.equals("is")
        || (p3.equals("my") || p3.equals("our")) && RELATIONS.contains(p1); // "my best friend", "my new client"
    boolean colon = text.substring(words.get(i - 1).end(), words.get(i).start()).contains(":");
    if (STRONG_PAIRS.contains(pair) || STRONG_PAIRS.contains(p1) || TITLES.contains(p1) || SIGN_OFFS.contains(p1)
        || myRelation || colon && HEADER_WORDS.contains(p1)) {
      return Cue.STRONG;
    }
    if (PERSONAL_WORDS.contains(p1) || PERSONAL_PAIRS.contains(pair)) {
      return Cue.PERSONAL;
    }
    if (WEAK_WORDS.contains(p1) || pair.equals("this is")) {
      return Cue.WEAK;
    }
    return Cue.NONE;
  }

  /** Words {@code j - 1} and {@code j} are separated by spaces only. */
  private static boolean joined(String text, List<Word> words, int j) {
    return WORD_GAP.matcher(text).region(words.get(j - 1).end(), words.get(j).start()).matches();
  }

  /** "this is priya" and "email priya" name someone; "for priya", "to priya" too rarely to guess. */
  private static boolean namesSomeone(String text, List<Word> words, int i) {
    String p1 = normalise(words.get(i - 1).text());
    return NAMING_WORDS.contains(p1) || p1.equals("is") && i >= 2 && joined(text, words, i - 1)
        && normalise(words.get(i - 2).text()).equals("this");
  }

  /** The last word of the name starting at {@code first}: surnames, particles and initials that follow it. */
  private static int surnames(String text, List<Word> words, int firstIndex) {
    String first = words.get(firstIndex).text();
    int last = firstIndex;
    int taken = 0;
    for (int j = firstIndex + 1; j < words.size() && taken < 2; j++) {
      Word previous = words.get(j - 1);
      Word w = words.get(j);
      String gap = text.substring(previous.end(), w.start());
      if (!(gap.equals(" ") || gap.equals(". ") && isInitial(previous))) {
        break;
      }
      String norm = normalise(w.text());
      if (PARTICLES.contains(norm) && !isCapitalised(w.text())) {
        continue; // "van der", "de la": part of the name only if a capitalised word follows
      }
      if (isInitial(w)) {
        if (w.end() < text.length() && text.charAt(w.end()) == '.') {
          continue; // "Tom J. Walsh"
        }
        break;
      }
      boolean shouting = first.length() > 1 && first.equals(first.toUpperCase(Locale.ROOT));
      if (!(isCapitalised(w.text()) || shouting && w.text().equals(w.text().toUpperCase(Locale.ROOT)))
          || NOT_NAMES.contains(norm)) {
        break;
      }
      last = j;
      taken++;
    }
    return last;
  }

  private static boolean isInitial(Word w) {
    return w.text().length() == 1 && Character.isUpperCase(w.text().charAt(0));
  }

  private static boolean isCapitalised(String word) {
    if (!Character.isUpperCase(word.charAt(0)) || word.length() < 2) {
      return false;
    }
    for (int i = 1; i < word.length(); i++) {
      if (Character.isUpperCase(word.charAt(i)) && !(i >= 2 && (word.charAt(i - 1) == '\'' || word.charAt(i - 1) == '’'
          || word.charAt(i - 1) == '-' || (word.startsWith("Mc") && i == 2) || (word.startsWith("Mac") && i == 3)))) {
        return false;
      }
    }
    return true;
  }

  private static List<Word> words(String text) {
    List<Word> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      int end = m.end();
      String w = m.group();
      // "Tom's" is Tom.
      if (w.length() > 2 && (w.endsWith("'s") || w.endsWith("’s"))) {
        end -= 2;
        w = w.substring(0, w.length() - 2);
      }
      words.add(new Word(m.start(), end, w));
    }
    return words;
  }

  /** Lower case without accents, one space between words: "Zoë" and "zoe" are one name. */
  static String normalise(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    boolean plain = true;
    for (int i = 0; i < lower.length() && plain; i++) {
      char c = lower.charAt(i);
      plain = c < 128 && !Character.isWhitespace(c) || c == ' ';
    }
    if (plain) {
      return lower;
    }
    String stripped = Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    return WHITESPACE.matcher(stripped.replace('’', '\'')).replaceAll(" ");
  }

  private static Map<String, Boolean> load() {
    Map<String, Boolean> names = new HashMap<>();
    try (InputStream in = NameDetector.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " next to " + NameDetector.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean ambiguous = false;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[")) {
          ambiguous = line.equals("[ambiguous]");
          continue;
        }
        String key = normalise(line);
        // A name listed in both sections is ambiguous.
        names.merge(key, ambiguous, (a, b) -> a || b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(names);
  }
}
