package pmf.signals.devtools.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.cohort.Persona;
import org.junit.Test;

public class PersonaOracleTest {
  private static final OpenerWords OPENERS = OpenerWords.learn(Map.of(
      "logos", List.of("design a logo for my bakery", "a wordmark logo please", "logo with a bold font"),
      "code", List.of("fix this python function", "why does my function crash", "explain this python error")));

  private static PersonaOracle.Observed user(String opener, int turns, int jobs, Map<String, Integer> services) {
    return new PersonaOracle.Observed(List.of(new PersonaOracle.Conversation(opener, turns, jobs)), services);
  }

  @Test
  public void openerWords_nameTheUseCaseWhoseWordsTheOpenerUses() {
    double[] p = OPENERS.posterior("can you fix my python function");
    assertThat(OPENERS.useCases(), equalTo(List.of("code", "logos")));
    assertThat(p[0], greaterThan(0.9));
  }

  @Test
  public void personasThatDifferOnlyInServices_areToldApartByTheServicesAUserRan() {
    List<PersonaOracle.Observed> users = new ArrayList<>();
    List<String> persona = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      users.add(user(null, 3, 2, Map.of("image_generation", 2)));
      persona.add("designer");
      users.add(user(null, 3, 2, Map.of("transcription", 2)));
      persona.add("podcaster");
    }
    PersonaOracle oracle = PersonaOracle.fit(users, persona, Map.of(), 0, OPENERS);
    assertThat(oracle.likeliest(user(null, 3, 1, Map.of("transcription", 1))), equalTo("podcaster"));
    assertThat(oracle.likeliest(user(null, 3, 1, Map.of("image_generation", 1))), equalTo("designer"));
  }

  @Test
  public void anOpenerDecidesWhenOpenersAreEachPersonasOwn_andSaysNothingWhenAllComeFromTheSharedPool() {
    // Identical behaviour; the designer writes about logos, the developer about code; the developer is commoner.
    List<PersonaOracle.Observed> users = new ArrayList<>();
    List<String> persona = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      users.add(user(null, 2, 0, Map.of()));
      persona.add(i < 10 ? "designer" : "developer");
    }
    Map<String, Map<String, Double>> mix = Map.of("designer", Map.of("logos", 1.0), "developer", Map.of("code", 1.0));
    PersonaOracle.Observed logoAsker = user("design a logo with a bold font", 2, 0, Map.of());
    assertThat(PersonaOracle.fit(users, persona, mix, 0, OPENERS).likeliest(logoAsker), equalTo("designer"));
    assertThat(PersonaOracle.fit(users, persona, mix, 1, OPENERS).likeliest(logoAsker), equalTo("developer"));
  }

  @Test
  public void sharedOpeners_leaveFewConversationsOpeningWithTheUsersOwnUseCase() {
    CohortSpec own = CohortSpec.of(300, 5).withDistinctPersonas(true);
    assertThat(ownOpenerShare(own), greaterThan(0.8));
    assertThat(ownOpenerShare(own.withSharedOpeners(0.85)), lessThan(0.4));
  }

  /** Share of conversations whose opener reads as the user's persona's main use case. */
  private static double ownOpenerShare(CohortSpec spec) {
    ObservedCohort cohort = ObservedCohort.of(spec);
    java.util.Map<String, String> mainUseCase = new java.util.HashMap<>();
    for (Persona p : Persona.values()) {
      mainUseCase.put(p.label, p.mainUseCase().label);
    }
    OpenerWords words = cohort.openerWords();
    int own = 0;
    int all = 0;
    for (Map.Entry<String, PersonaOracle.Observed> u : cohort.users().entrySet()) {
      for (PersonaOracle.Conversation c : u.getValue().conversations()) {
        if (c.opener() != null) {
          double[] p = words.posterior(c.opener());
          int best = 0;
          for (int j = 1; j < p.length; j++) {
            best = p[j] > p[best] ? j : best;
          }
          own += words.useCases().get(best).equals(mainUseCase.get(cohort.persona().get(u.getKey()))) ? 1 : 0;
          all++;
        }
      }
    }
    return own / (double) all;
  }
}
