package pmf.signals.transforms.summary;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.analyze.LlmAnswers;
import pmf.signals.llm.LlmRun;

/** Sentence embeddings of short labels, for grouping phrases by meaning. */
public interface LabelEmbedder extends Serializable {
  float[] embed(String label);

  /** What produced the vectors, for the summary's method line. */
  String name();

  /** Cosine similarity of this model's vectors above which two short phrases say the same thing. */
  default double similar() {
    return MiniLm.SIMILAR;
  }

  /**
   * The looser cosine for two labels their analyses gave the same cause: paraphrases of one problem ("ran out of
   * credits mid-task", "free credits do not last long") sit lower than alike-worded different ones.
   */
  default double similarWithinCause() {
    return MiniLm.SIMILAR_WITHIN_CAUSE;
  }

  /** Embeds {@code labels} ahead of {@link #embed} when that is cheaper in bulk (a remote model); else nothing. */
  default void prepare(List<String> labels) {}

  /** What a paid embedder spent on this worker: calls, estimated input tokens and dollars; null when it is free. */
  default Spend spend() {
    return null;
  }

  /** Calls, estimated input tokens and estimated US dollars spent on embeddings. */
  record Spend(int calls, long tokensIn, double costUsd) implements Serializable {}

  /**
   * Gemini's embeddings ({@code model}, the key from the worker's {@code apiKeyEnv}) within {@code run}'s quota,
   * budget and retries, reusing the vectors in {@code answers}; where a call still fails, the day's labels are
   * embedded by all-MiniLM-L6-v2 instead, and {@link #name()} says so.
   */
  static LabelEmbedder gemini(String model, String baseUrl, String apiKeyEnv, LlmRun run, LlmAnswers answers) {
    return new GeminiEmbedder(model, baseUrl, apiKeyEnv, run, answers);
  }

  /**
   * all-MiniLM-L6-v2 (quantized), shipped inside its Maven jar and run by ONNX Runtime: offline, no key needed. Where
   * its native libraries cannot load — a Flink TaskManager that already loaded them for an earlier job's class loader —
   * it falls back to word overlap and says so in {@link #name()}, so the summary is made either way.
   */
  static LabelEmbedder miniLm() {
    return new MiniLm();
  }

  final class MiniLm implements LabelEmbedder {
    /** Where all-MiniLM-L6-v2's short paraphrases sit (checked on the labels our analyzers give). */
    static final double SIMILAR = 0.72;
    /** Where paraphrases of one problem sit (0.38-0.93 on the fake model's phrasings; 0.46 between two problems). */
    static final double SIMILAR_WITHIN_CAUSE = 0.50;
    private static final Logger LOG = LoggerFactory.getLogger(MiniLm.class);
    private transient EmbeddingModel model;
    private transient String unavailable;

    @Override
    public float[] embed(String label) {
      if (model == null && unavailable == null) {
        try {
          model = pmf.signals.transforms.embed.MiniLm.model();
        } catch (LinkageError | RuntimeException e) {
          unavailable = e.getClass().getSimpleName();
          LOG.warn("all-MiniLM-L6-v2 cannot load here ({}); themes fall back to word overlap", unavailable, e);
        }
      }
      // the worker's shared model and the vectors it already made (a label recurs across days and themes)
      return unavailable != null ? words(label) : pmf.signals.transforms.embed.MiniLm.embed(label);
    }

    @Override
    public String name() {
      return unavailable != null ? "word overlap (all-MiniLM-L6-v2 could not load on this worker: " + unavailable + ")"
          : "all-MiniLM-L6-v2 (quantized, offline)";
    }

    /** Words of three letters or more, hashed into 512 counts: labels that share words point the same way. */
    static float[] words(String label) {
      float[] v = new float[512];
      for (String word : label.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.length() >= 3) {
          v[Math.floorMod(word.hashCode(), v.length)] += 1;
        }
      }
      return v;
    }
  }
}
