package pmf.signals.transforms.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import pmf.signals.transforms.analyze.InsightsGuard;
import pmf.signals.transforms.analyze.OfflineAnalyzer;
import pmf.signals.transforms.embed.Vectors;

/**
 * Pure: themes found in what users wrote, tied to what they did. Lines that open a conversation (requests) and the
 * lines that follow (follow-ups, complaints) are clustered apart by HDBSCAN over their sentence vectors. A cluster of
 * requests is a use case. A cluster of follow-ups is a friction when its behaviour says so, not its words: its lines
 * came right after trouble (a failed job, a credit limit, a result the user did not keep) at least {@value #LIFT} times
 * as often as the day's follow-ups do, or ended their conversation that much more often while its users came back less
 * than the day's users did (leaving after praise is not leaving after a problem); in both cases at {@value #Z}
 * standard errors or more. Every other follow-up cluster is routine ("make another one": users wrote it and carried
 * on). Friction clusters after the same trouble (the same failure category whatever the service, or the same service's
 * results not kept) are one problem in several phrasings, and join. Each theme is labelled by c-TF-IDF terms at least
 * k distinct users of it wrote, retries (a follow-up that repeats the conversation's request) left out; a friction
 * whose users share no other words is named by what its lines came after. A theme is dropped when fewer than k users
 * are behind it or nothing names it.
 */
public final class Discovery {
  /** How many times the day's rate a friction's trouble (or leaving) rate must be. */
  static final double LIFT = 2.0;
  /** And how sure: standard errors above the day's rate (one-sided binomial). */
  static final double Z = 3.0;
  /** Terms in a label. */
  static final int LABEL_TERMS = 4;
  /** c-TF-IDF's best terms that a label is chosen from, by closeness to the theme's centre when a model can say. */
  static final int LABEL_CANDIDATES = 12;
  /** Share of a friction cluster's trouble lines one trouble must exceed to name it (and join clusters). */
  static final double DOMINANT = 0.5;
  /** The cause of a result the user did not keep: it worked, but was not what they needed. */
  static final String UNKEPT_CAUSE = "wrong_result";

  /** How discovery runs: the k rule, clusters of at least this share of the lines, at most this many lines fitted. */
  public record Settings(int k, double minClusterShare, int fitLimit) implements java.io.Serializable {
    public static Settings of(int k) {
      return new Settings(k, 0.005, 3000);
    }
  }

  private Discovery() {}

  public static final String METHOD = "discovered from what users wrote: each consenting user's scrubbed lines (up to"
      + " the most recent %d each; sampled users only on C/D days) embedded by all-MiniLM-L6-v2, requests and follow-ups"
      + " clustered apart by HDBSCAN (Tribuo; clusters of at least max(2k, 0.5%% of the lines)); a follow-up cluster is a"
      + " friction when its lines came right after a failed job, a credit limit or a result not kept, or ended their"
      + " conversation while its users came back less, at least %.0fx as often as the day's follow-ups (%.0f standard"
      + " errors); labelled by c-TF-IDF terms at least k users wrote, retries of the request left out";

  public static Discovered discover(List<EmbeddedLine> input, Settings s) {
    return discover(input, s, null);
  }

  /**
   * With {@code termVectors} (the lines' embedding model, for single words), a label's terms are the c-TF-IDF
   * candidates nearest the centre of the lines they name, as BERTopic's KeyBERT-inspired representation picks them:
   * the words that say what the lines are about rather than the slot words many of them happen to share.
   */
  public static Discovered discover(List<EmbeddedLine> input, Settings s,
      java.util.function.Function<String, float[]> termVectors) {
    long t0 = System.nanoTime();
    List<EmbeddedLine> lines = new ArrayList<>(input);
    // A fixed order that does not depend on how the runner delivered them: the fitted sample is the same every run.
    lines.sort(Comparator.comparingInt((EmbeddedLine e) -> mix(e.line().userId(), e.line().text()))
        .thenComparing(e -> e.line().userId()).thenComparing(e -> e.line().text()));
    List<EmbeddedLine> openers = lines.stream().filter(e -> e.line().opener()).toList();
    List<EmbeddedLine> followUps = lines.stream().filter(e -> !e.line().opener()).toList();
    Map<String, Boolean> returned = new HashMap<>();
    Map<String, Double> weight = new HashMap<>();
    for (EmbeddedLine e : lines) {
      returned.put(e.line().userId(), e.line().userReturned());
      weight.put(e.line().userId(), e.line().weight());
    }
    double allUsers = weight.values().stream().mapToDouble(Double::doubleValue).sum();
    double baseReturn = allUsers == 0 ? 0 : returned.entrySet().stream().filter(Map.Entry::getValue)
        .mapToDouble(e -> weight.get(e.getKey())).sum() / allUsers;
    List<DiscoveredTheme> themes = new ArrayList<>();
    int fitted = Math.min(s.fitLimit(), openers.size()) + Math.min(s.fitLimit(), followUps.size());
    themes.addAll(group(openers, true, s, baseReturn, termVectors));
    themes.addAll(group(followUps, false, s, baseReturn, termVectors));
    themes.sort(Comparator.comparingInt((DiscoveredTheme t) -> kindOrder(t.kind())).thenComparing(t -> -t.users())
        .thenComparing(DiscoveredTheme::name));
    return new Discovered(List.copyOf(themes), lines.size(), weight.size(), fitted, (System.nanoTime() - t0) / 1e9,
        null);
  }

  private static int kindOrder(String kind) {
    return DiscoveredTheme.FRICTION.equals(kind) ? 0 : DiscoveredTheme.USE_CASE.equals(kind) ? 1 : 2;
  }

  /** Clusters one kind of line, types and joins the clusters, labels them. */
  private static List<DiscoveredTheme> group(List<EmbeddedLine> lines, boolean openers, Settings s,
      double baseReturn, java.util.function.Function<String, float[]> termVectors) {
    if (lines.isEmpty()) {
      return List.of();
    }
    int fit = Math.min(s.fitLimit(), lines.size());
    int minSize = Math.max(2 * s.k(), (int) Math.ceil(s.minClusterShare() * fit));
    float[][] vectors = new float[lines.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = lines.get(i).vector();
    }
    int[] labels = refined(vectors, minSize, Math.max(2, s.k()), s.fitLimit());
    Map<Integer, List<EmbeddedLine>> clusters = new TreeMap<>();
    List<EmbeddedLine> noise = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] <= 0) {
        noise.add(lines.get(i));
      } else {
        clusters.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(lines.get(i));
      }
    }
    Rates base = Rates.of(lines.stream().map(EmbeddedLine::line).toList());
    // Type each cluster; friction clusters after the same trouble are one problem and join.
    Map<String, List<EmbeddedLine>> themes = new LinkedHashMap<>();
    Map<String, String> kinds = new HashMap<>();
    for (Map.Entry<Integer, List<EmbeddedLine>> c : clusters.entrySet()) {
      List<Utterance> members = c.getValue().stream().map(EmbeddedLine::line).toList();
      String kind = openers ? DiscoveredTheme.USE_CASE
          : friction(Rates.of(members), base, belowReturn(members, baseReturn)) ? DiscoveredTheme.FRICTION
          : DiscoveredTheme.FOLLOW_UP;
      String trouble = kind.equals(DiscoveredTheme.FRICTION) ? troubleOf(members, base) : null;
      String key = trouble != null ? "trouble:" + trouble : "cluster:" + c.getKey();
      themes.computeIfAbsent(key, x -> new ArrayList<>()).addAll(c.getValue());
      kinds.put(key, kind);
    }
    // The lines a friction's words are read from: its dense clusters (what users said about it), not the scattered
    // lines that joined it for coming after the same trouble (often a retried request), when k users are behind them.
    Map<String, List<EmbeddedLine>> core = new HashMap<>();
    themes.forEach((key, members) -> core.put(key, new ArrayList<>(members)));
    if (!openers) {
      sameTrouble(themes, kinds, noise, base, baseReturn, s.k());
    }
    List<String> keys = new ArrayList<>(themes.keySet());
    List<List<EmbeddedLine>> labelLines = new ArrayList<>();
    List<List<Utterance>> classes = new ArrayList<>();
    List<Utterance> rest = new ArrayList<>(noise.stream().map(EmbeddedLine::line).toList());
    for (String key : keys) {
      List<EmbeddedLine> members = themes.get(key);
      // A retry repeats the request: its words name the task, not what went wrong.
      List<EmbeddedLine> said = members.stream().filter(e -> !e.line().repeatsRequest()).toList();
      List<EmbeddedLine> named = core.getOrDefault(key, List.of()).stream().filter(said::contains).toList();
      if (users(named) < s.k()) {
        named = users(said) >= s.k() ? said : List.of();
      }
      java.util.Set<EmbeddedLine> inNamed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      inNamed.addAll(named);
      members.stream().filter(e -> !inNamed.contains(e)).forEach(e -> rest.add(e.line()));
      labelLines.add(named);
      classes.add(named.stream().map(EmbeddedLine::line).toList());
    }
    classes.add(rest); // the words no theme is named by still count in every term's frequency
    List<List<ClassTfIdf.Term>> labelTerms = ClassTfIdf.label(classes, s.k(), LABEL_CANDIDATES);
    List<DiscoveredTheme> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      List<EmbeddedLine> members = themes.get(keys.get(i));
      List<String> terms = labelLines.get(i).isEmpty() ? List.of()
          : central(guarded(labelTerms.get(i)), centroid(labelLines.get(i)), termVectors);
      DiscoveredTheme theme = theme(kinds.get(keys.get(i)), terms, members, base, baseReturn);
      // A friction whose users' own words share nothing but the retried task is still named: by what it came after.
      boolean named = !terms.isEmpty() || (theme.cause() != null && DiscoveredTheme.FRICTION.equals(theme.kind()));
      if (theme.distinctUsers() >= s.k() && named) {
        out.add(theme);
      }
    }
    return out;
  }

  /**
   * The {@value #LABEL_TERMS} candidates nearest the centre of the lines they name (by {@code termVectors}), nearest
   * first; without a model, the first {@value #LABEL_TERMS} by c-TF-IDF weight.
   */
  static List<String> central(List<String> candidates, float[] centre,
      java.util.function.Function<String, float[]> termVectors) {
    if (termVectors == null || candidates.size() <= LABEL_TERMS) {
      return List.copyOf(candidates.subList(0, Math.min(LABEL_TERMS, candidates.size())));
    }
    Map<String, Double> closeness = new HashMap<>();
    for (String term : candidates) {
      float[] v = termVectors.apply(term);
      closeness.put(term, Vectors.dot(v, centre));
    }
    return candidates.stream().sorted(Comparator.comparingDouble((String t) -> -closeness.get(t))).limit(LABEL_TERMS)
        .toList();
  }

  /**
   * HDBSCAN, then once more inside any cluster holding more than {@value #TOO_BROAD} of the lines: excess-of-mass
   * selection keeps a big cluster whole when its parts are about as stable as it is, and a cluster that holds most
   * requests names nothing.
   */
  static int[] refined(float[][] vectors, int minSize, int minPoints, int fitLimit) {
    int[] labels = DensityClusters.of(vectors, minSize, minPoints, fitLimit);
    Map<Integer, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] > 0) {
        members.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
      }
    }
    int next = members.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    for (List<Integer> idx : members.values()) {
      if (idx.size() <= TOO_BROAD * labels.length || idx.size() < 4 * minSize) {
        continue;
      }
      float[][] inner = new float[idx.size()][];
      for (int i = 0; i < inner.length; i++) {
        inner[i] = vectors[idx.get(i)];
      }
      int[] split = DensityClusters.of(inner, minSize, minPoints, fitLimit);
      int parts = (int) java.util.Arrays.stream(split).filter(l -> l > 0).distinct().count();
      if (parts < 2) {
        continue; // one dense blob: it stays as it was
      }
      for (int i = 0; i < inner.length; i++) {
        labels[idx.get(i)] = split[i] > 0 ? next + split[i] : 0;
      }
      next += java.util.Arrays.stream(split).max().orElse(0) + 1;
    }
    return labels;
  }

  /** Share of a group's lines above which a cluster is clustered again. */
  static final double TOO_BROAD = 0.04;

  /**
   * Follow-ups that came right after the same trouble (a service's failure category, a credit limit, a service's result
   * not kept) but fell in no friction cluster — their words too varied for a dense cluster — are one group; when the
   * users who wrote them left their conversations or stayed away more than the day's users did, the group is a
   * friction too (a retry after an outage the user got past is not). Its lines move out of the routine clusters and the
   * noise into it, or into the friction cluster after the same trouble.
   */
  private static void sameTrouble(Map<String, List<EmbeddedLine>> themes, Map<String, String> kinds,
      List<EmbeddedLine> noise, Rates base, double baseReturn, int k) {
    Map<String, List<EmbeddedLine>> bySignature = new TreeMap<>();
    noise.stream().filter(e -> trouble(e.line()) != null)
        .forEach(e -> bySignature.computeIfAbsent(trouble(e.line()), x -> new ArrayList<>()).add(e));
    for (Map.Entry<String, List<EmbeddedLine>> t : themes.entrySet()) {
      if (!DiscoveredTheme.FRICTION.equals(kinds.get(t.getKey()))) {
        t.getValue().stream().filter(e -> trouble(e.line()) != null)
            .forEach(e -> bySignature.computeIfAbsent(trouble(e.line()), x -> new ArrayList<>()).add(e));
      }
    }
    for (Map.Entry<String, List<EmbeddedLine>> g : bySignature.entrySet()) {
      List<Utterance> lines = g.getValue().stream().map(EmbeddedLine::line).toList();
      long users = lines.stream().map(Utterance::userId).distinct().count();
      Rates r = Rates.of(lines);
      if (users < k || !(above(r.left, r.lines, base.leftRate()) || belowReturn(lines, baseReturn))) {
        continue;
      }
      String key = "trouble:" + g.getKey();
      Set<EmbeddedLine> moving = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      moving.addAll(g.getValue());
      themes.values().forEach(members -> members.removeIf(moving::contains));
      noise.removeIf(moving::contains);
      themes.computeIfAbsent(key, x -> new ArrayList<>()).addAll(g.getValue());
      kinds.put(key, DiscoveredTheme.FRICTION);
    }
    themes.values().removeIf(List::isEmpty);
  }

  private static long users(List<EmbeddedLine> lines) {
    return lines.stream().map(e -> e.line().userId()).distinct().count();
  }

  /** The lines' distinct users came back after their first day {@value #Z} standard errors less than the day's. */
  static boolean belowReturn(List<Utterance> lines, double baseReturn) {
    Map<String, Boolean> back = new HashMap<>();
    lines.forEach(u -> back.put(u.userId(), u.userReturned()));
    double n = back.size();
    double x = back.values().stream().filter(b -> b).count();
    double p = Math.min(Math.max(baseReturn, 1e-3), 1 - 1e-3);
    return n > 0 && (x - n * p) / Math.sqrt(n * p * (1 - p)) <= -Z;
  }

  /** Label terms that pass the same gate as the analysers' answers: a term the scrubber would change is dropped. */
  static List<String> guarded(List<ClassTfIdf.Term> terms) {
    List<String> out = new ArrayList<>();
    for (ClassTfIdf.Term t : terms) {
      if (t.term().equals(InsightsGuard.groupLabel(t.term()))) {
        out.add(t.term());
      }
    }
    return out;
  }

  /**
   * Pure: whether a follow-up cluster's behaviour makes it a friction: its lines came after trouble {@value #LIFT}x as
   * often as the day's (at {@value #Z} standard errors), or ended their conversation that much more often while its
   * users came back less than the day's users ({@link #belowReturn}: at {@value #Z} standard errors too).
   */
  static boolean friction(Rates cluster, Rates base, boolean cameBackLess) {
    boolean afterTrouble = above(cluster.trouble, cluster.lines, base.troubleRate());
    boolean left = above(cluster.left, cluster.lines, base.leftRate()) && cameBackLess;
    return afterTrouble || left;
  }

  /** The trouble a friction's lines came after, when they came after trouble as a friction's do; else null. */
  static String troubleOf(List<Utterance> lines, Rates base) {
    Rates r = Rates.of(lines);
    return above(r.trouble, r.lines, base.troubleRate()) ? dominantTrouble(lines) : null;
  }

  /** {@code x} of {@code n} is at least {@value #LIFT} times {@code p0} and {@value #Z} standard errors above it. */
  static boolean above(double x, double n, double p0) {
    if (n <= 0) {
      return false;
    }
    double p = Math.max(p0, 1e-3); // a day without any such line still needs evidence, not a division by zero
    double z = (x - n * p) / Math.sqrt(n * p * (1 - p));
    return x / n >= LIFT * p && z >= Z;
  }

  /** The trouble most of the cluster's trouble lines came after ("|timeout", "mesh_generation|not kept"), or null. */
  static String dominantTrouble(List<Utterance> lines) {
    Map<String, Integer> counts = new TreeMap<>();
    int trouble = 0;
    for (Utterance u : lines) {
      String t = trouble(u);
      if (t != null) {
        counts.merge(t, 1, Integer::sum);
        trouble++;
      }
    }
    int all = trouble;
    return counts.entrySet().stream().filter(e -> e.getValue() > DOMINANT * all)
        .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  /**
   * A failed job's trouble is its failure category whatever the service (a format no service exports, a credit limit:
   * one problem); a result not kept is its service's.
   */
  private static String trouble(Utterance u) {
    if (u.afterFailure() != null) {
      return "|" + u.afterFailure();
    }
    String service = u.afterService() == null ? "" : u.afterService();
    return Boolean.TRUE.equals(u.unkept()) ? service + "|not kept" : null;
  }

  /** The service most of the lines after {@code trouble} came after, when one holds more than half; else null. */
  static String dominantService(List<Utterance> lines, String trouble) {
    if (trouble == null || !trouble.startsWith("|") || trouble.equals("|not enough credits")) {
      return trouble == null || trouble.startsWith("|") ? null : trouble.substring(0, trouble.indexOf('|'));
    }
    Map<String, Integer> counts = new TreeMap<>();
    int all = 0;
    for (Utterance u : lines) {
      if (trouble.equals(trouble(u)) && u.afterService() != null) {
        counts.merge(u.afterService(), 1, Integer::sum);
        all++;
      }
    }
    int total = all;
    return counts.entrySet().stream().filter(e -> e.getValue() > DOMINANT * total)
        .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  private static DiscoveredTheme theme(String kind, List<String> terms, List<EmbeddedLine> members, Rates base,
      double baseReturn) {
    List<Utterance> lines = members.stream().map(EmbeddedLine::line).toList();
    Map<String, Double> users = new TreeMap<>();
    Map<String, Double> heldBack = new TreeMap<>();
    Map<String, Double> gaveUp = new TreeMap<>();
    double credits = 0;
    for (Utterance u : lines) {
      users.put(u.userId(), u.weight());
      if (u.afterTrouble()) {
        heldBack.put(u.userId(), u.weight());
      }
      if (u.unanswered()) {
        gaveUp.put(u.userId(), u.weight());
      }
      credits += u.weight() * u.creditsLost();
    }
    Rates r = Rates.of(lines);
    String trouble = DiscoveredTheme.FRICTION.equals(kind) ? troubleOf(lines, base) : null;
    String service = dominantService(lines, trouble);
    String cause = trouble == null ? null : trouble.endsWith("|not kept") ? UNKEPT_CAUSE
        : OfflineAnalyzer.failureCause(trouble.substring(trouble.indexOf('|') + 1));
    return new DiscoveredTheme(kind, name(terms, trouble, service), terms, sum(users), users.size(), lines.size(),
        sum(heldBack), sum(gaveUp), credits, r.troubleRate(), base.troubleRate(), r.leftRate(), base.leftRate(),
        returnRate(lines), baseReturn, cause, service == null || service.isEmpty() ? null : service,
        centroid(members), new TreeSet<>(users.keySet()), after(trouble, service));
  }

  /**
   * A theme's name: its terms, and for a friction what its lines came right after, in the fixed words of the failure
   * categories ("mesh, slicer, hole — after mesh generation results not kept"): the words say what users felt, the
   * trouble says where.
   */
  static String name(List<String> terms, String trouble, String service) {
    String words = String.join(", ", terms);
    if (trouble == null) {
      return words;
    }
    String after = after(trouble, service);
    return words.isEmpty() ? after : words + " — after " + after;
  }

  /**
   * What a friction's lines came right after, in the fixed words of the failure categories, with the service most of
   * them came after (null: none holds most); null for no trouble.
   */
  static String after(String trouble, String serviceOrNull) {
    if (trouble == null) {
      return null;
    }
    String service = serviceOrNull == null ? "" : serviceOrNull.replace('_', ' ');
    String what = trouble.substring(trouble.indexOf('|') + 1);
    return what.equals("not enough credits") ? "a credit limit"
        : what.equals("not kept") ? (service.isEmpty() ? "" : service + " ") + "results not kept"
        : (service.isEmpty() ? "jobs" : service + " jobs") + " failing (" + what + ")";
  }

  private static double sum(Map<String, Double> weights) {
    return weights.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Share of the lines' distinct users (weighted) who came back after their first day. */
  static double returnRate(List<Utterance> lines) {
    Map<String, Utterance> byUser = new HashMap<>();
    lines.forEach(u -> byUser.put(u.userId(), u));
    double all = byUser.values().stream().mapToDouble(Utterance::weight).sum();
    double back = byUser.values().stream().filter(Utterance::userReturned).mapToDouble(Utterance::weight).sum();
    return all == 0 ? 0 : back / all;
  }

  private static float[] centroid(List<EmbeddedLine> members) {
    float[] c = new float[members.get(0).vector().length];
    for (EmbeddedLine e : members) {
      for (int j = 0; j < c.length; j++) {
        c[j] += e.vector()[j];
      }
    }
    return Vectors.unit(c);
  }

  /** A stable order of lines that does not follow users or time: fitted samples spread over everyone. */
  private static int mix(String user, String text) {
    int h = (user + '\n' + text).hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** Lines, and how many came right after trouble and how many ended their conversation. */
  record Rates(double lines, double trouble, double left) {
    static Rates of(List<Utterance> lines) {
      double trouble = 0;
      double left = 0;
      for (Utterance u : lines) {
        trouble += u.afterTrouble() ? 1 : 0;
        left += u.unanswered() ? 1 : 0;
      }
      return new Rates(lines.size(), trouble, left);
    }

    double troubleRate() {
      return lines == 0 ? 0 : trouble / lines;
    }

    double leftRate() {
      return lines == 0 ? 0 : left / lines;
    }
  }

  /** The discovery method line with the run's settings. */
  public static String method(int maxLinesPerUser) {
    return String.format(Locale.ROOT, METHOD, maxLinesPerUser, LIFT, Z);
  }
}
