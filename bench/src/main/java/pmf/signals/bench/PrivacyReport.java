package pmf.signals.bench;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.cohort.CohortRows;
import pmf.signals.devtools.cohort.CohortSimulator;
import pmf.signals.devtools.cohort.UserTruth;
import pmf.signals.devtools.cohort.UserTruth.PiiRecord;
import pmf.signals.privacy.Finding;
import pmf.signals.privacy.PiiClass;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;
import pmf.signals.privacy.Scrubbed;

/**
 * Issue 4's scrubber measurement. Generates a cohort in memory (no database: the generator's rows and its planted
 * truth, user by user), scrubs every user message and conversation title with one {@link Placeholders} per user, and
 * prints per class:
 *
 * <ul>
 *   <li>recall: planted values no longer present in the scrubbed text (as a whole word), and how many were masked
 *       whole (every character inside a replaced span) and under their own class;
 *   <li>false positives: whitespace-separated tokens the scrubber changed in texts with nothing planted, as a share of
 *       all tokens of those texts, with the most frequent examples per class (the text is generated, so printing it is
 *       fine). Assistant messages are measured the same way, separately.
 * </ul>
 *
 * <pre>make privacy-report   # or: PrivacyReport --users=2000 --seed=42 --days=30</pre>
 */
public final class PrivacyReport {
  private static final Map<String, PiiClass> CLASSES = Map.of("email", PiiClass.EMAIL, "phone", PiiClass.PHONE,
      "payment_card", PiiClass.CARD, "iban", PiiClass.IBAN, "ip_address", PiiClass.IP, "url", PiiClass.URL,
      "secret", PiiClass.SECRET, "street_address", PiiClass.ADDRESS, "person_name", PiiClass.NAME);
  /** Messages beyond this size (the generator's 2 MB pasted log) are reported apart from ordinary text. */
  private static final int HUGE = 100_000;
  private static final int EXAMPLES = 5;
  private static final int MISSES = 8;

  public static void main(String[] args) {
    BenchmarksDoc doc = BenchmarksDoc.of("privacy-report");
    PrintStream report = doc.report(System.out);
    int users = Args.integer(args, "users", 2000);
    long seed = Long.parseLong(Args.string(args, "seed", "42"));
    int days = Args.integer(args, "days", 30);
    LocalDate endDate = LocalDate.parse(Args.string(args, "endDate", CohortSpec.DEFAULT_END_DATE.toString()));
    PiiScrubber scrubber = PiiScrubber.standard();

    Recall recall = new Recall();
    FalsePositives userText = new FalsePositives();
    FalsePositives hugeText = new FalsePositives();
    FalsePositives assistantText = new FalsePositives();
    CohortSimulator simulator = new CohortSimulator(new CohortSpec(users, days, seed, endDate, true));
    long scrubNanos = 0;
    long texts = 0;
    long started = System.nanoTime();
    for (int i = 0; i < users; i++) {
      UserRows rows = new UserRows();
      UserTruth truth = simulator.simulateUser(i, rows);
      Map<String, List<PiiRecord>> planted = new HashMap<>();
      for (PiiRecord p : truth.pii()) {
        String where = "title".equals(p.field()) ? "title:" + p.conversationId() : "message:" + p.messageId();
        planted.computeIfAbsent(where, k -> new ArrayList<>()).add(p);
      }
      Placeholders perUser = Placeholders.forUser();
      for (Text t : rows.texts) {
        long t0 = System.nanoTime();
        Scrubbed scrubbed = scrubber.scrub(t.text(), perUser);
        scrubNanos += System.nanoTime() - t0;
        texts++;
        List<PiiRecord> here = planted.getOrDefault(t.key(), List.of());
        if (!here.isEmpty()) {
          for (PiiRecord p : here) {
            recall.add(p, t.text(), scrubbed);
          }
        } else if (!t.user()) {
          assistantText.add(t.text(), scrubbed);
        } else if (t.text().length() > HUGE) {
          hugeText.add(t.text(), scrubbed);
        } else {
          userText.add(t.text(), scrubbed);
        }
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;

    report.printf("privacy report: %,d users x %d days (seed %d), %,d texts scrubbed (user messages, titles, assistant"
        + " messages) in %.1f s of scrubbing, %.0f µs per text; %.1f s wall with generation%n", users, days, seed, texts,
        scrubNanos / 1e9, scrubNanos / 1e3 / Math.max(1, texts), wall);
    report.println();
    recall.print(report);
    report.println();
    HardCases.print(scrubber, report);
    report.println();
    report.println("False positives: tokens changed in texts with nothing planted (target <= 1% of tokens)");
    userText.print(report, "user messages and titles");
    hugeText.print(report, "huge pasted logs (> 100k chars)");
    assistantText.print(report, "assistant/system/tool messages");
    report.println("  (any URL with a path is replaced by design: links to generated outputs open the user's files)");
    doc.save();
  }

  /** One text the pipeline would scrub, keyed as the truth file locates planted values. */
  private record Text(String key, String text, boolean user) {}

  /** Collects one user's texts as the generator writes them. */
  private static final class UserRows implements CohortRows {
    final List<Text> texts = new ArrayList<>();

    @Override
    public void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent) {}

    @Override
    public void conversation(String id, String userId, String title, long createdAt, long updatedAt) {
      if (title != null && !title.isEmpty()) {
        texts.add(new Text("title:" + id, title, true));
      }
    }

    @Override
    public void message(String id, String conversationId, String role, String content, long createdAt) {
      if (content != null && !content.isEmpty()) {
        texts.add(new Text("message:" + id, content, "user".equals(role)));
      }
    }

    @Override
    public void job(String id, String userId, String conversationId, String service, String status,
        Integer creditsUsed, String error, long createdAt, Long completedAt) {}

    @Override
    public void action(UUID id, String userId, String action, String metadataJson, long createdAt) {}
  }

  private static final class Recall {
    final Map<PiiClass, int[]> counts = new EnumMap<>(PiiClass.class); // planted, gone, masked whole, own class
    final Map<PiiClass, List<String>> misses = new EnumMap<>(PiiClass.class);
    final Map<String, int[]> bySubtype = new TreeMap<>(); // planted, gone

    void add(PiiRecord p, String original, Scrubbed scrubbed) {
      PiiClass expected = CLASSES.get(p.piiClass());
      int[] c = counts.computeIfAbsent(expected, k -> new int[4]);
      c[0]++;
      boolean gone = !containsWord(scrubbed.text(), p.value());
      boolean whole = true;
      boolean ownClass = true;
      Matcher m = word(p.value()).matcher(original);
      while (m.find()) {
        Finding covering = covering(scrubbed.findings(), m.start(), m.end());
        whole &= covering != null;
        ownClass &= covering != null && covering.piiClass() == expected;
      }
      c[1] += gone ? 1 : 0;
      c[2] += whole ? 1 : 0;
      c[3] += ownClass ? 1 : 0;
      String subtype = p.piiClass() + (p.subtype() == null ? "" : "/" + p.subtype());
      int[] s = bySubtype.computeIfAbsent(subtype, k -> new int[2]);
      s[0]++;
      s[1] += gone ? 1 : 0;
      if (!gone || !whole) {
        List<String> list = misses.computeIfAbsent(expected, k -> new ArrayList<>());
        if (list.size() < MISSES) {
          list.add((gone ? "partly masked: " : "missed: ") + p.value() + "   in: " + oneLine(scrubbed.text()));
        }
      }
    }

    void print(PrintStream out) {
      out.println("Recall: planted values no longer present in the scrubbed text (target >= 99.5% for EMAIL, PHONE,"
          + " CARD, IBAN, IP, SECRET)");
      out.printf("  %-8s %8s %8s %8s %13s %11s%n", "class", "planted", "found", "recall", "masked whole", "own class");
      for (Map.Entry<PiiClass, int[]> e : counts.entrySet()) {
        int[] c = e.getValue();
        out.printf("  %-8s %8d %8d %7.2f%% %12.2f%% %10.2f%%%n", e.getKey(), c[0], c[1], pct(c[1], c[0]),
            pct(c[2], c[0]), pct(c[3], c[0]));
      }
      out.println("  by subtype (planted, recall):");
      StringBuilder line = new StringBuilder();
      int column = 0;
      for (Map.Entry<String, int[]> e : bySubtype.entrySet()) {
        line.append(String.format("    %-26s %5d %7.2f%%", e.getKey(), e.getValue()[0], pct(e.getValue()[1], e.getValue()[0])));
        if (++column % 3 == 0) {
          out.println(line);
          line.setLength(0);
        }
      }
      if (line.length() > 0) {
        out.println(line);
      }
      for (Map.Entry<PiiClass, List<String>> e : misses.entrySet()) {
        out.println("  " + e.getKey() + " misses (first " + MISSES + "):");
        for (String s : e.getValue()) {
          out.println("    " + s);
        }
      }
    }
  }

  private static final class FalsePositives {
    long texts;
    long tokens;
    long changed;
    long changedTexts;
    final Map<PiiClass, Long> byClass = new EnumMap<>(PiiClass.class);
    final Map<PiiClass, Map<String, Integer>> examples = new EnumMap<>(PiiClass.class);

    void add(String original, Scrubbed scrubbed) {
      texts++;
      List<Finding> findings = scrubbed.findings();
      changedTexts += findings.isEmpty() ? 0 : 1;
      int f = 0;
      int i = 0;
      int n = original.length();
      while (i < n) {
        while (i < n && Character.isWhitespace(original.charAt(i))) {
          i++;
        }
        if (i >= n) {
          break;
        }
        int start = i;
        while (i < n && !Character.isWhitespace(original.charAt(i))) {
          i++;
        }
        tokens++;
        while (f < findings.size() && findings.get(f).end() <= start) {
          f++;
        }
        if (f < findings.size() && findings.get(f).start() < i) {
          Finding hit = findings.get(f);
          changed++;
          byClass.merge(hit.piiClass(), 1L, Long::sum);
          Map<String, Integer> ex = examples.computeIfAbsent(hit.piiClass(), k -> new HashMap<>());
          if (ex.size() < 10_000) {
            String context = original.substring(Math.max(0, hit.start() - 24), Math.min(n, hit.end() + 16));
            ex.merge(original.substring(hit.start(), hit.end()) + "   ‹" + oneLine(context) + "›", 1, Integer::sum);
          }
        }
      }
    }

    void print(PrintStream out, String what) {
      out.printf("  %-32s %,9d texts %,11d tokens %,7d changed = %.3f%% (%,d texts touched)%n", what + ":", texts,
          tokens, changed, pct(changed, tokens), changedTexts);
      for (Map.Entry<PiiClass, Long> e : byClass.entrySet()) {
        out.printf("    %-8s %,7d tokens = %.3f%%; most frequent:%n", e.getKey(), e.getValue(), pct(e.getValue(), tokens));
        Map<String, Integer> ex = examples.get(e.getKey());
        ex.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(EXAMPLES)
            .forEach(x -> out.printf("      %5dx %s%n", x.getValue(), x.getKey()));
      }
    }
  }

  /**
   * Names and addresses written in ways the generator never writes them, to keep its 30 given names and 7 address
   * formats from flattering the heuristics. Hand-written hard cases, not a rate for real traffic.
   */
  private static final class HardCases {
    static final String[][] NAMES = {
      {"can you ask Thaddeus Okonkwo to approve it", "Thaddeus Okonkwo"},
      {"Zbigniew will review the deck", "Zbigniew"},
      {"logo for Oluwadamilare's bakery", "Oluwadamilare"},
      {"ok so Priya said the blue is too dark", "Priya"},
      {"i sent it to sofia yesterday", "sofia"},
      {"my boss mark hates it", "mark"},
      {"from: Henrietta Vasquez-Lindqvist", "Henrietta Vasquez-Lindqvist"},
      {"Signed, Bartholomew", "Bartholomew"},
      {"thx, Ngozi", "Ngozi"},
      {"the invoice is for LIAM O'CONNOR", "LIAM O'CONNOR"},
      {"Dear Mrs. Abernathy, here is the draft", "Abernathy"},
      {"cover letter for Anneliese Brandt", "Anneliese Brandt"},
      {"my daughter Saoirse loves dragons", "Saoirse"},
      {"meeting with Dr Kowalczyk at 3", "Kowalczyk"},
      {"Wen Jie and I are co-founders", "Wen Jie"},
      {"tag @jess.miller in the post", "jess.miller"}};
    static final String[][] ADDRESSES = {
      {"deliver to 221b baker street, london", "221b baker street"},
      {"I live at 42 Wallaby Way, Sydney", "42 Wallaby Way"},
      {"venue: 1 Infinite Loop, Cupertino, CA 95014", "1 Infinite Loop, Cupertino, CA 95014"},
      {"Flat 3, 14 Mill Lane, Bristol BS1 4XE", "14 Mill Lane, Bristol BS1 4XE"},
      {"ship to PO Box 1234, Austin TX 78701", "PO Box 1234"},
      {"our office: Unter den Linden 77, 10117 Berlin", "Unter den Linden 77"},
      {"Piazza Navona 12, Roma", "Piazza Navona 12"},
      {"the shop is on 5th Ave near 42nd St", "5th Ave"},
      {"Av. Paulista 1578, São Paulo", "Av. Paulista 1578"},
      {"c/ de Balmes 150, 08008 Barcelona", "c/ de Balmes 150"},
      {"1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002", "1-2-3 Shibuya"},
      {"send it to 77 Rue du Faubourg Saint-Honoré", "77 Rue du Faubourg Saint-Honoré"}};

    static void print(PiiScrubber scrubber, PrintStream out) {
      out.println("Hand-written hard cases for the heuristics (not what the generator writes; not a rate for real text):");
      for (String[][] cases : new String[][][] {NAMES, ADDRESSES}) {
        int caught = 0;
        List<String> missed = new ArrayList<>();
        for (String[] c : cases) {
          String scrubbed = scrubber.scrubText(c[0], Placeholders.forUser());
          if (scrubbed.contains(c[1])) {
            missed.add("\"" + c[0] + "\"");
          } else {
            caught++;
          }
        }
        out.printf("  %-8s %d of %d caught; missed: %s%n", cases == NAMES ? "NAME" : "ADDRESS", caught, cases.length,
            String.join(", ", missed));
      }
    }
  }

  private static Finding covering(List<Finding> findings, int start, int end) {
    for (Finding f : findings) {
      if (f.start() <= start && f.end() >= end) {
        return f;
      }
    }
    return null;
  }

  private static final Map<String, Pattern> WORDS = new LinkedHashMap<>();

  /** The value as a whole word: "Tom" is not in "Tomorrow". */
  private static Pattern word(String value) {
    return WORDS.computeIfAbsent(value, v -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(v)
        + "(?![\\p{L}\\p{N}])"));
  }

  private static boolean containsWord(String text, String value) {
    return text.contains(value) && word(value).matcher(text).find();
  }

  private static String oneLine(String s) {
    String line = s.replace('\n', ' ');
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  static {
    Locale.setDefault(Locale.ROOT);
  }
}
