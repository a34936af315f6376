package pmf.signals.transforms.summary;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.Serializable;

/** Sentence embeddings of short labels, for grouping phrases by meaning. */
public interface LabelEmbedder extends Serializable {
  float[] embed(String label);

  String name();

  /** all-MiniLM-L6-v2 (quantized), shipped inside its Maven jar and run by ONNX Runtime: offline, no key needed. */
  static LabelEmbedder miniLm() {
    return new MiniLm();
  }

  final class MiniLm implements LabelEmbedder {
    private transient EmbeddingModel model;

    @Override
    public float[] embed(String label) {
      if (model == null) {
        model = new AllMiniLmL6V2QuantizedEmbeddingModel(); // loads the model once per worker
      }
      return model.embed(label).content().vector();
    }

    @Override
    public String name() {
      return "all-MiniLM-L6-v2 (quantized, offline)";
    }
  }
}
