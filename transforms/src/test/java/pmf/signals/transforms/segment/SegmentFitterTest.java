package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertTrue;
import static pmf.signals.transforms.Fixtures.behaviour;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;
import pmf.signals.devtools.eval.AdjustedRandIndex;
import pmf.signals.transforms.model.UserMetrics;

public class SegmentFitterTest {
  /** Four behaviours that differ in what users make and on which plan, with noise in how much. */
  private static final String[] KINDS = {"images", "video", "transcripts", "chat"};

  private static UserMetrics user(String kind, SplittableRandom random) {
    int n = 5 + random.nextInt(4);
    int messages = 10 + random.nextInt(6);
    int days = 3; // discrete columns that vary within a group (days, 0/1 flags) form clumps silhouette rightly splits
    return switch (kind) {
      case "images" -> behaviour("pro", messages, Map.of("image_generation", n), days);
      case "video" -> behaviour("team", messages, Map.of("video_generation", n), days);
      case "transcripts" -> behaviour("free", messages, Map.of("transcription", n), days);
      default -> behaviour("free", 20 + messages, Map.of(), days);
    };
  }

  private static List<String> kinds(int users, SplittableRandom random, List<UserMetrics> into, String... only) {
    List<String> truth = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String kind = only.length > 0 ? only[i % only.length] : KINDS[i % KINDS.length];
      truth.add(kind);
      into.add(user(kind, random));
    }
    return truth;
  }

  @Test
  public void recoversDistinctBehavioursAndChoosesTheirNumberBySilhouette() {
    List<UserMetrics> sample = new ArrayList<>();
    List<String> truth = kinds(800, new SplittableRandom(1), sample);

    Segmentation s = SegmentFitter.fit(sample, new SegmentFitter.Settings(2, 8, 0, 42), List.of(), 1);

    assertThat(s.method(), s.size(), equalTo(4));
    List<Integer> found = sample.stream().map(m -> s.assign(m).segmentId()).toList();
    assertThat(AdjustedRandIndex.of(truth, found), greaterThanOrEqualTo(0.95));
    assertThat(s.method(), containsString("by silhouette"));
  }

  @Test
  public void usersWithoutTextAreNotASegmentOfTheirOwnButJoinTheirBehavioursSegment() {
    // three behaviours, each asking about its own things; every third user wrote nothing (no consent)
    String[][] topics = {{"logo", "brand", "palette"}, {"clip", "reel", "subtitle"}, {"episode", "transcript", "notes"}};
    SplittableRandom random = new SplittableRandom(5);
    List<SegmentInput> sample = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int kind = i % 3;
      Map<String, Integer> terms = new HashMap<>();
      if ((i / 3) % 3 != 0) {
        for (int w = 0; w < 4; w++) {
          terms.merge(topics[kind][random.nextInt(3)], 1, Integer::sum);
        }
        terms.merge(random.nextBoolean() ? "please" : "thanks", 1, Integer::sum);
      }
      sample.add(new SegmentInput(user(KINDS[kind], random), terms));
      truth.add(KINDS[kind]);
    }

    for (int k : new int[] {0, 3}) {
      Segmentation s = SegmentFitter.fitInputs(sample, new SegmentFitter.Settings(2, 6, k, 42, 5), List.of(), 1);
      List<Integer> found = sample.stream().map(u -> s.assign(u).segmentId()).toList();
      assertThat(s.method(), AdjustedRandIndex.of(truth, found), greaterThanOrEqualTo(0.99));
      assertThat(s.method(), containsString("399 users with text (201 without are placed by behaviour)"));
      for (int i = 0; i < sample.size(); i++) { // placed on the same scale as everyone: not outliers for lack of text
        assertThat("user " + i, s.assign(sample.get(i)).outlier(), equalTo(false));
      }
    }
  }

  @Test
  public void fewUsersWithTextStillLetEveryUserShapeTheSegments() {
    List<UserMetrics> metrics = new ArrayList<>();
    List<String> truth = kinds(400, new SplittableRandom(2), metrics);
    List<SegmentInput> sample = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) { // a tenth wrote something
      sample.add(new SegmentInput(metrics.get(i), i % 10 == 0 ? Map.of("word" + (i % 3), 1, "other", 1) : Map.of()));
    }
    Segmentation s = SegmentFitter.fitInputs(sample, new SegmentFitter.Settings(2, 8, 4, 42, 5), List.of(), 1);
    List<Integer> found = sample.stream().map(u -> s.assign(u).segmentId()).toList();

    assertThat(s.method(), containsString("on 400 users"));
    assertThat(s.method(), AdjustedRandIndex.of(truth, found), greaterThanOrEqualTo(0.95));
  }

  private static double spread(double[][] points, double[][] centres) {
    double sum = 0;
    for (double[] x : points) {
      double d = Segmentation.distance(x, centres[SegmentFitter.nearest(x, centres)]);
      sum += d * d;
    }
    return sum;
  }

  @Test
  public void restartsKeepTheSeedWithTheLeastSpreadAndBeatAnUnluckyStart() {
    List<UserMetrics> metrics = new ArrayList<>();
    kinds(40, new SplittableRandom(4), metrics);
    FeatureSpace space = FeatureSpace.fit(metrics); // only its width matters here
    int d = space.names().size();
    // twelve tight blobs of uneven size: a single k-means++ start now and then puts two centres in one blob
    SplittableRandom random = new SplittableRandom(9);
    double[][] blobs = new double[12][d];
    for (double[] b : blobs) {
      for (int j = 0; j < d; j++) {
        b[j] = random.nextDouble(-6, 6);
      }
    }
    List<double[]> points = new ArrayList<>();
    for (int c = 0; c < blobs.length; c++) {
      for (int i = 0; i < 10 + 15 * (c % 3); i++) {
        double[] x = blobs[c].clone();
        for (int j = 0; j < d; j++) {
          x[j] += random.nextGaussian() * 0.5;
        }
        points.add(x);
      }
    }
    double[][] p = points.toArray(double[][]::new);
    int restarts = 8;
    double best = spread(p, SegmentFitter.kMeans(p, space, blobs.length, 42, restarts));
    double worst = 0;
    for (int r = 0; r < restarts; r++) {
      double single = spread(p, SegmentFitter.kMeans(p, space, blobs.length, 42 + r, 1));
      assertThat("seed " + (42 + r), best <= single + 1e-9, equalTo(true));
      worst = Math.max(worst, single);
    }
    assertThat("some single start is unlucky", worst > best * 1.05, equalTo(true));
  }

  @Test
  public void theSameSampleAndSeedGiveTheSameSegments() {
    List<UserMetrics> sample = new ArrayList<>();
    kinds(400, new SplittableRandom(2), sample);
    SegmentFitter.Settings settings = new SegmentFitter.Settings(2, 6, 0, 7);

    Segmentation a = SegmentFitter.fit(sample, settings, List.of(), 1);
    Segmentation b = SegmentFitter.fit(sample, settings, List.of(), 1);

    assertTrue(java.util.Arrays.deepEquals(a.centroids(), b.centroids()));
    assertTrue(java.util.Arrays.equals(a.ids(), b.ids()));
  }

  @Test
  public void aSegmentKeepsItsIdTheNextDayAndANewBehaviourGetsANewOne() {
    List<UserMetrics> today = new ArrayList<>();
    List<String> truthToday = kinds(600, new SplittableRandom(3), today, "images", "video", "transcripts");
    Segmentation first = SegmentFitter.fit(today, new SegmentFitter.Settings(2, 6, 3, 42), List.of(), 1);
    List<PreviousSegment> stored = new ArrayList<>();
    Map<String, Integer> idOfKind = new HashMap<>();
    for (int i = 0; i < today.size(); i++) {
      idOfKind.put(truthToday.get(i), first.assign(today.get(i)).segmentId());
    }
    for (int id : first.ids()) {
      stored.add(new PreviousSegment(id, first.centroidOf(id), 200));
    }

    // Next day: other users of the same three behaviours, and a fourth that is new.
    List<UserMetrics> tomorrow = new ArrayList<>();
    List<String> truthTomorrow = kinds(800, new SplittableRandom(4), tomorrow);
    Segmentation second = SegmentFitter.fit(tomorrow, new SegmentFitter.Settings(2, 6, 4, 42), stored, 4);

    Map<String, Integer> idTomorrow = new HashMap<>();
    for (int i = 0; i < tomorrow.size(); i++) {
      idTomorrow.put(truthTomorrow.get(i), second.assign(tomorrow.get(i)).segmentId());
    }
    for (String kind : List.of("images", "video", "transcripts")) {
      assertThat(kind, idTomorrow.get(kind), equalTo(idOfKind.get(kind)));
    }
    assertThat(idTomorrow.get("chat"), greaterThanOrEqualTo(4));
    assertThat(new HashSet<>(idTomorrow.values()).size(), equalTo(4));
  }

  @Test
  public void aDayTooSmallToSegmentHasNoSegmentsAndSaysWhy() {
    List<UserMetrics> sample = new ArrayList<>();
    kinds(12, new SplittableRandom(5), sample);

    Segmentation s = SegmentFitter.fit(sample, new SegmentFitter.Settings(2, 6, 0, 42), List.of(), 1);

    assertTrue(s.isEmpty());
    assertThat(s.method(), containsString("too few users"));
    assertThat(s.assign(sample.get(0)), equalTo(null));
  }

  @Test
  public void aUserFarFromEveryCentreIsAnOutlier() {
    List<UserMetrics> sample = new ArrayList<>();
    kinds(400, new SplittableRandom(6), sample);
    Segmentation s = SegmentFitter.fit(sample, new SegmentFitter.Settings(2, 6, 4, 42), List.of(), 1);

    UserMetrics extreme = behaviour("team", 4000, Map.of("image_edit", 900, "background_removal", 700), 30);

    assertTrue(s.assign(extreme).outlier());
    long typicalOutliers = sample.stream().filter(m -> s.assign(m).outlier()).count();
    assertThat("few sample users are outliers: " + typicalOutliers, typicalOutliers < sample.size() / 20, equalTo(true));
  }
}
