package pmf.signals.devtools.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/** The model registry and how {@link Behaviour} carries it. */
public class FakeModelsTest {

  @Test
  public void theDefaultRegistryServesTheLiveModelsAndHoldsTheRetiredOnes() {
    FakeModels models = Behaviour.defaults().models();
    assertThat(models.get("gemini-3.5-flash-lite").orElseThrow().serves(FakeModel.Kind.GENERATION), is(true));
    assertThat(
        models.get("gemini-2.5-flash-lite").orElseThrow().thinking(), equalTo(new FakeModel.Budget(512, 24_576, true)));
    assertThat(models.get("gemini-embedding-001").orElseThrow().serves(FakeModel.Kind.EMBEDDING), is(true));
    assertThat(models.get("gemini-2.5-flash").orElseThrow().retired(), is(true));
    assertThat(models.get("gemini-9-ultra").isPresent(), is(false));
  }

  @Test
  public void retiringGivesANewRegistryAndLeavesTheOldOneAsItWas() {
    FakeModels before = FakeModels.asOf20261207();
    FakeModels after = before.retire("gemini-3.5-flash-lite").retire("never-heard-of-it");
    assertThat(after.get("gemini-3.5-flash-lite").orElseThrow().retired(), is(true));
    assertThat(after.get("gemini-3.5-flash-lite").orElseThrow().outputTokenLimit(), equalTo(65_536));
    assertThat(after.get("never-heard-of-it").orElseThrow().retired(), is(true));
    assertThat(before.get("gemini-3.5-flash-lite").orElseThrow().retired(), is(false));
    assertThat(before.get("never-heard-of-it").isPresent(), is(false));
  }

  @Test
  public void toBuilderKeepsTheModelsAndABuilderChangeStaysInTheNewBehaviour() {
    Behaviour original = Behaviour.builder().addModel(FakeModel.withLevels("my-tuned-model", 100, 10)).build();
    Behaviour changed = original.toBuilder().retire("my-tuned-model").build();
    assertThat(original.toBuilder().build().models().get("my-tuned-model").orElseThrow().retired(), is(false));
    assertThat(changed.models().get("my-tuned-model").orElseThrow().retired(), is(true));
  }

  @Test
  public void aLiveGenerationModelMustSayHowItThinks() {
    assertThrows(IllegalArgumentException.class,
        () -> new FakeModel("no-style", FakeModel.Kind.GENERATION, null, 10, 10, false));
    assertThrows(IllegalArgumentException.class, () -> FakeModel.withLevels("models/x", 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new FakeModel.Levels(List.of("EXTREME")));
  }
}
