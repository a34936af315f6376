package pmf.signals.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import org.junit.After;
import org.junit.Test;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;

/** The check before any work, against the fake that answers models.get as Google does. */
public class GeminiPreflightTest {
  private static final String KEY = "preflight-key";
  private final FakeGemini fake = FakeGemini.start(Behaviour.builder().apiKey(KEY).latency(Duration.ZERO).build());
  private final GeminiModels catalogue = GeminiModels.bundled();
  private final PriceTable prices = PriceTable.parse("my-tuned-model=1/2,gemini-2.0-flash-lite=1/1");

  @After
  public void stop() {
    fake.close();
  }

  private GeminiPreflight.Verdict check(String model, String key, int maxOut) {
    return GeminiPreflight.check("--geminiModel", model, catalogue, prices, key, fake.baseUrl(), maxOut);
  }

  @Test
  public void aCurrentModelAndAGoodKeyMayGo_afterOneFreeLookup() {
    GeminiPreflight.Verdict verdict = check("gemini-3.5-flash-lite", KEY, 2048);
    assertThat(verdict.ok(), is(true));
    assertThat(verdict.warning(), is(nullValue()));
    assertThat(fake.modelLookups().size(), equalTo(1));
    assertThat(fake.requests(), empty());
  }

  @Test
  public void aModelTheCatalogueKnowsAsRetiredStopsWithoutAskingGoogle_evenWhenPriced() {
    GeminiPreflight.Verdict verdict = check("gemini-2.0-flash-lite", KEY, 2048);
    assertThat(verdict.problem(), containsString("Google retired this model on 2026-06-01; its replacement is"
        + " gemini-2.5-flash-lite"));
    assertThat(fake.modelLookups(), empty());
  }

  @Test
  public void aModelGoogleDoesNotServeStopsWithGooglesWords() {
    GeminiPreflight.Verdict verdict = check("my-tuned-model", KEY, 2048);
    assertThat(verdict.problem(), containsString("--geminiModel=my-tuned-model: Google does not serve this model"
        + " (Google: models/my-tuned-model is not found for API version v1beta"));
  }

  @Test
  public void anUnpricedModelStopsAndSaysHowToPriceIt() {
    GeminiPreflight.Verdict verdict = check("gemini-3.8-flash", KEY, 2048);
    assertThat(verdict.problem(), containsString("--llmPrices=gemini-3.8-flash=INPUT_USD/OUTPUT_USD"));
    assertThat(fake.modelLookups(), empty());
  }

  @Test
  public void aRefusedKeyStopsTheRun_andTheKeyIsNeverInTheLine() {
    GeminiPreflight.Verdict verdict = check("gemini-3.5-flash-lite", "wrong-key-123", 2048);
    assertThat(verdict.problem(), containsString("Google refused the key in GEMINI_API_KEY"));
    assertThat(verdict.problem().contains("wrong-key-123"), is(false));
  }

  @Test
  public void anAnswerBudgetBeyondTheModelsLimitStops() {
    GeminiPreflight.Verdict verdict = check("gemini-3.5-flash-lite", KEY, 100_000);
    assertThat(verdict.problem(), equalTo("--maxOutputTokens=100000 is more than gemini-3.5-flash-lite can answer"
        + " (65536 tokens)"));
  }
}
