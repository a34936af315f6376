package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/**
 * Offline, on a generated cohort with a friction in a product area no rule knows (printable 3D models, complained
 * about in words no rule contains) and routine follow-ups ("make another one"): the friction is found in what users
 * wrote and ranked, and the follow-ups are not a friction.
 */
public class DiscoveryPipelineTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static String template;

  @BeforeClass
  public static void cohort() throws Exception {
    template = ScratchDatabases.createWithSourceSchema();
    Path truth = Files.createTempFile("truth", ".json");
    try (Connection conn = DriverManager.getConnection(template)) {
      CohortGenerator.load(CohortSpec.of(900, 11L).withDays(14).withNovelFriction(true), conn, truth);
    }
  }

  @Test
  public void theNovelFrictionIsFoundInWhatUsersWroteAndRoutineFollowUpsAreNot() throws Exception {
    String url = ScratchDatabases.copyOf(template);
    Path out = tmp.newFolder("out").toPath();
    PipelineRun run = PipelineRun.of(url, DATE, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    JsonNode s = Json.tree(Sql.one(url, "SELECT summary::text FROM daily_summary WHERE analysis_date = '" + DATE + "'"));
    JsonNode discovered = s.get("themes").get("discovered");
    assertThat(s.get("themes").get("method").asText(), containsString("discovered from what users wrote"));
    // The planted friction: meshes made and paid for that no slicer takes. Found by what users did after them (nothing
    // kept, conversations left) and named by the words they used.
    JsonNode mesh = null;
    for (JsonNode f : s.get("themes").get("frictions")) {
      if ("mesh_generation".equals(discovered.get("frictions").get(indexOf(s, f)).path("service").asText())) {
        mesh = f;
      }
    }
    assertThat(Json.write(s.get("themes").get("frictions")), mesh != null, equalTo(true));
    assertThat(mesh.get("cause").asText(), equalTo("wrong_result"));
    assertThat(mesh.get("analysed_users").asInt(), greaterThanOrEqualTo(5));
    List<String> terms = new ArrayList<>();
    discovered.get("frictions").get(indexOf(s, mesh)).get("terms").forEach(t -> terms.add(t.asText()));
    assertThat(terms.toString(), terms.stream().anyMatch(t -> List.of("mesh", "slicer", "watertight", "manifold")
        .contains(t)), equalTo(true));
    List<String> top = new ArrayList<>();
    s.get("top_to_build").forEach(p -> top.add(p.get("theme").asText()));
    assertThat(top, hasItem(mesh.get("theme").asText()));
    // Routine follow-ups are found too, and stay out of the frictions and the top 3.
    List<String> routine = new ArrayList<>();
    discovered.get("follow_ups").forEach(f -> routine.add(f.get("theme").asText()));
    assertThat(routine.stream().anyMatch(r -> r.contains("another") || r.contains("style")), equalTo(true));
    for (String r : routine) {
      assertThat(top, not(hasItem(r)));
    }
    // Every label's terms were written by at least k users of its theme, and every theme has k users behind it.
    for (JsonNode f : discovered.get("frictions")) {
      assertThat(f.get("distinct_users").asInt(), greaterThanOrEqualTo(5));
    }
    // summary.json carries the same themes and top 3, and says what the rules' per-user labels are now.
    JsonNode file = Json.tree(Files.readString(out.resolve(DATE).resolve("summary.json")));
    assertThat(file.get("themes").get("frictions"), equalTo(s.get("themes").get("frictions")));
    assertThat(file.get("top_to_build"), equalTo(s.get("top_to_build")));
    assertThat(file.get("insight_groups").get("note").asText(), containsString("hints at a cause only"));
    String html = Files.readString(out.resolve(DATE).resolve("report.html"));
    assertThat(html, containsString(mesh.get("theme").asText()));
  }

  /** Summary friction themes and discovered frictions are in the same order (the same themes, offline). */
  private static int indexOf(JsonNode s, JsonNode theme) {
    int i = 0;
    for (JsonNode d : s.get("themes").get("discovered").get("frictions")) {
      if (d.get("theme").asText().equals(theme.get("theme").asText())) {
        return i;
      }
      i++;
    }
    throw new AssertionError("no discovered friction named " + theme.get("theme"));
  }
}
