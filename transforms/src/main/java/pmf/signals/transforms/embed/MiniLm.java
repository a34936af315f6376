package pmf.signals.transforms.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** all-MiniLM-L6-v2, loaded once per worker JVM and shared by every DoFn instance that embeds text. */
public final class MiniLm {
  /** Texts whose vectors a worker keeps: about 15 MB; the most recently used stay. */
  static final int REMEMBERED = 10_000;

  private static EmbeddingModel model;

  /**
   * Vectors of texts this worker embedded before. Users write the same short lines ("make another one", "thanks!"),
   * labels name the same terms, and a text's vector never changes, so a repeated text costs a lookup, not a model run.
   */
  private static final Map<String, float[]> SEEN = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > REMEMBERED;
    }
  };

  private MiniLm() {}

  /**
   * The shared model; loads it on first use. A tokenizer library already held by another class loader (a second job
   * on a Flink TaskManager whose classpath lacks DJL) fails with what to change, in the worker's log.
   */
  public static synchronized EmbeddingModel model() {
    if (model == null) {
      try {
        model = new AllMiniLmL6V2QuantizedEmbeddingModel();
      } catch (UnsatisfiedLinkError e) {
        if (String.valueOf(e.getMessage()).contains("another classloader")) {
          throw new IllegalStateException("the embedding model's tokenizer library is already loaded by another job's"
              + " class loader on this worker; put DJL's tokenizers jar on the cluster's classpath and set"
              + " classloader.parent-first-patterns.additional: [ai.djl.] (README, Runners)", e);
        }
        throw e;
      }
    }
    return model;
  }

  /** The vectors of {@code texts}, in order; texts not seen before on this worker are embedded in one call. */
  public static List<float[]> embedAll(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    synchronized (SEEN) {
      for (int i = 0; i < texts.size(); i++) {
        out[i] = SEEN.get(texts.get(i));
        if (out[i] == null) {
          missing.add(i);
        }
      }
    }
    if (!missing.isEmpty()) {
      var vectors = model().embedAll(missing.stream().map(i -> TextSegment.from(texts.get(i))).toList()).content();
      synchronized (SEEN) {
        for (int m = 0; m < missing.size(); m++) {
          out[missing.get(m)] = vectors.get(m).vector();
          SEEN.put(texts.get(missing.get(m)), out[missing.get(m)]);
        }
      }
    }
    return java.util.Arrays.asList(out);
  }

  /** One text's vector ({@link #embedAll}); callers copy before changing it. */
  public static float[] embed(String text) {
    return embedAll(List.of(text)).get(0);
  }
}
