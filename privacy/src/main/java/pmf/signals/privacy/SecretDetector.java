package pmf.signals.privacy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys, tokens and other credentials, three ways:
 *
 * <ol>
 *   <li>Known shapes: OpenAI/Anthropic {@code sk-…}, Stripe {@code sk_live_}/{@code pk_live_}/{@code rk_}/{@code
 *       whsec_}, GitHub {@code ghp_}/{@code gho_}/{@code ghu_}/{@code ghs_}/{@code ghr_}/{@code github_pat_}, Slack
 *       {@code xox?-}, AWS {@code AKIA}/{@code ASIA}, Google {@code AIza}, GitLab {@code glpat-}, Hugging Face {@code
 *       hf_}, npm {@code npm_}, Shopify {@code shp*_}, SendGrid {@code SG.}, JWTs ({@code eyJ….….…}) and PEM private
 *       key blocks.
 *   <li>Values after a credential word: {@code API_KEY=…}, {@code "token": "…"}, {@code password: …}, "my password
 *       is …", {@code Bearer …}.
 *   <li>Anything else that looks random: a run of at least 20 letters, digits and {@code +/=_-} with an entropy of
 *       at least 3 bits per character that is hex of 32 digits or more (keys, digests), or that is not made of words:
 *       under 75% of its letters in word-like segments (3+ letters with a vowel, e.g. {@code Phone}, {@code mini},
 *       {@code HTTP}) — and, when it has a single letter case, digits that switch with letters at least 30% of the
 *       time. Model names ({@code gpt-4o-mini-2024-07-18}), CamelCase identifiers, paths and file names are words;
 *       UUIDs and hex ids under 32 digits ({@code job_9f3a2b…}, short SHAs) are ids, not secrets, and stay.
 *       Measured on random tokens of 32+ characters: base64/base62 above 99.5%, hex 100%; single-case alphabets far
 *       less (lower-case base36 about 60%, upper-case base32 about 30%), which is why known prefixes come first.
 * </ol>
 */
final class SecretDetector implements Detector {
  private static final Pattern KNOWN = Pattern.compile(String.join("|",
      "sk-(?:proj-|ant-(?:api\\d\\d-)?|live-|svcacct-|admin-)?[A-Za-z0-9_-]{20,256}+",
      "(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,256}+",
      "whsec_[A-Za-z0-9+/=]{20,256}+",
      "gh[pousr]_[A-Za-z0-9]{30,255}+",
      "github_pat_[A-Za-z0-9_]{30,255}+",
      "xox[abposr]-[A-Za-z0-9-]{10,255}+",
      "(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}(?![A-Za-z0-9])",
      "AIza[A-Za-z0-9_-]{35}",
      "glpat-[A-Za-z0-9_-]{20,64}+",
      "hf_[A-Za-z0-9]{30,64}+",
      "npm_[A-Za-z0-9]{36,64}+",
      "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
      "SG\\.[A-Za-z0-9_-]{16,32}+\\.[A-Za-z0-9_-]{16,64}+",
      "eyJ[A-Za-z0-9_-]{8,4096}+\\.[A-Za-z0-9_-]{8,8192}+\\.[A-Za-z0-9_-]{8,4096}+"));
  private static final Pattern KNOWN_BOUNDED = Pattern.compile("(?<![A-Za-z0-9_])(?:" + KNOWN.pattern() + ")");
  private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----");
  private static final Pattern PEM_END = Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----");
  private static final int PEM_MAX = 16_384;
  /** The value after a credential word; group 1 is what is replaced. */
  private static final Pattern ASSIGNED = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])(?:[a-z0-9]{1,20}[_-])?"
      + "(?:api[_-]?key|apikey|api[_-]?secret|secret(?:[_-]?key)?|client[_-]?secret|access[_-]?(?:key|token)|"
      + "auth[_-]?token|refresh[_-]?token|private[_-]?key|token|password|passwd|passphrase|pwd)"
      + "[\"']?\\s{0,3}(?:[:=]|=>)\\s{0,3}[\"']?([^\\s\"',;`]{6,512}+)");
  private static final Pattern SAID = Pattern.compile("(?iu)(?<![\\p{L}])(?:password|passcode|passphrase|passwort|"
      + "contraseña|mot de passe|pin)\\s{1,3}(?:is|was|es|est|ist|:|=)\\s{1,3}[\"']?([^\\s\"']{4,128}+)");
  private static final Pattern BEARER =
      Pattern.compile("(?<![\\p{L}])(?:Bearer|Basic|Token)\\s{1,3}([A-Za-z0-9._~+/-]{16,4096}+=*)");
  private static final Pattern RANDOM = Pattern.compile("[A-Za-z0-9+/=_-]{20,}+");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern WORD_SEGMENT = Pattern.compile("[A-Z]?[a-z]{2,}+|[A-Z]{3,}+(?![a-z])");
  private static final Pattern VOWEL = Pattern.compile("[aeiouAEIOU]");
  static final int MIN_LENGTH = 20;
  static final double MIN_SWITCH_RATE = 0.30;
  static final double MIN_ENTROPY_BITS = 3.0;
  static final int MIN_HEX_DIGITS = 32;
  /** Above this share of letters in word-like segments, a token is words (iPhone15ProMax2024Edition: 0.95). */
  static final double MAX_WORDY = 0.75;

  @Override
  public void find(String text, List<Candidate> out) {
    // Each pattern is tried only where it could match: most messages have no long token, no ':' or '=', no PEM.
    int run = longestTokenRun(text);
    Matcher m;
    if (run >= KNOWN_MIN_RUN) {
      m = KNOWN_BOUNDED.matcher(text);
      while (m.find()) {
        add(text, m.start(), m.end(), out);
      }
    }
    if (text.contains("-----BEGIN ")) {
      findPem(text, out);
    }
    boolean assigned = text.indexOf(':') >= 0 || text.indexOf('=') >= 0;
    boolean bearer = text.contains("Bearer") || text.contains("Basic") || text.contains("Token");
    for (Pattern p : new Pattern[] {ASSIGNED, SAID, BEARER}) {
      if ((p == ASSIGNED && !assigned) || (p == BEARER && !bearer)) {
        continue;
      }
      m = p.matcher(text);
      while (m.find()) {
        int end = m.end(1);
        while (end > m.start(1) && ".)]}".indexOf(text.charAt(end - 1)) >= 0) {
          end--;
        }
        if (end > m.start(1)) {
          add(text, m.start(1), end, out);
        }
      }
    }
    if (run < MIN_LENGTH) {
      return;
    }
    m = RANDOM.matcher(text);
    while (m.find()) {
      if (looksRandom(text, m.start(), m.end())) {
        add(text, m.start(), m.end(), out);
      }
    }
  }

  /**
   * The shortest run of {@link #RANDOM}'s characters any known shape holds: {@code eyJ} and 8 more before a JWT's first
   * dot (the others hold 15 and more).
   */
  static final int KNOWN_MIN_RUN = 11;

  /** The longest run of the characters tokens are made of, {@code [A-Za-z0-9+/=_-]}. */
  static int longestTokenRun(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/' || c == '=' || c == '_' || c == '-';
      run = token ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  private static void findPem(String text, List<Candidate> out) {
    Matcher begin = PEM_BEGIN.matcher(text);
    int from = 0;
    while (begin.find(from)) {
      Matcher end = PEM_END.matcher(text).region(begin.end(), Math.min(text.length(), begin.end() + PEM_MAX));
      int stop;
      if (end.find()) {
        stop = end.end();
      } else {
        // A pasted key without its footer: take the base64 lines that follow.
        stop = begin.end();
        while (stop < text.length() && stop - begin.end() < PEM_MAX
            && (Character.isLetterOrDigit(text.charAt(stop)) || "+/=\r\n \t:-".indexOf(text.charAt(stop)) >= 0)) {
          stop++;
        }
      }
      add(text, begin.start(), stop, out);
      from = Math.max(stop, begin.end());
      if (from >= text.length()) {
        break;
      }
    }
  }

  /**
   * Random-looking, as opposed to made of words: hex of 32 digits and more (keys, digests), or mixed case that is
   * not mostly words, or one case with digits that switch class often and is not mostly words. Never a UUID.
   */
  static boolean looksRandom(CharSequence text, int start, int end) {
    if (end - start < MIN_LENGTH || UUID.matcher(text.subSequence(start, end)).matches()) {
      return false;
    }
    int digits = 0;
    int upper = 0;
    int lower = 0;
    int switches = 0;
    int alnum = 0;
    int previous = -1;
    int[] counts = new int[128];
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      counts[c]++;
      int cls = c >= '0' && c <= '9' ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : -1;
      if (cls < 0) {
        continue;
      }
      alnum++;
      digits += cls == 0 ? 1 : 0;
      lower += cls == 1 ? 1 : 0;
      upper += cls == 2 ? 1 : 0;
      switches += previous >= 0 && previous != cls ? 1 : 0;
      previous = cls;
    }
    if (upper + lower < 2 || alnum < 16 || entropy(counts, end - start) < MIN_ENTROPY_BITS) {
      return false;
    }
    int body = bodyStart(text, start, end);
    if (isHex(text, body, end)) {
      return end - body >= MIN_HEX_DIGITS; // job_9f3a2b… and short SHAs are ids; hex keys and digests are 32+
    }
    double wordy = wordy(text, start, end, upper + lower);
    if (upper > 0 && lower > 0) {
      return wordy < MAX_WORDY;
    }
    return digits >= 2 && (double) switches / (alnum - 1) >= MIN_SWITCH_RATE && wordy < MAX_WORDY;
  }

  /** Share of the letters that sit in word-like segments: 3+ letters, a vowel, CamelCase or one case. */
  private static double wordy(CharSequence text, int start, int end, int letters) {
    Matcher m = WORD_SEGMENT.matcher(text).region(start, end);
    int covered = 0;
    while (m.find()) {
      if (m.end() - m.start() >= 3 && VOWEL.matcher(text).region(m.start(), m.end()).find()) {
        covered += m.end() - m.start();
      }
    }
    return (double) covered / letters;
  }

  private static double entropy(int[] counts, int length) {
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / length;
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }

  private static boolean isHex(CharSequence text, int from, int end) {
    for (int i = from; i < end; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** After a word prefix such as {@code job_} or {@code order-}. */
  private static int bodyStart(CharSequence text, int start, int end) {
    int i = start;
    while (i < end && Character.isLetter(text.charAt(i))) {
      i++;
    }
    return i < end && i > start && (text.charAt(i) == '_' || text.charAt(i) == '-') ? i + 1 : start;
  }

  private static void add(String text, int start, int end, List<Candidate> out) {
    out.add(new Candidate(PiiClass.SECRET, start, end, text.substring(start, end)));
  }
}
