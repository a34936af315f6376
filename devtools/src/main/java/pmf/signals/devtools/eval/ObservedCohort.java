package pmf.signals.devtools.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.cohort.CohortRows;
import pmf.signals.devtools.cohort.CohortSimulator;
import pmf.signals.devtools.cohort.Openers;
import pmf.signals.devtools.cohort.Persona;
import pmf.signals.devtools.cohort.UseCase;
import pmf.signals.devtools.cohort.UserTruth;

/**
 * A generated cohort replayed in memory (the same spec makes the same rows) as {@link PersonaOracle} reads it (each
 * user's rows in the window, as the pipeline's 30-day lookback reads a 30-day cohort), with
 * each user's planted persona, and the oracle fitted on it with the generator's own use cases per persona.
 */
public record ObservedCohort(Map<String, PersonaOracle.Observed> users, Map<String, String> persona,
    OpenerWords openerWords, PersonaOracle oracle) {
  /** Openers per use case the oracle learns their words from. */
  static final int OPENERS_PER_USE_CASE = 2000;

  public static ObservedCohort of(CohortSpec spec) {
    CohortSimulator simulator = new CohortSimulator(spec);
    Map<String, PersonaOracle.Observed> users = new LinkedHashMap<>();
    Map<String, String> persona = new LinkedHashMap<>();
    for (int i = 0; i < spec.users(); i++) {
      UserRows rows = new UserRows();
      UserTruth truth = simulator.simulateUser(i, rows);
      users.put(truth.userId(), rows.observed());
      persona.put(truth.userId(), truth.persona().label);
    }
    Map<String, List<String>> openers = new TreeMap<>();
    for (UseCase u : UseCase.values()) {
      openers.put(u.label, Openers.sample(u, OPENERS_PER_USE_CASE, spec.seed()));
    }
    Map<String, Map<String, Double>> mix = new TreeMap<>();
    for (Persona p : Persona.values()) {
      Map<String, Double> own = new TreeMap<>();
      if (spec.distinctPersonas()) {
        own.put(p.mainUseCase().label, 1.0);
      } else {
        p.useCases().forEach((u, w) -> own.put(u.label, w));
      }
      mix.put(p.label, own);
    }
    List<PersonaOracle.Observed> observed = new ArrayList<>(users.values());
    OpenerWords words = OpenerWords.learn(openers);
    PersonaOracle oracle =
        PersonaOracle.fit(observed, new ArrayList<>(persona.values()), mix, spec.sharedOpeners(), words);
    return new ObservedCohort(users, persona, words, oracle);
  }

  /** One user's rows, kept as the oracle reads them: per conversation its opener, user turns and jobs. */
  private static final class UserRows implements CohortRows {
    private final Map<String, String> opener = new LinkedHashMap<>();
    private final Map<String, Integer> turns = new HashMap<>();
    private final Map<String, Integer> jobs = new HashMap<>();
    private final Map<String, Integer> services = new TreeMap<>();
    private final List<String> conversations = new ArrayList<>();
    private String plan;
    private int succeeded;
    private int downloads;
    private int shares;

    PersonaOracle.Observed observed() {
      List<PersonaOracle.Conversation> out = new ArrayList<>();
      for (String id : conversations) {
        out.add(new PersonaOracle.Conversation(opener.get(id), turns.getOrDefault(id, 0), jobs.getOrDefault(id, 0)));
      }
      return new PersonaOracle.Observed(out, services, plan, succeeded, downloads, shares);
    }

    @Override
    public void user(String id, long createdAt, String plan, Integer creditsRemaining, Boolean analyticsConsent) {
      this.plan = plan;
    }

    @Override
    public void conversation(String id, String userId, String title, long createdAt, long updatedAt) {
      conversations.add(id);
    }

    @Override
    public void message(String id, String conversationId, String role, String content, long createdAt) {
      if ("user".equals(role)) {
        turns.merge(conversationId, 1, Integer::sum);
        if (content != null && !content.isBlank()) {
          opener.putIfAbsent(conversationId, content);
        }
      }
    }

    @Override
    public void job(String id, String userId, String conversationId, String service, String status,
        Integer creditsUsed, String error, long createdAt, Long completedAt) {
      if (conversationId != null) {
        jobs.merge(conversationId, 1, Integer::sum);
      }
      services.merge(service, 1, Integer::sum);
      succeeded += "succeeded".equals(status) ? 1 : 0;
    }

    @Override
    public void action(UUID id, String userId, String action, String metadataJson, long createdAt) {
      downloads += "download".equals(action) ? 1 : 0;
      shares += "share".equals(action) ? 1 : 0;
    }
  }
}
