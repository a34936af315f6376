package pmf.signals.devtools.gemini;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a {@link FakeGemini} serves, and those it refuses because Google retired them. A name it does not hold
 * is refused as an unknown model. Immutable: {@link #with} and {@link #retire} return a new registry.
 */
public final class FakeModels {

  private static final int GEMINI_INPUT_TOKENS = 1_048_576;
  private static final int GEMINI_OUTPUT_TOKENS = 65_536;

  private final Map<String, FakeModel> byName;

  private FakeModels(Map<String, FakeModel> byName) {
    this.byName = byName;
  }

  /**
   * The Gemini API (v1beta) as checked on 2026-12-07 against Google's deprecations page and model docs: two Gemini 3
   * models (thinking by level), one Gemini 2.5 model (thinking by budget), the embedding model, and the retired ones.
   */
  public static FakeModels asOf20261207() {
    return of(
        FakeModel.withLevels("gemini-3.5-flash-lite", GEMINI_INPUT_TOKENS, GEMINI_OUTPUT_TOKENS),
        FakeModel.withLevels("gemini-3.8-flash", GEMINI_INPUT_TOKENS, GEMINI_OUTPUT_TOKENS),
        FakeModel.withBudget("gemini-2.5-flash-lite", 512, 24_576, true, GEMINI_INPUT_TOKENS, GEMINI_OUTPUT_TOKENS),
        FakeModel.embedding("gemini-embedding-001", 2_048),
        FakeModel.retired("gemini-2.5-flash"), // shut down 2026-12-01
        FakeModel.retired("gemini-2.5-pro"),
        FakeModel.retired("gemini-2.0-flash"), // shut down 2026-06-01
        FakeModel.retired("gemini-2.0-flash-001"),
        FakeModel.retired("gemini-2.0-flash-lite"),
        FakeModel.retired("gemini-2.0-flash-lite-001"),
        FakeModel.retired("gemini-1.5-flash"),
        FakeModel.retired("gemini-1.5-pro"));
  }

  /** Exactly these models (a later one replaces an earlier one of the same name). */
  public static FakeModels of(FakeModel... models) {
    Map<String, FakeModel> byName = new LinkedHashMap<>();
    for (FakeModel m : models) {
      byName.put(m.name(), m);
    }
    return new FakeModels(byName);
  }

  /** The model of that name, retired or not; empty if unknown. */
  public Optional<FakeModel> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every model held, retired ones included, in the order added. */
  public List<FakeModel> all() {
    return List.copyOf(byName.values());
  }

  /** These models plus {@code model}, which replaces any of the same name. */
  public FakeModels with(FakeModel model) {
    Map<String, FakeModel> byName = new LinkedHashMap<>(this.byName);
    byName.put(model.name(), model);
    return new FakeModels(byName);
  }

  /** These models with {@code name} shut down (known or not: either way it answers 404 from now on). */
  public FakeModels retire(String name) {
    return with(get(name).map(FakeModel::asRetired).orElseGet(() -> FakeModel.retired(name)));
  }

  @Override
  public String toString() {
    return "FakeModels" + byName.keySet();
  }
}
