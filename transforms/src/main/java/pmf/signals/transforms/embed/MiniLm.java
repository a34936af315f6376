package pmf.signals.transforms.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/** all-MiniLM-L6-v2, loaded once per worker JVM and shared by every DoFn instance that embeds text. */
public final class MiniLm {
  private static EmbeddingModel model;

  private MiniLm() {}

  /**
   * The shared model; loads it on first use. A tokenizer library already held by another class loader (a second job
   * on a Flink TaskManager whose classpath lacks DJL) fails with what to change, not with a linkage trace.
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
}
