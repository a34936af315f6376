package pmf.signals.transforms.discover;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import pmf.signals.transforms.embed.Vectors;

public class DiscoveryTest {
  private static final int DIMENSIONS = 32;

  /** A unit vector near axis {@code axis}: lines of one group sit together, groups sit apart. */
  private static float[] near(int axis, Random random) {
    float[] v = new float[DIMENSIONS];
    for (int j = 0; j < DIMENSIONS; j++) {
      v[j] = (float) (0.05 * random.nextGaussian());
    }
    v[axis] += 1;
    return Vectors.unit(v);
  }

  private static Utterance line(String user, boolean opener, String failure, Boolean unkept, boolean left,
      boolean returned, String service, String... terms) {
    return new Utterance(user, 1.0, String.join(" ", terms), List.of(terms), opener, failure, unkept, left, 0,
        returned, service, false);
  }

  /**
   * A day of lines: requests for printable models (openers), complaints after meshes nobody kept (most end their
   * conversation, their users rarely come back), routine "make another one" after results that worked, and praise
   * that ends conversations of users who come back.
   */
  private static List<EmbeddedLine> day(int complainers) {
    Random random = new Random(7);
    List<EmbeddedLine> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(new EmbeddedLine(line("r" + i, true, null, null, false, true, null, "printable", "model", "stl"),
          near(0, random)));
      lines.add(new EmbeddedLine(line("v" + i, true, null, null, false, true, null, "video", "clip", "wave"),
          near(4, random)));
    }
    for (int i = 0; i < complainers; i++) {
      lines.add(new EmbeddedLine(line("c" + i, false, null, true, i % 2 == 0, i % 4 == 0, "mesh_generation",
          "mesh", "slicer", "hole"), near(1, random)));
    }
    for (int i = 0; i < 60; i++) {
      lines.add(new EmbeddedLine(line("f" + i, false, null, false, false, true, "image_generation", "another",
          "make"), near(2, random)));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(new EmbeddedLine(line("p" + i, false, null, false, i % 3 == 0, true, "image_generation", "perfect",
          "thanks"), near(3, random)));
    }
    return lines;
  }

  @Test
  public void complaintsAfterTroubleAreAFrictionRequestsAUseCaseAndRoutineFollowUpsAndPraiseAreNeither() {
    Discovered d = Discovery.discover(day(30), Discovery.Settings.of(5));

    List<DiscoveredTheme> frictions = d.of(DiscoveredTheme.FRICTION);
    assertThat(frictions.size(), equalTo(1));
    assertThat(frictions.get(0).terms(), hasItem("mesh"));
    assertThat(frictions.get(0).cause(), equalTo("wrong_result"));
    assertThat(frictions.get(0).service(), equalTo("mesh_generation"));
    assertThat(frictions.get(0).distinctUsers(), equalTo(30));
    List<String> useCases = d.of(DiscoveredTheme.USE_CASE).stream().map(DiscoveredTheme::name).toList();
    assertThat(useCases.toString(), useCases.stream().anyMatch(n -> n.contains("printable")), equalTo(true));
    List<String> followUps = d.of(DiscoveredTheme.FOLLOW_UP).stream().map(DiscoveredTheme::name).toList();
    assertThat(followUps.stream().anyMatch(n -> n.contains("another")), equalTo(true));
    assertThat(followUps.stream().anyMatch(n -> n.contains("perfect")), equalTo(true)); // left, but users came back
  }

  @Test
  public void aFrictionOfRetriesIsNamedByWhatItCameAfterNotByTheTaskItRepeats() {
    Random random = new Random(11);
    List<EmbeddedLine> lines = new ArrayList<>(day(0));
    for (int i = 0; i < 20; i++) { // "a cyberpunk city video, shorter" again after every timeout
      lines.add(new EmbeddedLine(new Utterance("t" + i, 1.0, "cyberpunk city video", List.of("cyberpunk", "city",
          "video"), false, "timeout", null, false, 0, true, "video_generation", true), near(5, random)));
    }

    List<DiscoveredTheme> frictions = Discovery.discover(lines, Discovery.Settings.of(5)).of(DiscoveredTheme.FRICTION);

    assertThat(frictions.size(), equalTo(1));
    assertThat(frictions.get(0).terms(), equalTo(List.of()));
    assertThat(frictions.get(0).name(), equalTo("video generation jobs failing (timeout)"));
    assertThat(frictions.get(0).distinctUsers(), equalTo(20));
  }

  @Test
  public void aThemeOfFewerThanKUsersIsNeverNamed() {
    Discovered d = Discovery.discover(day(4), new Discovery.Settings(5, 0.005, 3000));

    for (DiscoveredTheme t : d.themes()) {
      assertThat(t.distinctUsers() >= 5, equalTo(true));
      assertThat(t.terms(), not(hasItem("slicer")));
    }
  }

  @Test
  public void aClusterIsAFrictionOnlyWhenItsBehaviourIsTwiceTheDaysAndClearlySo() {
    Discovery.Rates base = new Discovery.Rates(1000, 100, 50); // 10% after trouble, 5% left
    assertThat(Discovery.friction(new Discovery.Rates(40, 30, 0), base, false), equalTo(true));
    assertThat(Discovery.friction(new Discovery.Rates(40, 6, 0), base, false), equalTo(false)); // 15%: < 2x
    assertThat(Discovery.friction(new Discovery.Rates(10, 3, 0), base, false), equalTo(false)); // 3x, 2.1 SE
    // Leaving counts only when the cluster's users came back less than the day's: praise ends conversations too.
    assertThat(Discovery.friction(new Discovery.Rates(40, 0, 20), base, true), equalTo(true));
    assertThat(Discovery.friction(new Discovery.Rates(40, 0, 20), base, false), equalTo(false));
  }

  @Test
  public void comingBackLessMeansThreeStandardErrorsBelowTheDay() {
    List<Utterance> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(line("u" + i, false, null, null, true, i < 11, null, "x")); // 11 of 20 came back
    }
    assertThat(Discovery.belowReturn(lines, 0.9), equalTo(true)); // 55% against 90%: 5.2 SE below
    assertThat(Discovery.belowReturn(lines.subList(0, 19), 0.6), equalTo(false)); // 58% against 60%: within noise
  }

  @Test
  public void aFrictionsNameSaysWhatItsLinesCameRightAfter() {
    assertThat(Discovery.name(List.of("video", "timeout"), "|timeout", "video_generation"),
        equalTo("video, timeout — after video generation jobs failing (timeout)"));
    assertThat(Discovery.name(List.of("mesh", "slicer"), "mesh_generation|not kept", "mesh_generation"),
        equalTo("mesh, slicer — after mesh generation results not kept"));
    assertThat(Discovery.name(List.of("credit"), "|not enough credits", null), equalTo("credit — after a credit limit"));
    assertThat(Discovery.name(List.of(), "|unsupported format", null), equalTo("jobs failing (unsupported format)"));
    assertThat(Discovery.name(List.of("another", "style"), null, null), equalTo("another, style"));
  }

  @Test
  public void theTroubleMostOfAClustersTroubleLinesCameAfterNamesIt() {
    List<Utterance> lines = List.of(
        line("a", false, "timeout", null, false, true, "video_generation"),
        line("b", false, "timeout", null, false, true, "video_generation"),
        line("c", false, "provider unavailable", null, false, true, "video_generation"),
        line("d", false, null, null, false, true, null));
    assertThat(Discovery.dominantTrouble(lines), equalTo("|timeout"));
    assertThat(Discovery.dominantService(lines, "|timeout"), equalTo("video_generation"));
    assertThat(Discovery.dominantTrouble(List.of(lines.get(0), lines.get(2))), equalTo(null)); // a tie names none
    assertThat(Discovery.dominantTrouble(List.of(lines.get(3))), equalTo(null));
    // A failure category is one problem whatever the job was: a format no service exports, a credit limit.
    List<Utterance> formats = List.of(
        line("e", false, "unsupported format", null, false, true, "image_generation"),
        line("f", false, "unsupported format", null, false, true, "transcription"),
        line("g", false, "unsupported format", null, false, true, "text_to_speech"));
    assertThat(Discovery.dominantTrouble(formats), equalTo("|unsupported format"));
    assertThat(Discovery.dominantService(formats, "|unsupported format"), equalTo(null));
    assertThat(Discovery.dominantTrouble(List.of(line("h", false, "not enough credits", null, false, true, "upscale"))),
        equalTo("|not enough credits"));
    // A result not kept stays its service's: an image nobody kept and a mesh nobody kept are two problems.
    assertThat(Discovery.dominantTrouble(List.of(line("i", false, null, true, false, true, "mesh_generation"))),
        equalTo("mesh_generation|not kept"));
  }
}
