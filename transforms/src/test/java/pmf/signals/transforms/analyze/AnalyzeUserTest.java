package pmf.signals.transforms.analyze;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static pmf.signals.transforms.Fixtures.activity;
import static pmf.signals.transforms.Fixtures.consenting;
import static pmf.signals.transforms.Fixtures.conversation;
import static pmf.signals.transforms.Fixtures.user;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.metrics.UserMetricsCalculator;
import pmf.signals.transforms.model.Failure;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.MeasuredActivity;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.UserMetrics;
import pmf.signals.transforms.model.UserProfile;
import pmf.signals.transforms.tier.Route;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.tier.Tier;

public class AnalyzeUserTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");

  private static final JsonCoder<Routed> ROUTED = JsonCoder.of(Routed.class);

  /** Everyone in the census of {@code tier}, as RouteByTier routes a small day. */
  private static List<Routed> routed(List<MeasuredActivity> users, Tier tier) {
    return users.stream().map(m -> new Routed(m, Route.census(tier))).toList();
  }

  private static MeasuredActivity measured(String userId, UserProfile profile) {
    UserActivity a = activity(userId, profile,
        List.of(conversation("c-" + userId, user("m-" + userId, "2026-11-23T08:00:00Z", "make an image"))),
        List.of(), List.of());
    return new MeasuredActivity(a, UserMetricsCalculator.compute(a, DATE, ZoneOffset.UTC));
  }

  /** An analyzer that fails for one named user, to prove a failure costs only that user's insights. */
  static final class FailsFor implements InsightAnalyzer {
    private final String failingUser;

    FailsFor(String failingUser) {
      this.failingUser = failingUser;
    }

    @Override
    public String model() {
      return "test-model";
    }

    @Override
    public String promptVersion() {
      return "test.v1";
    }

    @Override
    public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics) {
      if (activity.userId().equals(failingUser)) {
        throw new IllegalStateException("boom");
      }
      return AnalyzerResult.of(OfflineAnalyzer.insights(activity, metrics), LlmStatus.OK);
    }
  }

  static final class StatusOf implements SerializableFunction<UserAnalysis, String> {
    @Override
    public String apply(UserAnalysis row) {
      return row.userId() + ":" + row.llmStatus().dbValue() + ":" + row.tier() + ":" + (row.insights() != null)
          + ":" + row.metrics().userMessages();
    }
  }

  @Test
  public void everyUserGetsARowAndOnlyConsentingKnownUsersReachTheAnalyzer() {
    List<MeasuredActivity> users = new ArrayList<>();
    users.add(measured("yes", consenting("2026-11-01T00:00:00Z", "free")));
    users.add(measured("no", new UserProfile(true, Instant.parse("2026-11-01T00:00:00Z"), "free", 1, false, null)));
    users.add(measured("unset", new UserProfile(true, Instant.parse("2026-11-01T00:00:00Z"), "free", 1, null, null)));
    users.add(measured("ghost", UserProfile.unknown()));
    users.add(measured("crash", consenting("2026-11-01T00:00:00Z", "free")));

    PCollectionTuple out =
        p.apply(Create.of(routed(users, Tier.of(users.size(), Tier.parseThresholds("3,10,100")))).withCoder(ROUTED))
            .apply(AnalyzeUser.with(new FailsFor("crash")));

    PAssert.that(out.get(AnalyzeUser.ROWS).apply(MapElements.into(TypeDescriptors.strings()).via(new StatusOf())))
        .containsInAnyOrder(
            "yes:ok:B:true:1",
            "no:no_consent:B:false:1",
            "unset:no_consent:B:false:1",
            "ghost:skipped:B:false:1",
            "crash:failed:B:false:1");
    PAssert.that(out.get(AnalyzeUser.FAILURES))
        .containsInAnyOrder(new Failure("crash", "analyze", "analyzer error: IllegalStateException"));
    p.run().waitUntilFinish();
  }

  /** Renders a fingerprint that says how many it has rendered, and records the fingerprint each analysis was given. */
  static final class CountsRenders implements InsightAnalyzer {
    final java.util.concurrent.atomic.AtomicInteger renders = new java.util.concurrent.atomic.AtomicInteger();
    final List<String> given = new ArrayList<>();

    @Override
    public String model() {
      return "test-model";
    }

    @Override
    public String promptVersion() {
      return "test.v1";
    }

    @Override
    public String inputFingerprint(UserActivity activity, UserMetrics metrics) {
      return "context #" + renders.incrementAndGet() + " of " + activity.userId();
    }

    @Override
    public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics) {
      return analyze(activity, metrics, inputFingerprint(activity, metrics));
    }

    @Override
    public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics, String fingerprint) {
      given.add(fingerprint);
      return AnalyzerResult.of(OfflineAnalyzer.insights(activity, metrics), LlmStatus.OK);
    }
  }

  @Test
  public void aSentUsersContextIsRenderedOnceForItsHashAndItsCall() {
    CountsRenders analyzer = new CountsRenders();
    Routed sent = routed(List.of(measured("u", consenting("2026-11-01T00:00:00Z", "free"))), Tier.of(1,
        Tier.parseThresholds("3,10,100"))).get(0);

    AnalysisInput input = AnalyzeUser.input(analyzer, sent);
    AnalyzerResult result = AnalyzeUser.analyse(analyzer, input);

    assertEquals(LlmStatus.OK, result.status());
    assertEquals(1, analyzer.renders.get());
    assertEquals(List.of("context #1 of u"), analyzer.given);
    assertEquals(InputHash.of("u", "context #1 of u", "test.v1", "test-model"), input.inputHash());
  }

  @Test
  public void inputHashChangesWithTheInputAndNothingElse() {
    MeasuredActivity a = measured("u", consenting("2026-11-01T00:00:00Z", "free"));
    MeasuredActivity b = measured("u", consenting("2026-11-02T00:00:00Z", "free"));

    String first = InputHash.of(a.activity(), "v1", "m");

    assertEquals(first, InputHash.of(a.activity(), "v1", "m"));
    assertNotEquals(first, InputHash.of(b.activity(), "v1", "m"));
    assertNotEquals(first, InputHash.of(a.activity(), "v2", "m"));
    assertNotEquals(first, InputHash.of(a.activity(), "v1", "other-model"));
  }

  /**
   * Proves the in-flight window without timing: each analysis waits at a barrier for {@code WINDOW} analyses to be in
   * progress at once, so the run only succeeds if the stage really keeps that many going. A stage that ran them one
   * at a time would leave every barrier broken (its timeout) and every user failed.
   */
  static final class NeedsCompany implements InsightAnalyzer {
    static final int WINDOW = 6;
    private static final java.util.concurrent.CyclicBarrier BARRIER = new java.util.concurrent.CyclicBarrier(WINDOW);

    @Override
    public String model() {
      return "test-model";
    }

    @Override
    public String promptVersion() {
      return "test.v1";
    }

    @Override
    public int concurrency() {
      return WINDOW;
    }

    @Override
    public AnalyzerResult analyze(UserActivity activity, UserMetrics metrics) {
      try {
        BARRIER.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        return AnalyzerResult.without(LlmStatus.FAILED, "alone: " + e.getClass().getSimpleName());
      }
      return AnalyzerResult.of(OfflineAnalyzer.insights(activity, metrics), LlmStatus.OK);
    }
  }

  @Test
  public void aNetworkBoundAnalyzerKeepsItsWindowOfAnalysesInFlight() {
    // All in one shard, so the barrier's parties are this shard's window alone: other shards running beside it on
    // the runner's few threads could otherwise leave a barrier short and waiting.
    List<MeasuredActivity> users = new ArrayList<>();
    for (int i = 0; users.size() < NeedsCompany.WINDOW * 5; i++) {
      if (Math.floorMod(("u" + i).hashCode(), AnalyzeUser.SHARDS) == 0) {
        users.add(measured("u" + i, consenting("2026-11-01T00:00:00Z", "free")));
      }
    }
    PCollectionTuple out =
        p.apply(Create.of(routed(users, Tier.of(users.size(), Tier.parseThresholds("3,10,1000")))).withCoder(ROUTED))
            .apply(AnalyzeUser.with(new NeedsCompany()));

    PAssert.that(out.get(AnalyzeUser.ROWS).apply(MapElements.into(TypeDescriptors.strings()).via((UserAnalysis r) -> r.llmStatus().dbValue())))
        .satisfies(statuses -> {
          statuses.forEach(s -> assertEquals("ok", s));
          return null;
        });
    PAssert.that(out.get(AnalyzeUser.FAILURES)).empty();
    p.run().waitUntilFinish();
  }
}
