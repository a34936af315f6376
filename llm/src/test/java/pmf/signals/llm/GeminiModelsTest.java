package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import pmf.signals.llm.GeminiModels.ThinkingChoice;

public class GeminiModelsTest {
  private final GeminiModels models = GeminiModels.bundled();

  @Test
  public void theDefaultModelIsCurrentPricedAndThinksByLevel() {
    GeminiModels.Model m = models.find("gemini-3.5-flash-lite").orElseThrow();
    assertThat(m.retired(), is(false));
    assertThat(m.price().input(), equalTo(0.30));
    assertThat(m.price().batchOutput(), equalTo(1.25));
    assertThat(models.thinking("gemini-3.5-flash-lite", "minimal"), equalTo(new ThinkingChoice(null, "MINIMAL")));
    assertThat(models.thinking("gemini-3.5-flash-lite", "High"), equalTo(new ThinkingChoice(null, "HIGH")));
  }

  @Test
  public void minimalOnABudgetModelTurnsThinkingOff_andBudgetsAreCheckedAgainstItsRange() {
    assertThat(models.thinking("gemini-2.5-flash-lite", "minimal"), equalTo(new ThinkingChoice(0, null)));
    assertThat(models.thinking("gemini-2.5-flash-lite", "1024"), equalTo(new ThinkingChoice(1024, null)));
    assertThat(models.thinking("gemini-2.5-flash-lite", "-1"), equalTo(new ThinkingChoice(-1, null)));
    assertThat(assertThrows(IllegalArgumentException.class, () -> models.thinking("gemini-2.5-flash-lite", "100"))
        .getMessage(), containsString("0 (off), 512..24576"));
  }

  @Test
  public void aSettingTheModelCannotTakeIsOneLineNamingWhatItTakes() {
    String budgetOnLevels = assertThrows(IllegalArgumentException.class,
        () -> models.thinking("gemini-3.5-flash-lite", "0")).getMessage();
    assertThat(budgetOnLevels, equalTo("--geminiThinking=0: gemini-3.5-flash-lite sets thinking by level"
        + " (minimal, low, medium, high), not by a budget"));
    String levelOnBudget = assertThrows(IllegalArgumentException.class,
        () -> models.thinking("gemini-2.5-flash-lite", "low")).getMessage();
    assertThat(levelOnBudget, containsString("sets thinking by a token budget"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> models.thinking("gemini-3.5-flash-lite", "lots"))
        .getMessage(), containsString("is not a level"));
  }

  @Test
  public void aModelTheCatalogueDoesNotKnowGetsTheSettingAsGiven_andModelSendsNothing() {
    assertThat(models.thinking("my-tuned-model", "minimal"), equalTo(ThinkingChoice.MODEL_DEFAULT));
    assertThat(models.thinking("my-tuned-model", "medium"), equalTo(new ThinkingChoice(null, "MEDIUM")));
    assertThat(models.thinking("my-tuned-model", "2048"), equalTo(new ThinkingChoice(2048, null)));
    assertThat(models.thinking("gemini-3.5-flash-lite", "model"), equalTo(ThinkingChoice.MODEL_DEFAULT));
  }

  @Test
  public void aRetiredModelNamesItsDateAndTheFirstCurrentReplacementDownTheChain() {
    assertThat(models.retiredLine("gemini-2.5-flash"), equalTo("--geminiModel=gemini-2.5-flash: Google retired this"
        + " model on 2026-12-01; its replacement is gemini-3.5-flash-lite (--geminiModel=gemini-3.5-flash-lite)"
        + " [model catalogue checked " + models.checked() + "]"));
    // gemini-2.0-flash was replaced by gemini-2.5-flash, itself retired since.
    assertThat(models.currentReplacement("gemini-2.0-flash"), equalTo("gemini-3.5-flash-lite"));
    assertThat(models.currentReplacement("gemini-3.5-flash-lite"), is(nullValue()));
  }

  @Test
  public void everyRetiredModelInTheCatalogueLeadsToACurrentOne() {
    for (GeminiModels.Model m : models.all()) {
      if (m.retired()) {
        String use = models.currentReplacement(m.name());
        assertThat(m.name(), models.find(use).map(GeminiModels.Model::retired).orElse(true), is(false));
      }
    }
  }
}
