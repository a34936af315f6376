package pmf.signals.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.BlockedReason;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.privacy.PiiScrubber;
import pmf.signals.privacy.Placeholders;

/**
 * An {@link LlmCaller} on Google's Gemini API through the google-genai SDK's synchronous client, asking for JSON that
 * follows a response schema. One attempt per {@link #call}: the SDK's own retry is switched off so that the stage
 * above owns the retry policy, and every failure is classified into an {@link LlmCallException.Kind}.
 *
 * <pre>{@code
 * LlmCaller gemini = GeminiCaller.builder("gemini-3.5-flash-lite")
 *     .responseSchema(schemaJson)     // Gemini's schema dialect: {"type":"OBJECT","properties":{...}}
 *     .thinking(GeminiModels.bundled().thinking("gemini-3.5-flash-lite", "minimal"))
 *     .timeout(Duration.ofSeconds(60))
 *     .build();                       // key read from GEMINI_API_KEY in setup()
 * }</pre>
 *
 * <p>Thread-safe after {@link #setup()}: one SDK {@link Client} is shared by all threads. The synchronous path runs on
 * OkHttp's {@code Call.execute()}, which the dispatcher's per-host limit (5, for async calls only) does not throttle;
 * OkHttp's default pool keeps only 5 idle connections, so beyond 5 concurrent callers some connections are closed
 * after use and reopened.
 *
 * <p>The API key is configuration (serialized with this caller when set by {@link Builder#apiKey}) but never appears in
 * {@link #toString()}, in exception reasons or messages, or in logs.
 */
public final class GeminiCaller implements LlmCaller {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(GeminiCaller.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Environment variable read for the key when none is given. */
  public static final String DEFAULT_API_KEY_ENV = "GEMINI_API_KEY";

  // The 2.0.0 SDK appends each error detail's JSON to its message, so RetryInfo usually survives there.
  private static final Pattern RETRY_INFO_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");
  // The service's own words, e.g. "Please retry in 19.42s." or "Please retry in 563.9ms."
  private static final Pattern RETRY_IN_MESSAGE =
      Pattern.compile("[Rr]etry in (\\d+(?:\\.\\d+)?)(ms|s)\\b");

  private final String model;
  private final String baseUrl;
  private final String apiKeyEnv;
  private final String apiKey;
  private final String responseSchema;
  private final float temperature;
  private final int seed;
  private final GeminiModels.ThinkingChoice thinking;
  private final Duration timeout;

  private transient volatile Client client;
  private transient volatile Schema schema;

  private GeminiCaller(Builder b, String responseSchema) {
    this.model = b.model;
    this.baseUrl = b.baseUrl;
    this.apiKeyEnv = b.apiKeyEnv;
    this.apiKey = b.apiKey;
    this.responseSchema = responseSchema;
    this.temperature = b.temperature;
    this.seed = b.seed;
    this.thinking = b.thinking;
    this.timeout = b.timeout;
  }

  /** A builder for calls to {@code model}, e.g. {@code gemini-3.5-flash-lite}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  @Override
  public String model() {
    return model;
  }

  /** The endpoint, or null for Google's default. */
  public String baseUrl() {
    return baseUrl;
  }

  public String apiKeyEnv() {
    return apiKeyEnv;
  }

  /** The response schema as JSON (type names upper-cased), or null when only JSON output is asked for. */
  public String responseSchema() {
    return responseSchema;
  }

  public float temperature() {
    return temperature;
  }

  public int seed() {
    return seed;
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void setup() {
    String key = apiKey != null ? apiKey : System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(apiKeyEnv + " is not set");
    }
    schema = responseSchema == null ? null : Schema.fromJson(responseSchema);
    client = GeminiClients.open(key, baseUrl, timeout);
    LOG.debug("Gemini client ready: model {}, endpoint {}, timeout {}", model,
        baseUrl == null ? "default" : baseUrl, timeout);
  }

  @Override
  public void teardown() {
    Client c = client;
    client = null;
    if (c != null) {
      c.close();
    }
  }

  /**
   * One generateContent call. HTTP errors, IO failures and unusable answers become {@link LlmCallException}s; other
   * runtime exceptions (a misconfiguration, e.g. a malformed base URL) propagate.
   */
  @Override
  public LlmReply call(LlmRequest request) throws LlmCallException {
    Client c = client;
    if (c == null) {
      throw new IllegalStateException("setup() was not called");
    }
    GenerateContentResponse response;
    try {
      response = c.models.generateContent(model, userContent(request.userTurn()), config(request));
    } catch (ApiException e) {
      throw fromHttpError(e.code(), e.status(), e.message());
    } catch (GenAiIOException | UncheckedIOException e) {
      throw fromIo(e);
    }
    return interpret(response);
  }

  private GenerateContentConfig config(LlmRequest request) {
    GenerateContentConfig.Builder config =
        GenerateContentConfig.builder()
            .systemInstruction(Content.fromParts(Part.fromText(request.systemInstruction())))
            .responseMimeType("application/json")
            .temperature(temperature)
            .seed(seed)
            .maxOutputTokens(request.maxOutputTokens());
    if (schema != null) {
      config.responseSchema(schema);
    }
    if (thinking.budget() != null) {
      config.thinkingConfig(ThinkingConfig.builder().thinkingBudget(thinking.budget()).build());
    } else if (thinking.level() != null) {
      config.thinkingConfig(ThinkingConfig.builder().thinkingLevel(thinking.level()).build());
    }
    return config.build();
  }

  private static Content userContent(String text) {
    return Content.builder().role("user").parts(Part.fromText(text)).build();
  }

  /** Turns an HTTP 200 into a reply, or into BAD_ANSWER when the model gave nothing usable. */
  static LlmReply interpret(GenerateContentResponse response) throws LlmCallException {
    int[] tokens = tokens(response.usageMetadata());
    List<Candidate> candidates = response.candidates().orElse(List.of());
    if (candidates.isEmpty()) {
      String blocked =
          response.promptFeedback()
              .flatMap(f -> f.blockReason())
              .map(BlockedReason::toString)
              .map(r -> "blocked_prompt_" + slug(r))
              .orElse("no_candidates");
      throw badAnswer(blocked, tokens);
    }
    // Read parts directly: response.text() throws IllegalArgumentException on SAFETY and friends.
    Candidate first = candidates.get(0);
    String finish = first.finishReason().map(FinishReason::toString).orElse(null);
    if (finish != null && !"STOP".equals(finish)) {
      throw badAnswer("finish_" + slug(finish), tokens);
    }
    String text = answerText(first);
    if (text.isBlank()) {
      throw badAnswer("empty_answer", tokens);
    }
    return new LlmReply(text, finish == null ? "STOP" : finish, tokens[0], tokens[1]);
  }

  private static String answerText(Candidate candidate) {
    StringBuilder text = new StringBuilder();
    for (Part part : candidate.content().flatMap(Content::parts).orElse(List.of())) {
      // Thinking models may send their thoughts as parts; only the answer is wanted.
      if (!part.thought().orElse(false)) {
        part.text().ifPresent(text::append);
      }
    }
    return text.toString();
  }

  /** {tokensIn, tokensOut}; thinking tokens are billed as output, so they count as output here. */
  private static int[] tokens(Optional<GenerateContentResponseUsageMetadata> usage) {
    if (usage.isEmpty()) {
      return new int[] {0, 0};
    }
    GenerateContentResponseUsageMetadata u = usage.get();
    int in = u.promptTokenCount().orElse(0);
    int out = u.candidatesTokenCount().orElse(0) + u.thoughtsTokenCount().orElse(0);
    return new int[] {in, out};
  }

  private static LlmCallException badAnswer(String reason, int[] tokens) {
    return new LlmCallException(LlmCallException.Kind.BAD_ANSWER, reason, null, tokens[0], tokens[1]);
  }

  /**
   * Classifies an HTTP error. A refusal (4xx but 429) keeps the service's own words, cleaned by {@link #serviceWords}:
   * "models/x is not found" or "Budget 0 is invalid" is what an operator needs to act on.
   */
  public static LlmCallException fromHttpError(int code, String status, String message) {
    String reason = "http_" + code + (status == null || status.isBlank() ? "" : "_" + slug(status));
    if (code == 429) {
      return new LlmCallException(LlmCallException.Kind.QUOTA, reason, parseRetryDelay(message), 0, 0);
    }
    if (code == 408 || code >= 500) {
      return new LlmCallException(LlmCallException.Kind.TRANSIENT, reason);
    }
    return new LlmCallException(LlmCallException.Kind.PERMANENT, reason, serviceWords(message));
  }

  private static final PiiScrubber SCRUBBER = PiiScrubber.standard();
  private static final Pattern QUOTED_PHRASE = Pattern.compile("\"[^\"]*\\s[^\"]*\"|'[^']*\\s[^']*'");

  /**
   * The first line of a service message, safe to store and print: the details the SDK appends are cut, quoted phrases
   * (which could be request text) are elided, personal data is scrubbed, and it is at most 200 characters.
   */
  static String serviceWords(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String line = message.strip();
    int cut = line.length();
    for (String end : new String[] {"\n", " {", " [{"}) {
      int at = line.indexOf(end);
      if (at > 0) {
        cut = Math.min(cut, at);
      }
    }
    line = QUOTED_PHRASE.matcher(line.substring(0, cut)).replaceAll("\"…\"");
    line = SCRUBBER.scrubText(line, Placeholders.forUser()).strip();
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  /** Classifies an IO failure (timeout, broken connection, unparseable body): transient. */
  public static LlmCallException fromIo(RuntimeException e) {
    String reason = "io_error";
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException) {
        reason = "malformed_response";
        break;
      }
      // OkHttp's call timeout and socket timeouts are both InterruptedIOExceptions.
      if (t instanceof InterruptedIOException) {
        reason = "timeout";
        break;
      }
      if (t instanceof IOException) {
        break;
      }
    }
    LlmCallException out = new LlmCallException(LlmCallException.Kind.TRANSIENT, reason);
    // IO causes name host and port at most (the key travels in a header), so they are kept for debugging.
    out.initCause(e);
    return out;
  }

  /**
   * The retry delay a 429 names: the {@code google.rpc.RetryInfo} {@code retryDelay} when present in {@code text},
   * else the service's "Please retry in 19.42s." sentence, else null.
   */
  static Duration parseRetryDelay(String text) {
    if (text == null) {
      return null;
    }
    Matcher info = RETRY_INFO_DELAY.matcher(text);
    if (info.find()) {
      return seconds(info.group(1));
    }
    Matcher sentence = RETRY_IN_MESSAGE.matcher(text);
    if (sentence.find()) {
      Duration d = seconds(sentence.group(1));
      return "ms".equals(sentence.group(2)) ? Duration.ofNanos(d.toNanos() / 1000) : d;
    }
    return null;
  }

  private static Duration seconds(String decimal) {
    BigDecimal nanos = new BigDecimal(decimal).movePointRight(9);
    return Duration.ofNanos(nanos.longValue());
  }

  /** Lower-case letters, digits and underscores only, so a reason stays a short stable token. */
  private static String slug(String s) {
    String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    return slug.length() > 40 ? slug.substring(0, 40) : slug;
  }

  /**
   * The schema with every {@code "type": "object"}-style value upper-cased. The 2.0.0 SDK sends a type as it was
   * written, while the v1beta API names its types in upper case (OBJECT, STRING, ...).
   */
  static String upperCaseTypes(String schemaJson) throws IOException {
    JsonNode root = JSON.readTree(schemaJson);
    upperCaseTypes(root);
    return JSON.writeValueAsString(root);
  }

  private static void upperCaseTypes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode type = object.get("type");
      if (type != null && type.isTextual()) {
        object.put("type", type.asText().toUpperCase(Locale.ROOT));
      }
    }
    // A property named "type" holds a schema object, not text, so it is left alone and descended into.
    node.forEach(GeminiCaller::upperCaseTypes);
  }

  @Override
  public String toString() {
    return "GeminiCaller{model=" + model + ", baseUrl=" + (baseUrl == null ? "default" : baseUrl)
        + ", apiKey=" + (apiKey != null ? "<given>" : "$" + apiKeyEnv) + ", temperature=" + temperature
        + ", seed=" + seed + ", thinking=" + thinking + ", timeout=" + timeout
        + ", responseSchema=" + (responseSchema != null) + "}";
  }

  /**
   * Builder for {@link GeminiCaller}; defaults: key from {@code GEMINI_API_KEY}, temperature 0.1, seed 42, the model's
   * own thinking default, 60 s.
   */
  public static final class Builder {
    private final String model;
    private String baseUrl;
    private String apiKeyEnv = DEFAULT_API_KEY_ENV;
    private String apiKey;
    private String responseSchema;
    private float temperature = 0.1f;
    private int seed = 42;
    private GeminiModels.ThinkingChoice thinking = GeminiModels.ThinkingChoice.MODEL_DEFAULT;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder(String model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** E.g. {@code http://127.0.0.1:8089} for a local fake; null (default) for Google's endpoint. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The environment variable holding the key, read in {@link GeminiCaller#setup()}. */
    public Builder apiKeyEnv(String apiKeyEnv) {
      this.apiKeyEnv = Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
      return this;
    }

    /** The key itself, for tests and local runs; it is serialized with the caller, so prefer the environment. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Gemini's schema dialect as JSON ({@code type} OBJECT/ARRAY/STRING/..., {@code properties}, {@code required}). */
    public Builder responseSchema(String responseSchemaJson) {
      this.responseSchema = responseSchemaJson;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = (float) temperature;
      return this;
    }

    public Builder seed(int seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How much the model may think before it answers (billed as output): a level or a budget, as the model takes it
     * ({@link GeminiModels#thinking} checks the pair); {@link GeminiModels.ThinkingChoice#MODEL_DEFAULT} sends nothing.
     */
    public Builder thinking(GeminiModels.ThinkingChoice thinking) {
      this.thinking = Objects.requireNonNull(thinking, "thinking");
      return this;
    }

    /** Whole-call timeout (connect, send, wait, read), the SDK's {@code HttpOptions.timeout}. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Validates early: a schema the SDK cannot read fails here, on the launcher, not on every worker. */
    public GeminiCaller build() {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms");
      }
      String schema = null;
      if (responseSchema != null) {
        try {
          schema = upperCaseTypes(responseSchema);
          Schema.fromJson(schema);
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException("responseSchema is not a Gemini schema: " + e.getMessage(), e);
        }
      }
      return new GeminiCaller(this, schema);
    }
  }
}
