package pmf.signals.transforms.summary;

import com.google.genai.Client;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels embedded by a Gemini embedding model, in batches of {@value #BATCH}, once per label per worker. One model must
 * embed all of a day's labels (vectors of two models do not compare), so the first failed call sends every label to
 * all-MiniLM-L6-v2 instead, and the method line says why.
 */
final class GeminiEmbedder implements LabelEmbedder {
  private static final Logger LOG = LoggerFactory.getLogger(GeminiEmbedder.class);
  static final int BATCH = 100;
  /**
   * Paraphrase threshold for Gemini's embeddings: higher than MiniLM's, since its vectors of unrelated short phrases
   * already sit around 0.6–0.7. Not calibrated here (no network on the development machines).
   */
  static final double SIMILAR = 0.80;

  /** Within one cause: as far below {@link #SIMILAR} as MiniLM's is below its own; equally uncalibrated. */
  static final double SIMILAR_WITHIN_CAUSE = 0.72;

  private final String model;
  private final String baseUrl;
  private final String apiKeyEnv;
  private final String apiKey;
  private final LabelEmbedder fallback = LabelEmbedder.miniLm();
  private transient Map<String, float[]> vectors;
  private transient String failed;
  private transient int calls;

  GeminiEmbedder(String model, String baseUrl, String apiKeyEnv) {
    this(model, baseUrl, apiKeyEnv, null);
  }

  /** With the key given (tests); otherwise it is read from the worker's environment when first needed. */
  GeminiEmbedder(String model, String baseUrl, String apiKeyEnv, String apiKey) {
    this.model = model;
    this.baseUrl = baseUrl;
    this.apiKeyEnv = apiKeyEnv;
    this.apiKey = apiKey;
  }

  @Override
  public void prepare(List<String> labels) {
    if (vectors == null) {
      vectors = new HashMap<>();
    }
    List<String> missing = labels.stream().filter(l -> !vectors.containsKey(l)).distinct().toList();
    if (failed != null || missing.isEmpty()) {
      return;
    }
    try (Client client = client()) {
      for (int from = 0; from < missing.size(); from += BATCH) {
        List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
        calls++;
        EmbedContentResponse response = client.models.embedContent(model, batch,
            EmbedContentConfig.builder().taskType("SEMANTIC_SIMILARITY").build());
        List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
        if (embeddings.size() != batch.size()) {
          throw new IllegalStateException(embeddings.size() + " embeddings for " + batch.size() + " labels");
        }
        for (int i = 0; i < batch.size(); i++) {
          vectors.put(batch.get(i), floats(embeddings.get(i).values().orElseThrow()));
        }
      }
    } catch (RuntimeException e) {
      failed = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
      LOG.warn("Gemini embeddings failed ({}); the day's labels are embedded by all-MiniLM-L6-v2", failed);
    }
  }

  @Override
  public float[] embed(String label) {
    if (vectors == null || (failed == null && !vectors.containsKey(label))) {
      prepare(List.of(label));
    }
    return failed != null ? fallback.embed(label) : vectors.get(label);
  }

  @Override
  public String name() {
    return failed != null ? fallback.name() + " (Gemini " + model + " embeddings failed: " + failed + ")"
        : String.format(Locale.ROOT, "Gemini %s (%d labels in %d calls)", model,
            vectors == null ? 0 : vectors.size(), calls);
  }

  @Override
  public double similar() {
    return failed != null ? fallback.similar() : SIMILAR;
  }

  @Override
  public double similarWithinCause() {
    return failed != null ? fallback.similarWithinCause() : SIMILAR_WITHIN_CAUSE;
  }

  private Client client() {
    String key = apiKey != null ? apiKey : System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(apiKeyEnv + " is not set on this worker");
    }
    HttpOptions.Builder http = HttpOptions.builder().apiVersion("v1beta").timeout(60_000)
        .retryOptions(HttpRetryOptions.builder().attempts(3).build()); // 429s and 5xx, with the SDK's backoff
    if (baseUrl != null) {
      http.baseUrl(baseUrl);
    }
    return Client.builder().apiKey(key).vertexAI(false).httpOptions(http.build()).build();
  }

  private static float[] floats(List<Float> values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return v;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
