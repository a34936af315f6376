package pmf.signals.llm;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Model;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import pmf.signals.privacy.Sha256;

/**
 * The check before any work on the Gemini path: the model is one Google still serves (the catalogue first, then one
 * {@code models.get}, which is free), the key is accepted, the model has a price, and the answer budget fits the
 * model. A problem is one line naming the fix, so the run can stop with exit 2 before it reads a row or pays a call.
 */
public final class GeminiPreflight {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Lookups that passed in this JVM (model, endpoint, key digest): a backfill asks once, not once per date. */
  private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

  /** The outcome: {@code problem} (one line) when the run must not start, {@code warning} when it may but should say so. */
  public record Verdict(String problem, String warning) {
    static Verdict go() {
      return new Verdict(null, null);
    }

    public boolean ok() {
      return problem == null;
    }
  }

  private GeminiPreflight() {}

  /**
   * Checks {@code model} for {@code option} (the option's name, e.g. {@code --geminiModel}) against the catalogue and
   * then the service at {@code baseUrl} (null: Google's) with {@code apiKey}; {@code maxOutputTokens} 0 skips the
   * output-limit check (embedding models).
   */
  public static Verdict check(String option, String model, GeminiModels catalogue, PriceTable prices, String apiKey,
      String baseUrl, int maxOutputTokens) {
    Verdict offline = checkCatalogue(option, model, catalogue, prices);
    if (!offline.ok()) {
      return offline;
    }
    String passed = model + "|" + baseUrl + "|" + maxOutputTokens + "|" + HexFormat.of().formatHex(
        Sha256.create().digest(String.valueOf(apiKey).getBytes(StandardCharsets.UTF_8)));
    if (PASSED.contains(passed)) {
      return Verdict.go();
    }
    Model served;
    try (Client client = GeminiClients.open(apiKey, baseUrl, TIMEOUT)) {
      served = client.models.get(model, null);
    } catch (ApiException e) {
      return refused(option, model, catalogue, e.code(), GeminiCaller.serviceWords(e.message()));
    } catch (GenAiIOException | UncheckedIOException e) {
      // Unreachable now may be reachable in a minute: the run's own retries deal with it; the operator is told.
      return new Verdict(null, "could not check " + option + "=" + model + " with Google before the run ("
          + e.getClass().getSimpleName() + "); going ahead");
    }
    Integer limit = served.outputTokenLimit().orElse(null);
    if (maxOutputTokens > 0 && limit != null && maxOutputTokens > limit) {
      return new Verdict("--maxOutputTokens=" + maxOutputTokens + " is more than " + model + " can answer ("
          + limit + " tokens)", null);
    }
    PASSED.add(passed);
    return Verdict.go();
  }

  /** Pure: what the catalogue and the price table alone say of {@code model}. */
  public static Verdict checkCatalogue(String option, String model, GeminiModels catalogue, PriceTable prices) {
    if (catalogue.find(model).map(GeminiModels.Model::retired).orElse(false)) {
      return new Verdict(catalogue.retiredLine(model).replace("--geminiModel=", option + "="), null);
    }
    if (!prices.prices(model)) {
      return new Verdict(option + "=" + model + " has no price in the model catalogue (checked " + catalogue.checked()
          + "); give it one with --llmPrices=" + model + "=INPUT_USD/OUTPUT_USD per million tokens", null);
    }
    return Verdict.go();
  }

  /** Pure: the line for a refused {@code models.get}. */
  static Verdict refused(String option, String model, GeminiModels catalogue, int code, String words) {
    String said = words == null ? "" : " (Google: " + words + ")";
    if (code == 404) {
      String use = catalogue.currentReplacement(model);
      return new Verdict(option + "=" + model + ": Google does not serve this model" + said
          + (use == null ? "" : "; its replacement is " + use), null);
    }
    if (code == 400 || code == 401 || code == 403) {
      return new Verdict("Google refused the key in " + GeminiCaller.DEFAULT_API_KEY_ENV + " for " + model
          + " (HTTP " + code + ")" + said, null);
    }
    return new Verdict(null, "could not check " + option + "=" + model + " with Google before the run (HTTP " + code
        + ")" + said + "; going ahead");
  }
}
