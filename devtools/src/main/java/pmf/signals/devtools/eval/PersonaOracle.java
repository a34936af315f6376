package pmf.signals.devtools.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The likeliest persona of each user under the model that generated them, from their conversations' openers, user
 * turns and jobs, their jobs' services, their plan and how often they download and share what they make: what segments
 * could reach at best on a cohort whose openers come partly from a pool every persona shares. Naive Bayes. An opener is likelier under persona p by
 * {@code s/U + (1 - s) Σ_u mix_p(u) P(u | opener)}, s the share drawn from the shared pool (any of the U use cases
 * alike), mix_p the persona's own use cases, P(u | opener) from {@link OpenerWords}: an opener from the shared pool
 * says little of who wrote it, however many words it has. Turns and jobs per conversation (capped) and the services of
 * jobs, the plan, and downloads and shares per successful job (binomial) follow each persona's own distribution,
 * counted on the labelled cohort (add-one smoothing): fitted on the answer, so a ceiling, not a method.
 */
public final class PersonaOracle {
  static final int MAX_TURNS = 10;
  static final int MAX_JOBS = 8;

  /** One conversation as the oracle reads it: its first user message (null: none) and its counts. */
  public record Conversation(String opener, int userTurns, int jobs) {}

  /** One user as the oracle reads them. */
  public record Observed(List<Conversation> conversations, Map<String, Integer> jobsByService, String plan,
      int succeeded, int downloads, int shares) {
    /** Conversations and jobs only. */
    public Observed(List<Conversation> conversations, Map<String, Integer> jobsByService) {
      this(conversations, jobsByService, null, 0, 0, 0);
    }
  }

  private final List<String> personas;
  private final double[] logPrior;
  private final double[][] logTurns;
  private final double[][] logJobs;
  private final List<Map<String, Double>> logService;
  private final double[] logUnseenService;
  /** Per persona, its own openers' mix over {@link OpenerWords#useCases()}. */
  private final double[][] mix;
  private final double shared;
  private final OpenerWords openers;
  private final List<Map<String, Double>> logPlan;
  /** Per persona, the chance a successful job's output is downloaded, and shared. */
  private final double[] download;
  private final double[] share;

  private PersonaOracle(List<String> personas, double[] logPrior, double[][] logTurns, double[][] logJobs,
      List<Map<String, Double>> logService, double[] logUnseenService, double[][] mix, double shared,
      OpenerWords openers, List<Map<String, Double>> logPlan, double[] download, double[] share) {
    this.logPlan = logPlan;
    this.download = download;
    this.share = share;
    this.personas = personas;
    this.logPrior = logPrior;
    this.logTurns = logTurns;
    this.logJobs = logJobs;
    this.logService = logService;
    this.logUnseenService = logUnseenService;
    this.mix = mix;
    this.shared = shared;
    this.openers = openers;
  }

  /**
   * @param users the cohort, each with their planted persona in {@code persona}
   * @param useCaseMix persona → the use cases its own openers are about, with weights
   * @param shared the share of openers drawn from the pool every persona shares
   */
  public static PersonaOracle fit(List<Observed> users, List<String> persona, Map<String, Map<String, Double>> useCaseMix,
      double shared, OpenerWords openers) {
    if (users.size() != persona.size()) {
      throw new IllegalArgumentException("one persona per user: " + users.size() + " vs " + persona.size());
    }
    List<String> names = List.copyOf(new TreeSet<>(persona));
    int k = names.size();
    double[] prior = new double[k];
    double[][] turns = new double[k][MAX_TURNS + 1];
    double[][] jobs = new double[k][MAX_JOBS + 1];
    List<Map<String, Integer>> services = new ArrayList<>();
    List<Map<String, Integer>> plans = new ArrayList<>();
    TreeSet<String> allServices = new TreeSet<>();
    TreeSet<String> allPlans = new TreeSet<>();
    double[][] actions = new double[k][3]; // successful jobs, downloads, shares
    for (int p = 0; p < k; p++) {
      services.add(new HashMap<>());
      plans.add(new HashMap<>());
    }
    for (int i = 0; i < users.size(); i++) {
      int p = names.indexOf(persona.get(i));
      prior[p]++;
      for (Conversation c : users.get(i).conversations()) {
        turns[p][Math.min(c.userTurns(), MAX_TURNS)]++;
        jobs[p][Math.min(c.jobs(), MAX_JOBS)]++;
      }
      users.get(i).jobsByService().forEach((s, n) -> services.get(p).merge(s, n, Integer::sum));
      allServices.addAll(users.get(i).jobsByService().keySet());
      if (users.get(i).plan() != null) {
        plans.get(p).merge(users.get(i).plan(), 1, Integer::sum);
        allPlans.add(users.get(i).plan());
      }
      actions[p][0] += users.get(i).succeeded();
      actions[p][1] += Math.min(users.get(i).downloads(), users.get(i).succeeded());
      actions[p][2] += Math.min(users.get(i).shares(), users.get(i).succeeded());
    }
    double[] logPrior = new double[k];
    List<Map<String, Double>> logService = new ArrayList<>();
    double[] logUnseen = new double[k];
    double[][] mix = new double[k][openers.useCases().size()];
    List<Map<String, Double>> logPlan = new ArrayList<>();
    double[] download = new double[k];
    double[] share = new double[k];
    for (int p = 0; p < k; p++) {
      double planTotal = plans.get(p).values().stream().mapToInt(Integer::intValue).sum() + allPlans.size();
      Map<String, Double> planLog = new HashMap<>();
      for (String plan : allPlans) {
        planLog.put(plan, Math.log((plans.get(p).getOrDefault(plan, 0) + 1) / planTotal));
      }
      logPlan.add(planLog);
      download[p] = (actions[p][1] + 1) / (actions[p][0] + 2);
      share[p] = (actions[p][2] + 1) / (actions[p][0] + 2);
      logPrior[p] = Math.log(prior[p] / users.size());
      turns[p] = logSmoothed(turns[p]);
      jobs[p] = logSmoothed(jobs[p]);
      double total = services.get(p).values().stream().mapToInt(Integer::intValue).sum() + allServices.size() + 1.0;
      Map<String, Double> log = new HashMap<>();
      for (String s : allServices) {
        log.put(s, Math.log((services.get(p).getOrDefault(s, 0) + 1) / total));
      }
      logService.add(log);
      logUnseen[p] = Math.log(1 / total);
      Map<String, Double> own = useCaseMix.getOrDefault(names.get(p), Map.of());
      double sum = own.values().stream().mapToDouble(Double::doubleValue).sum();
      for (int u = 0; u < mix[p].length; u++) {
        mix[p][u] = sum == 0 ? 0 : own.getOrDefault(openers.useCases().get(u), 0.0) / sum;
      }
    }
    return new PersonaOracle(names, logPrior, turns, jobs, logService, logUnseen, mix, shared, openers, logPlan,
        download, share);
  }

  private static double[] logSmoothed(double[] counts) {
    double total = java.util.Arrays.stream(counts).sum() + counts.length;
    double[] out = new double[counts.length];
    for (int j = 0; j < counts.length; j++) {
      out[j] = Math.log((counts[j] + 1) / total);
    }
    return out;
  }

  /** The persona with the highest posterior (ties to the first by name). */
  public String likeliest(Observed user) {
    double[] score = logPrior.clone();
    int useCases = openers.useCases().size();
    for (Conversation c : user.conversations()) {
      double[] byUseCase = c.opener() == null ? null : openers.posterior(c.opener());
      for (int p = 0; p < score.length; p++) {
        score[p] += logTurns[p][Math.min(c.userTurns(), MAX_TURNS)] + logJobs[p][Math.min(c.jobs(), MAX_JOBS)];
        if (byUseCase != null) {
          double own = 0;
          for (int u = 0; u < useCases; u++) {
            own += mix[p][u] * byUseCase[u];
          }
          score[p] += Math.log(shared / useCases + (1 - shared) * own + 1e-12);
        }
      }
    }
    int succeeded = user.succeeded();
    int downloads = Math.min(user.downloads(), succeeded);
    int shares = Math.min(user.shares(), succeeded);
    for (int p = 0; p < score.length; p++) {
      for (Map.Entry<String, Integer> s : user.jobsByService().entrySet()) {
        score[p] += s.getValue() * logService.get(p).getOrDefault(s.getKey(), logUnseenService[p]);
      }
      if (user.plan() != null) {
        score[p] += logPlan.get(p).getOrDefault(user.plan(), 0.0);
      }
      score[p] += downloads * Math.log(download[p]) + (succeeded - downloads) * Math.log(1 - download[p])
          + shares * Math.log(share[p]) + (succeeded - shares) * Math.log(1 - share[p]);
    }
    int best = 0;
    for (int p = 1; p < score.length; p++) {
      if (score[p] > score[best]) {
        best = p;
      }
    }
    return personas.get(best);
  }

  /** {@link #likeliest} of each user, in order. */
  public List<String> likeliest(List<Observed> users) {
    return users.stream().map(this::likeliest).toList();
  }
}
