package pmf.signals.devtools.gemini;

import java.util.List;
import java.util.Objects;

/**
 * A model as {@link FakeGemini} knows it: what it serves, how its thinking is set, its token limits, or that Google
 * retired it (then only its name matters: every call on it is a 404). Immutable; {@link FakeModels} holds them.
 *
 * @param name the name in the path, e.g. {@code gemini-3.5-flash-lite} (no {@code models/} prefix)
 * @param kind generation ({@code generateContent}) or embedding ({@code embedContent}, {@code batchEmbedContents})
 * @param thinking how {@code generationConfig.thinkingConfig} is set; null for embedding and retired models
 * @param inputTokenLimit the most prompt tokens (on the fake's estimate) a request may hold
 * @param outputTokenLimit the highest {@code maxOutputTokens} accepted
 * @param retired whether Google shut it down
 */
public record FakeModel(
    String name, Kind kind, Thinking thinking, int inputTokenLimit, int outputTokenLimit, boolean retired) {

  /** The Gemini 3 thinking levels, lowest first. */
  public static final List<String> ALL_LEVELS = List.of("MINIMAL", "LOW", "MEDIUM", "HIGH");

  /** What a model serves. */
  public enum Kind {
    GENERATION,
    EMBEDDING
  }

  /** How a generation model's thinking is set. */
  public sealed interface Thinking permits Levels, Budget {}

  /**
   * Gemini 3: {@code thinkingLevel} is one of {@code levels}. {@code thinkingBudget} is still accepted for backwards
   * compatibility, except 0: these models only think.
   */
  public record Levels(List<String> levels) implements Thinking {
    public Levels {
      levels = List.copyOf(levels);
      if (levels.isEmpty() || !ALL_LEVELS.containsAll(levels)) {
        throw new IllegalArgumentException("levels must be some of " + ALL_LEVELS + ": " + levels);
      }
    }
  }

  /**
   * Gemini 2.5: {@code thinkingBudget} is -1 (dynamic), 0 (off, only if {@code canTurnOff}) or {@code min..max};
   * {@code thinkingLevel} is refused.
   */
  public record Budget(int min, int max, boolean canTurnOff) implements Thinking {
    public Budget {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("budget range must be 1 <= min <= max: " + min + ".." + max);
      }
    }
  }

  public FakeModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isEmpty() || name.contains("/") || name.contains(":")) {
      throw new IllegalArgumentException("a model name has no '/' or ':' (no models/ prefix): " + name);
    }
    // A live generation model must say how it thinks; an embedding model has nothing to set.
    if (!retired && (kind == Kind.GENERATION) != (thinking != null)) {
      throw new IllegalArgumentException(name + ": a generation model needs a thinking style, an embedding model none");
    }
  }

  /** A Gemini 3 style model: {@code thinkingLevel} any of {@link #ALL_LEVELS} (default MINIMAL). */
  public static FakeModel withLevels(String name, int inputTokenLimit, int outputTokenLimit) {
    return new FakeModel(name, Kind.GENERATION, new Levels(ALL_LEVELS), inputTokenLimit, outputTokenLimit, false);
  }

  /** A Gemini 2.5 style model: {@code thinkingBudget} -1, 0 (if {@code canTurnOff}) or {@code min..max}. */
  public static FakeModel withBudget(
      String name, int min, int max, boolean canTurnOff, int inputTokenLimit, int outputTokenLimit) {
    return new FakeModel(
        name, Kind.GENERATION, new Budget(min, max, canTurnOff), inputTokenLimit, outputTokenLimit, false);
  }

  /** An embedding model (its output limit is 1, as the real models report). */
  public static FakeModel embedding(String name, int inputTokenLimit) {
    return new FakeModel(name, Kind.EMBEDDING, null, inputTokenLimit, 1, false);
  }

  /** A model Google shut down: every call on it is a 404. */
  public static FakeModel retired(String name) {
    return new FakeModel(name, Kind.GENERATION, null, 0, 0, true);
  }

  /** This model after Google shut it down. */
  public FakeModel asRetired() {
    return new FakeModel(name, kind, thinking, inputTokenLimit, outputTokenLimit, true);
  }

  /** Whether it is the live model of {@code kind}: not retired. */
  public boolean serves(Kind kind) {
    return !retired && this.kind == kind;
  }
}
