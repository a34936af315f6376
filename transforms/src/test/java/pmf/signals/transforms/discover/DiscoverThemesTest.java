package pmf.signals.transforms.discover;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Selection;

public class DiscoverThemesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  /**
   * A user who asked for a mesh and got one: {@code kept} ones downloaded it and asked for another (and were answered),
   * the others could not slice it, said so and left.
   */
  private static Routed user(int i, Selection selection, boolean consent, String followUp) {
    return user(i, selection, consent, followUp, false);
  }

  private static Routed user(int i, Selection selection, boolean consent, String followUp, boolean kept) {
    Instant t = T.plusSeconds(3600L * i);
    List<Message> messages = List.of(
        new Message("user", t, 30, "a printable model of a dwarf as an STL"),
        new Message("assistant", t.plusSeconds(60), 5, "Done!"),
        new Message("user", t.plusSeconds(300), followUp.length(), followUp),
        new Message(kept ? "assistant" : null, t.plusSeconds(360), 5, kept ? "Here it is" : null));
    List<ServiceJob> jobs = List.of(new ServiceJob("j" + i, "c" + i, "mesh_generation", "succeeded", 12, null,
        t.plusSeconds(10), t.plusSeconds(50)));
    UserActivity a = new UserActivity("u" + i, new UserProfile(true, t.minusSeconds(86400), "free", 3, consent, null),
        List.of(new Conversation("c" + i, null, t, kept ? messages : messages.subList(0, 3))), jobs,
        kept ? List.of(new pmf.signals.transforms.model.UserAction("a" + i, "download", "{\"job_id\": \"j" + i + "\"}",
            false, t.plusSeconds(100))) : List.of(), null, "h" + i);
    MeasuredActivity m = new MeasuredActivity(a, UserMetricsCalculator.compute(a, LocalDate.of(2026, 11, 23),
        ZoneOffset.UTC, true));
    return new Routed(m, new Route("C", "test", 0, selection, false, selection.analysed() ? 3.0 : 0));
  }

  @Test
  public void onlyTheUsersReadTodayAreDiscoveredFromAndTheirComplaintIsAFriction() {
    List<Routed> users = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      users.add(user(i, Selection.SAMPLE, true, "the slicer says the mesh has holes"));
    }
    for (int i = 200; i < 230; i++) {
      users.add(user(i, Selection.SAMPLE, true, "make another one in a different pose", true));
    }
    for (int i = 12; i < 20; i++) {
      users.add(user(i, Selection.INHERIT, true, "inherited users are not read"));
      users.add(user(100 + i, Selection.NOT_ELIGIBLE, false, "no consent no reading"));
    }
    PCollection<Discovered> found = p.apply(Create.of(users).withCoder(JsonCoder.of(Routed.class)))
        .apply(DiscoverThemes.create().withMinGroupUsers(5).withMaxLinesPerUser(8));

    PAssert.thatSingleton(found).satisfies(d -> {
      assertThat(d.users(), equalTo(42));
      assertThat(d.lines(), equalTo(84)); // each sampled user's request and follow-up; nobody else's
      List<DiscoveredTheme> frictions = d.of(DiscoveredTheme.FRICTION);
      assertThat(frictions.size(), equalTo(1));
      assertThat(frictions.get(0).distinctUsers(), equalTo(12));
      assertThat(frictions.get(0).users(), equalTo(36.0)); // each sampled user stands for 3
      assertThat(frictions.get(0).terms().contains("slicer"), equalTo(true));
      for (DiscoveredTheme t : d.themes()) {
        assertThat(t.terms().contains("inherited") || t.terms().contains("consent"), equalTo(false));
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test(expected = IllegalArgumentException.class)
  public void aNonPositiveKIsRefused() {
    DiscoverThemes.create().withMinGroupUsers(0);
  }
}
