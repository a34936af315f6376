package pmf.signals.llm;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * US dollars per million input and output tokens, per model: the list prices of {@link GeminiModels#bundled()}
 * (standard tier, prompts up to 200k tokens) that {@code --llmPrices} entries extend or override. Thinking tokens are
 * billed as output; an embedding model's output price is 0.
 */
public final class PriceTable implements Serializable {

  private final TreeMap<String, double[]> perMillion;

  private PriceTable(TreeMap<String, double[]> perMillion) {
    this.perMillion = perMillion;
  }

  /** The bundled table with {@code overrides} ({@code model=in/out,...}; null or blank for none) applied. */
  public static PriceTable parse(String overrides) {
    TreeMap<String, double[]> table = new TreeMap<>();
    for (GeminiModels.Model m : GeminiModels.bundled().all()) {
      if (m.price() != null) {
        table.put(m.name(), new double[] {m.price().input(), m.price().output()});
      }
    }
    if (overrides != null && !overrides.isBlank()) {
      read(overrides, table);
    }
    return new PriceTable(table);
  }

  private static void read(String spec, Map<String, double[]> into) {
    for (String entry : spec.split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      int slash = e.indexOf('/', Math.max(eq, 0));
      try {
        if (eq <= 0 || slash < 0) {
          throw new NumberFormatException();
        }
        double in = Double.parseDouble(e.substring(eq + 1, slash));
        double out = Double.parseDouble(e.substring(slash + 1));
        if (in < 0 || out < 0 || Double.isNaN(in) || Double.isNaN(out)) {
          throw new NumberFormatException();
        }
        into.put(e.substring(0, eq).strip(), new double[] {in, out});
      } catch (NumberFormatException bad) {
        throw new IllegalArgumentException(
            "--llmPrices: '" + e + "' is not MODEL=INPUT_USD/OUTPUT_USD per million tokens, e.g. gemini-3.8-flash=0.75/4.50");
      }
    }
  }

  /** Whether {@code model} has a price, bundled or given. */
  public boolean prices(String model) {
    return perMillion.containsKey(model);
  }

  /** Estimated cost of {@code tokensIn} prompt and {@code tokensOut} answer tokens on {@code model}. */
  public double costUsd(String model, long tokensIn, long tokensOut) {
    double[] price = perMillion.get(model);
    if (price == null) {
      throw new IllegalArgumentException(
          "no price for model " + model + "; add one with --llmPrices=" + model + "=INPUT_USD/OUTPUT_USD");
    }
    return (tokensIn * price[0] + tokensOut * price[1]) / 1_000_000;
  }
}
