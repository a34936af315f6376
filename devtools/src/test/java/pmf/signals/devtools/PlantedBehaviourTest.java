package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

public class PlantedBehaviourTest {

  @Test
  public void returns_isExactlyHavingAnActiveDateAfterTheFirst_andActiveDatesMatchTheRows() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    String start = cohort.spec().startDate().toString();
    String end = cohort.spec().endDate().toString();
    Map<String, String> fromRows = new HashMap<>();
    try (Connection c = TestPostgres.connect(cohort.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT user_id, string_agg(DISTINCT d::text, ',' ORDER BY d::text) FROM ("
            + " SELECT c.user_id, (m.created_at AT TIME ZONE 'UTC')::date AS d"
            + "   FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            + " UNION ALL SELECT user_id, (created_at AT TIME ZONE 'UTC')::date FROM service_jobs"
            + " UNION ALL SELECT user_id, created_at::date FROM user_actions) a"
            + " WHERE d BETWEEN '" + start + "' AND '" + end + "' GROUP BY user_id")) {
      while (rs.next()) {
        fromRows.put(rs.getString(1), rs.getString(2));
      }
    }
    int returning = 0;
    for (JsonNode u : cohort.truth().get("users")) {
      List<String> dates = new ArrayList<>();
      u.get("active_dates").forEach(d -> dates.add(d.asText()));
      String id = u.get("user_id").asText();
      assertThat(id, String.join(",", dates), equalTo(fromRows.getOrDefault(id, "")));
      assertThat(id, u.get("returns").asBoolean(), is(dates.size() > 1));
      returning += u.get("returns").asBoolean() ? 1 : 0;
    }
    assertThat(returning, greaterThan(40));
    assertThat(returning, lessThan(160));
  }

  @Test
  public void returning_dependsOnTheFirstDay_andPersona() throws Exception {
    double[] withFriction = new double[2];
    double[] without = new double[2];
    double[] explorers = new double[2];
    double[] others = new double[2];
    for (JsonNode u : TestPostgres.standard().truth().get("users")) {
      if (!u.has("first_day")) {
        continue;
      }
      double r = u.get("returns").asBoolean() ? 1 : 0;
      double[] f = u.get("first_day").get("frictions").size() > 0 ? withFriction : without;
      f[0] += r;
      f[1]++;
      double[] p = u.get("persona").asText().equals("casual_explorer") ? explorers : others;
      p[0] += r;
      p[1]++;
    }
    assertThat(withFriction[0] / withFriction[1], lessThan(without[0] / without[1]));
    assertThat(explorers[0] / explorers[1], lessThan(others[0] / others[1]));
  }

  @Test
  public void frictionRanking_matchesTheUsersWhoHitThem_andTheFailedJobsInTheDatabase() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    JsonNode truth = cohort.truth();
    Map<String, Integer> hit = new TreeMap<>();
    truth.get("catalogue").get("frictions").forEach(f -> hit.put(f.get("label").asText(), 0));
    for (JsonNode u : truth.get("users")) {
      u.get("friction_points").forEach(f -> hit.merge(f.asText(), 1, Integer::sum));
    }
    Map<String, Integer> ranking = new LinkedHashMap<>();
    truth.get("friction_ranking").forEach(r -> ranking.put(r.get("label").asText(), r.get("users").asInt()));
    assertThat(new TreeMap<>(ranking), equalTo(hit));
    List<String> byUsers = new ArrayList<>(ranking.keySet());
    List<String> sorted = new ArrayList<>(byUsers);
    sorted.sort(Comparator.comparing((String f) -> -hit.get(f)));
    assertThat(byUsers, equalTo(sorted));
    List<String> top = new ArrayList<>();
    truth.get("planted_top_frictions").forEach(t -> top.add(t.asText()));
    assertThat(top, equalTo(byUsers.subList(0, 3)));
    // A clear top three: each planted share differs.
    assertThat(hit.get(top.get(0)), greaterThan(hit.get(top.get(1))));
    assertThat(hit.get(top.get(1)), greaterThan(hit.get(top.get(2))));
    assertThat(hit.get(top.get(2)), greaterThan(hit.get(byUsers.get(3))));

    Map<String, String> evidence = Map.of(
        "video_timeout", "SELECT count(DISTINCT user_id) FROM service_jobs WHERE error LIKE '%timed out%' OR error LIKE 'TimeoutError%'",
        "image_size_oom", "SELECT count(DISTINCT user_id) FROM service_jobs WHERE error ILIKE '%out of memory%' OR error LIKE 'OOM:%'",
        "export_format_missing", "SELECT count(DISTINCT user_id) FROM service_jobs WHERE error LIKE 'Unsupported output format%'",
        "content_policy_false_positive", "SELECT count(DISTINCT user_id) FROM service_jobs WHERE error ILIKE '%content policy%'",
        "credits_run_out_fast", "SELECT count(DISTINCT user_id) FROM user_actions WHERE action = 'credit_limit'");
    try (Connection c = TestPostgres.connect(cohort.url())) {
      for (Map.Entry<String, String> e : evidence.entrySet()) {
        assertThat(e.getKey(), CohortLoadTest.count(c, e.getValue()), is((long) hit.get(e.getKey())));
      }
    }
  }

  @Test
  public void anAbandonedFirstDay_endsOnTheUsersOwnMessage() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.standard();
    java.util.Set<String> messyUsers = new java.util.HashSet<>();
    for (JsonNode u : cohort.truth().get("users")) {
      if (u.get("api_only").asBoolean()) {
        messyUsers.add(u.get("user_id").asText());
      }
    }
    // Users carrying planted bad rows are left out: those rows are appended to their first conversation.
    try (Connection c = TestPostgres.connect(cohort.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT c.user_id FROM conversations c JOIN messages m ON m.conversation_id = c.id"
            + " WHERE m.id = ANY (ARRAY(SELECT id FROM messages WHERE content IS NULL OR content = ''"
            + " OR length(content) > 1000000 OR role = 'function' OR created_at > '2099-01-01'))"
            + " UNION SELECT user_id FROM service_jobs WHERE credits_used IS NULL OR credits_used < 0"
            + " UNION SELECT user_id FROM user_actions WHERE jsonb_typeof(metadata) IS DISTINCT FROM 'object'")) {
      while (rs.next()) {
        messyUsers.add(rs.getString(1));
      }
    }
    int checked = 0;
    try (Connection c = TestPostgres.connect(cohort.url());
        java.sql.PreparedStatement last = c.prepareStatement("SELECT kind, role FROM ("
            + " SELECT 'message' AS kind, m.role, m.created_at AS at FROM messages m"
            + "   JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = ?"
            + " UNION ALL SELECT 'job', NULL, created_at FROM service_jobs WHERE user_id = ?"
            + " UNION ALL SELECT 'action', NULL, created_at AT TIME ZONE 'UTC' FROM user_actions WHERE user_id = ?) a"
            + " WHERE (at AT TIME ZONE 'UTC')::date = ?::date ORDER BY at DESC LIMIT 1")) {
      for (JsonNode u : cohort.truth().get("users")) {
        String id = u.get("user_id").asText();
        if (!u.has("first_day") || !u.get("first_day").get("abandoned").asBoolean() || messyUsers.contains(id)) {
          continue;
        }
        for (int i = 1; i <= 3; i++) {
          last.setString(i, id);
        }
        last.setString(4, u.get("active_dates").get(0).asText());
        try (ResultSet rs = last.executeQuery()) {
          rs.next();
          assertThat(id, rs.getString(1) + "/" + rs.getString(2), equalTo("message/user"));
        }
        checked++;
      }
    }
    assertThat(checked, greaterThan(5));
  }

  @Test
  public void catalogues_haveTheBreadthTheBriefAsksFor() throws Exception {
    JsonNode catalogue = TestPostgres.standard().truth().get("catalogue");
    assertThat(catalogue.get("personas").size(), greaterThanOrEqualTo(6));
    for (JsonNode persona : catalogue.get("personas")) {
      assertThat(persona.get("label").asText(), persona.get("use_cases").size(), lessThan(4));
    }
    assertThat(catalogue.get("use_cases").size(), greaterThanOrEqualTo(10));
    assertThat(catalogue.get("frictions").size(), greaterThanOrEqualTo(6));
    for (JsonNode u : TestPostgres.standard().truth().get("users")) {
      assertThat(u.get("use_cases").size(), lessThan(5));
    }
    List<String> consent = new ArrayList<>();
    TestPostgres.standard().truth().get("users").forEach(u -> consent.add(u.get("consent").asText()));
    assertThat(consent.stream().filter("false"::equals).toList(), hasSize(greaterThan(5)));
  }

  @Test
  public void distinctPersonas_doOnlyTheirPersonasMainUseCase_whichNoOtherPersonaShares() throws Exception {
    TestPostgres.Loaded cohort = TestPostgres.load("cohort_distinct", CohortSpec.of(200, 7).withDistinctPersonas(true));
    assertThat(cohort.truth().get("spec").get("distinctPersonas").asBoolean(), is(true));
    Map<String, java.util.Set<String>> useCases = new TreeMap<>();
    for (JsonNode u : cohort.truth().get("users")) {
      // A friction that cannot happen in the main use case (a video timeout for a student) happens while exploring.
      u.get("use_cases").forEach(c -> {
        if (!c.asText().equals("just_exploring")) {
          useCases.computeIfAbsent(u.get("persona").asText(), p -> new java.util.TreeSet<>()).add(c.asText());
        }
      });
    }
    assertThat(useCases.size(), greaterThanOrEqualTo(6));
    java.util.Set<String> all = new java.util.HashSet<>();
    useCases.forEach((persona, cases) -> {
      assertThat(persona, cases.size(), equalTo(1));
      all.addAll(cases);
    });
    assertThat(all.size(), equalTo(useCases.size()));
  }
}
