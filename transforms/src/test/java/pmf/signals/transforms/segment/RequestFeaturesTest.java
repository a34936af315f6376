package pmf.signals.transforms.segment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNotEquals;
import static pmf.signals.transforms.Fixtures.behaviour;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;

/** The request-term columns of {@link FeatureSpace}: which words become columns, and how users are placed by them. */
public class RequestFeaturesTest {
  private static SegmentInput asking(Map<String, Integer> terms) {
    return new SegmentInput(behaviour("free", 10, Map.of("image_generation", 4), 2), terms);
  }

  /** {@code users} users, {@code i} of whom use {@code word} (once). */
  private static List<SegmentInput> withWordUsedBy(String word, int usedBy, int users) {
    List<SegmentInput> out = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Map<String, Integer> terms = new HashMap<>(Map.of("common" + (i % 2), 1));
      if (i < usedBy) {
        terms.put(word, 1);
      }
      out.add(asking(terms));
    }
    return out;
  }

  @Test
  public void aWordUsedByFewerThanKUsersIsNeverAColumn() {
    // 100 users with text: 1% is 1 user, so k = 5 is the binding bound
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("bakery", 4, 100), 5).terms(), not(hasItem("bakery")));
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("bakery", 5, 100), 5).terms(), hasItem("bakery"));
  }

  @Test
  public void aWordUsedByUnderOnePercentOfUsersWithTextIsNeverAColumn() {
    // 1,000 users with text: at least 10 must use it even though k is 5
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("bakery", 9, 1000), 5).terms(), not(hasItem("bakery")));
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("bakery", 10, 1000), 5).terms(), hasItem("bakery"));
  }

  @Test
  public void aWordUsedByOverHalfTheUsersWithTextIsNeverAColumn() {
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("image", 51, 100), 5).terms(), not(hasItem("image")));
    assertThat(FeatureSpace.fitInputs(withWordUsedBy("image", 50, 100), 5).terms(), hasItem("image"));
  }

  @Test
  public void theVocabularyKeepsTheMostWidelyUsedTermsUpToItsSize() {
    Map<String, Integer> df = new HashMap<>();
    for (int t = 0; t < FeatureSpace.MAX_TERMS + 50; t++) {
      df.put(String.format("w%03d", t), 10 + t);
    }
    List<String> vocabulary = FeatureSpace.vocabulary(df, 1000, 5);
    assertThat(vocabulary.size(), equalTo(FeatureSpace.MAX_TERMS));
    assertThat(vocabulary.get(0), equalTo("w050")); // the 50 least used are out; sorted by name
  }

  @Test
  public void termColumnsAreNamedByTheirWordAndComeOnlyFromRequestTerms() {
    FeatureSpace space = FeatureSpace.fitInputs(withWordUsedBy("logo", 20, 100), 5);
    List<String> termColumns = space.names().stream().filter(n -> FeatureSpace.termOf(n) != null).toList();
    assertThat(termColumns, contains("term:common0", "term:common1", "term:logo"));
    assertThat(space.names().subList(0, space.names().size() - 3), everyItem(not(startsWith("term:"))));
  }

  @Test
  public void theTextBlocksLeadingAxisHasTheWeightedVarianceOfTheBehaviourBlocks() {
    SplittableRandom random = new SplittableRandom(3);
    List<SegmentInput> sample = new ArrayList<>();
    String[] words = {"logo", "caption", "lecture", "podcast", "product", "subtitle"};
    for (int i = 0; i < 400; i++) {
      Map<String, Integer> terms = new HashMap<>();
      for (int w = 0; w < 3; w++) {
        terms.merge(words[random.nextInt(words.length)], 1 + random.nextInt(3), Integer::sum);
      }
      sample.add(new SegmentInput(behaviour(i % 3 == 0 ? "pro" : "free", 5 + random.nextInt(20),
          Map.of("image_generation", 1 + random.nextInt(5), "transcription", random.nextInt(3)), 2),
          i % 4 == 0 ? Map.of() : terms));
    }
    FeatureSpace space = FeatureSpace.fitInputs(sample, 5);
    int behaviour = space.names().size() - space.terms().size();
    List<double[]> points = sample.stream().map(space::standardised).toList();
    double[] zero = new double[space.names().size()];
    double[] one = new double[space.names().size()];
    java.util.Arrays.fill(one, 1.0);
    double behaviourAxis = FeatureSpace.leadingVariance(points, zero, one, 0, behaviour);
    List<double[]> withText = points.stream().filter(FeatureSpace::complete).toList(); // the others have no terms
    double textAxis = FeatureSpace.leadingVariance(withText, zero, one, behaviour, space.names().size());

    assertThat(space.terms().size(), equalTo(words.length));
    double weighted = FeatureSpace.TEXT_WEIGHT * FeatureSpace.TEXT_WEIGHT * behaviourAxis;
    assertThat(textAxis, closeTo(weighted, 1e-6 * weighted));
  }

  @Test
  public void leadingVarianceIsTheLargestEigenvalueOfTheCovariance() {
    // points on the line y = x with spread 2 each way plus a small orthogonal wobble: variance 4 along the line
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double t = i % 2 == 0 ? 2 : -2;
      double w = (i / 2) % 2 == 0 ? 0.1 : -0.1;
      rows.add(new double[] {t / Math.sqrt(2) + w / Math.sqrt(2), t / Math.sqrt(2) - w / Math.sqrt(2)});
    }
    assertThat(FeatureSpace.leadingVariance(rows, new double[2], new double[] {1, 1}, 0, 2),
        closeTo(4.0 * 1000 / 999, 1e-6));
  }

  @Test
  public void aUsersTermVectorHasUnitLengthAndTheSameInputGivesTheSameVector() {
    FeatureSpace space = FeatureSpace.fitInputs(withWordUsedBy("logo", 20, 100), 5);
    SegmentInput u = asking(Map.of("logo", 7, "common0", 1));
    double[] x = space.raw(u);
    double norm = 0;
    for (int j = space.names().size() - space.terms().size(); j < x.length; j++) {
      norm += x[j] * x[j];
    }
    assertThat(norm, closeTo(1.0, 1e-9));
    assertArrayEquals(x, space.raw(asking(Map.of("logo", 7, "common0", 1))), 0.0);
    assertArrayEquals(space.standardised(u), space.standardised(asking(Map.of("logo", 7, "common0", 1))), 0.0);
  }

  private static final String[][] TOPICS = {{"logo", "brand", "font", "palette"}, {"lecture", "flashcard", "exam", "essay"}};

  /** 300 users who behave the same; even ones ask about branding, odd ones about studying. */
  private static List<SegmentInput> twoTopics() {
    SplittableRandom random = new SplittableRandom(11);
    List<SegmentInput> sample = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String[] topic = TOPICS[i % 2];
      Map<String, Integer> terms = new HashMap<>();
      for (int w = 0; w < 4; w++) {
        terms.merge(topic[random.nextInt(topic.length)], 1, Integer::sum);
      }
      terms.merge("please", 1, Integer::sum);
      // the same behaviour whatever they ask for: before request terms, one segment could not tell them apart
      sample.add(new SegmentInput(behaviour("free", 10, Map.of("image_generation", 4), 2), terms));
    }
    return sample;
  }

  @Test
  public void usersWhoBehaveAlikeButAskForDifferentThingsLandInDifferentSegments() {
    List<SegmentInput> sample = twoTopics();
    Segmentation s = SegmentFitter.fitInputs(sample, new SegmentFitter.Settings(2, 6, 2, 42, 5), List.of(), 1);

    Map<Integer, Integer> segmentOfTopic = new HashMap<>();
    for (int i = 0; i < sample.size(); i++) {
      int segment = s.assign(sample.get(i)).segmentId();
      Integer before = segmentOfTopic.putIfAbsent(i % 2, segment);
      assertThat("user " + i, segment, equalTo(before == null ? segment : before));
    }
    assertNotEquals(segmentOfTopic.get(0), segmentOfTopic.get(1));
  }

  @Test
  public void personaTraitsNameAVocabularyWordAndWhichWayNeverAWeight() {
    List<SegmentInput> sample = twoTopics();
    Segmentation s = SegmentFitter.fitInputs(sample, new SegmentFitter.Settings(2, 6, 2, 42, 5), List.of(), 1);
    int branding = s.assign(sample.get(0)).segmentId();
    int studying = s.assign(sample.get(1)).segmentId();

    List<String> traits = Personas.traits(s, branding, studying);
    assertThat(traits.size(), equalTo(2));
    for (String trait : traits) {
      assertThat(trait, org.hamcrest.Matchers.matchesPattern("asks (more|less) about \"[a-z]+\""));
      assertThat(s.space().terms(), hasItem(trait.replaceAll(".*\"([a-z]+)\"", "$1")));
    }
  }

  @Test
  public void aUserWithoutTextHasNoTermValuesAndIsComparedOnTheScaleOfEveryone() {
    List<SegmentInput> sample = new ArrayList<>(withWordUsedBy("logo", 20, 100));
    for (int i = 0; i < 50; i++) { // on another plan, so the behaviour columns vary
      sample.add(new SegmentInput(behaviour("pro", 10, Map.of("image_generation", 4), 2), Map.of()));
    }
    FeatureSpace space = FeatureSpace.fitInputs(sample, 5);
    int behaviour = space.names().size() - space.terms().size();
    double[] silent = space.standardised(asking(Map.of()));
    for (int j = 0; j < silent.length; j++) {
      assertThat(space.names().get(j), Double.isNaN(silent[j]), equalTo(j >= behaviour));
    }
    // the term columns' means are over the 100 users with text: 20 of them use "logo"
    double logo = space.mean()[space.names().indexOf("term:logo")];
    double sum = 0;
    for (SegmentInput u : sample.subList(0, 100)) {
      sum += space.raw(u)[space.names().indexOf("term:logo")];
    }
    assertThat(logo, closeTo(sum / 100, 1e-12));
    // placed by behaviour alone, that distance scaled up by the share of the spread the term columns carry
    double[] centre = new double[silent.length];
    double behaviourOnly = 0;
    for (int j = 0; j < behaviour; j++) {
      behaviourOnly += silent[j] * silent[j];
    }
    assertThat(space.textlessWeight() > 1, equalTo(true));
    assertThat(space.distance(silent, centre), closeTo(Math.sqrt(behaviourOnly * space.textlessWeight()), 1e-12));
    double[] talking = space.standardised(sample.get(0));
    assertThat(space.distance(talking, centre), closeTo(Segmentation.distance(talking, centre), 1e-12));
  }

  @Test
  public void aMissingTermColumnReadsAsAverageWhenAnotherDaysCentreIsStandardised() {
    FeatureSpace today = FeatureSpace.fitInputs(withWordUsedBy("logo", 20, 100), 5);
    Map<String, Double> yesterday = new HashMap<>(today.toRaw(new double[today.names().size()]));
    yesterday.remove("term:logo");
    yesterday.put("term:lecture", 0.9); // a word today's vocabulary does not have
    for (double z : today.fromRaw(yesterday)) {
      assertThat(Math.abs(z), lessThanOrEqualTo(1e-9));
    }
  }
}
