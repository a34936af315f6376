package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.analyze.LlmAnswers;
import pmf.signals.transforms.json.Json;
import pmf.signals.llm.GeminiCaller;
import pmf.signals.llm.GeminiClients;
import pmf.signals.llm.LlmCallException;
import pmf.signals.llm.LlmRun;
import pmf.signals.llm.LlmRuntime;
import pmf.signals.llm.PriceTable;
import pmf.signals.llm.RetryPolicy;

/**
 * Labels embedded by a Gemini embedding model, in batches of {@value #BATCH}, once per label per worker, within the
 * run's quota, budget and retry policy; vectors kept in {@code llm_answers} by earlier runs are reused, not bought
 * again. One model must embed all of a day's labels (vectors of two models do not compare), so the first call that
 * still fails after its retries sends every label to all-MiniLM-L6-v2 instead, and the method line says why.
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
  private final LlmRun run;
  private final LlmAnswers answers;
  private final LabelEmbedder fallback = LabelEmbedder.miniLm();
  private transient Map<String, float[]> vectors;
  private transient String failed;
  private transient int calls;
  private transient int reused;
  private transient long tokensIn;
  private transient double costUsd;

  GeminiEmbedder(String model, String baseUrl, String apiKeyEnv, LlmRun run, LlmAnswers answers) {
    this(model, baseUrl, apiKeyEnv, null, run, answers);
  }

  /**
   * With the key given (tests); otherwise it is read from the worker's environment when first needed. Without a
   * {@code run} (tests) calls are retried thrice and priced from the catalogue, with no budget; without {@code answers}
   * nothing is reused.
   */
  GeminiEmbedder(String model, String baseUrl, String apiKeyEnv, String apiKey, LlmRun run, LlmAnswers answers) {
    this.model = model;
    this.baseUrl = baseUrl;
    this.apiKeyEnv = apiKeyEnv;
    this.apiKey = apiKey;
    this.run = run;
    this.answers = answers;
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
    missing = reuse(missing);
    if (missing.isEmpty()) {
      return;
    }
    LlmRuntime runtime = null;
    try {
      runtime = run == null ? null : run.acquire();
      if (runtime != null && !runtime.budget().tryStart()) {
        throw new IllegalStateException("the run's LLM budget was reached");
      }
      try (Client client = GeminiClients.open(key(), baseUrl, Duration.ofSeconds(60))) {
        for (int from = 0; from < missing.size(); from += BATCH) {
          List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
          List<ContentEmbedding> embeddings = embedBatch(client, batch, runtime);
          if (embeddings.size() != batch.size()) {
            throw new IllegalStateException(embeddings.size() + " embeddings for " + batch.size() + " labels");
          }
          Map<String, JsonNode> kept = new HashMap<>();
          for (int i = 0; i < batch.size(); i++) {
            float[] v = floats(embeddings.get(i).values().orElseThrow());
            vectors.put(batch.get(i), v);
            kept.put(answerKey(batch.get(i)), Json.MAPPER.valueToTree(v));
          }
          if (answers != null) {
            answers.storeAll(kept, "embedding", model); // one batch per call's vectors, not one insert per label
          }
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed = e instanceof LlmCallException f ? f.explained() : e.getClass().getSimpleName() + ": "
          + firstLine(e.getMessage());
      LOG.warn("Gemini embeddings failed ({}); the day's labels are embedded by all-MiniLM-L6-v2", failed);
    } finally {
      release(runtime);
    }
  }

  /** The labels whose vectors {@code answers} does not hold, after taking those it does. */
  private List<String> reuse(List<String> labels) {
    if (answers == null) {
      return labels;
    }
    Map<String, String> keys = new HashMap<>();
    labels.forEach(l -> keys.put(answerKey(l), l));
    Map<String, JsonNode> found = answers.find(keys.keySet());
    found.forEach((key, vector) -> {
      float[] v = new float[vector.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) vector.get(i).asDouble();
      }
      if (v.length > 0) {
        vectors.put(keys.get(key), v);
        reused++;
      }
    });
    return labels.stream().filter(l -> !vectors.containsKey(l)).toList();
  }

  private String answerKey(String label) {
    return LlmAnswers.key("embedding", model, "SEMANTIC_SIMILARITY", label);
  }

  /** One batch, retried as the run's policy says; its estimated input tokens are priced and counted in the budget. */
  private List<ContentEmbedding> embedBatch(Client client, List<String> batch, LlmRuntime runtime)
      throws LlmCallException, InterruptedException {
    RetryPolicy policy = run == null ? RetryPolicy.withMaxAttempts(3) : run.retry();
    PriceTable prices = run == null ? PriceTable.parse(null) : run.prices();
    long tokens = batch.stream().mapToLong(l -> (l.length() + 3) / 4).sum(); // the API does not count them back
    for (int attempt = 1; ; attempt++) {
      LlmCallException failure;
      if (runtime != null) {
        runtime.throttle().acquire(tokens);
      }
      try {
        calls++;
        EmbedContentResponse response = client.models.embedContent(model, batch,
            EmbedContentConfig.builder().taskType("SEMANTIC_SIMILARITY").build());
        double cost = prices.costUsd(model, tokens, 0);
        tokensIn += tokens;
        costUsd += cost;
        if (runtime != null) {
          runtime.budget().record(cost);
        }
        return response.embeddings().orElse(List.of());
      } catch (ApiException e) {
        failure = GeminiCaller.fromHttpError(e.code(), e.status(), e.message());
      } catch (GenAiIOException | UncheckedIOException e) {
        failure = GeminiCaller.fromIo(e);
      } finally {
        if (runtime != null) {
          runtime.throttle().release();
        }
      }
      if (!policy.shouldRetry(attempt, failure)) {
        throw failure;
      }
      Thread.sleep(policy.delayBefore(attempt, failure, "embeddings").toMillis());
    }
  }

  private static void release(LlmRuntime runtime) {
    if (runtime != null) {
      try {
        runtime.release();
      } catch (Exception e) {
        LOG.warn("releasing the LLM runtime failed", e);
      }
    }
  }

  @Override
  public Spend spend() {
    return new Spend(calls, tokensIn, costUsd);
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
        : String.format(Locale.ROOT, "Gemini %s (%d labels: %d embedded in %d call%s, %d kept from earlier runs)",
            model, vectors == null ? 0 : vectors.size(), (vectors == null ? 0 : vectors.size()) - reused, calls,
            calls == 1 ? "" : "s", reused);
  }

  @Override
  public double similar() {
    return failed != null ? fallback.similar() : SIMILAR;
  }

  @Override
  public double similarWithinCause() {
    return failed != null ? fallback.similarWithinCause() : SIMILAR_WITHIN_CAUSE;
  }

  private String key() {
    String key = apiKey != null ? apiKey : System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(apiKeyEnv + " is not set on this worker");
    }
    return key;
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
