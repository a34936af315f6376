package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local fake of the Gemini {@code generateContent} API (v1beta wire shapes), on loopback, for tests and
 * local runs. Serves {@code POST /v1beta/models/{model}:generateContent} and {@code /v1/models/...}
 * (google-genai 2.0.0 calls {@code /v1} with a custom base URL unless {@code apiVersion} is set).
 *
 * <p>It serves only the models in {@link Behaviour#models()} and refuses what Google refuses: a fake proves only what
 * it refuses. Order of handling: path ({@code 404 NOT_FOUND}), method ({@code 405}), API key (missing {@code 401
 * UNAUTHENTICATED}, wrong {@code 400 INVALID_ARGUMENT/API_KEY_INVALID}), model (retired, unknown or not a generation
 * model: {@code 404 NOT_FOUND}), body ({@code 400 INVALID_ARGUMENT}), parameters the model does not take (thinking
 * level or budget, {@code maxOutputTokens}, input tokens: {@code 400 INVALID_ARGUMENT}), the gate of {@link
 * Behaviour#holdUntilInFlight()} (if set), injected fault (queue first, then the seeded rates), quota ({@code 429
 * RESOURCE_EXHAUSTED}), then the {@link Responder}'s answer after the configured latency. Every request is recorded, refusals included; refusals take no fault and no quota.
 *
 * <p>It also serves {@code :embedContent} and {@code :batchEmbedContents} for live embedding models (stand-in
 * vectors, see {@link #standInEmbedding}; at most 100 a batch), recorded apart in
 * {@link #embeddingRequests()}, and {@code GET /v1beta/models/{model}} ({@code models.get}: the model's limits and
 * methods, or 404 for a retired or unknown one), recorded apart in {@link #modelLookups()}.
 */
public final class FakeGemini implements AutoCloseable {

  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final Pattern PATH =
      Pattern.compile("^/(v1beta|v1)/models/([^/:]+):(generateContent|embedContent|batchEmbedContents)$");
  private static final Pattern MODEL_PATH = Pattern.compile("^/(v1beta|v1)/models/([^/:]+)$");
  /** Dimensions of the stand-in embeddings. */
  static final int EMBEDDING_DIMENSIONS = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY every exchange waits out
    // the peer's delayed ACK (~40 ms). Read once, when the JDK's ServerConfig initialises.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Behaviour behaviour;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> embeddingRequests = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordedRequest> modelLookups = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Fault> faultQueue = new ArrayDeque<>();
  private final Random random;
  private final Map<Fault, AtomicInteger> faultCounts = new EnumMap<>(Fault.class);
  private final AtomicInteger quotaRejections = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxConcurrency = new AtomicInteger();
  private final AtomicLong servedOk = new AtomicLong();
  /** Counted down by each accepted generation call; held calls wait for zero (see Behaviour#holdUntilInFlight). */
  private final CountDownLatch gate;
  private final Deque<long[]> window = new ArrayDeque<>(); // {admittedAtNanos, promptTokens}
  private long windowTokens;

  private FakeGemini(Behaviour behaviour, int port) throws IOException {
    this.behaviour = behaviour;
    this.random = new Random(behaviour.seed());
    this.faultQueue.addAll(behaviour.faultQueue());
    this.gate = new CountDownLatch(behaviour.holdUntilInFlight());
    for (Fault f : Fault.values()) {
      faultCounts.put(f, new AtomicInteger());
    }
    AtomicInteger threadNo = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            behaviour.threads(),
            behaviour.threads(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "fake-gemini-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1024);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a fake on 127.0.0.1 on a free port. */
  public static FakeGemini start(Behaviour behaviour) {
    return start(behaviour, 0);
  }

  /** Starts a fake on 127.0.0.1:{@code port} (0 = any free port). */
  public static FakeGemini start(Behaviour behaviour, int port) {
    try {
      return new FakeGemini(behaviour, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start FakeGemini", e);
    }
  }

  /** E.g. {@code http://127.0.0.1:41234} (no trailing slash, no version). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  /** A snapshot of the embedding requests ({@code embedContent}, {@code batchEmbedContents}) received. */
  public List<RecordedRequest> embeddingRequests() {
    synchronized (embeddingRequests) {
      return List.copyOf(embeddingRequests);
    }
  }

  /** A snapshot of the model lookups ({@code GET .../models/{model}}, {@code models.get}) received. */
  public List<RecordedRequest> modelLookups() {
    synchronized (modelLookups) {
      return List.copyOf(modelLookups);
    }
  }

  /** A snapshot of every other request received (generateContent and bad paths), in arrival-completion order. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int requestCount() {
    return requests.size();
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Appends faults to serve, in order, to the next requests. */
  public void enqueueFaults(Fault... faults) {
    synchronized (faultQueue) {
      faultQueue.addAll(List.of(faults));
    }
  }

  /** How many times {@code fault} was served (injected). */
  public int faultCount(Fault fault) {
    return faultCounts.get(fault).get();
  }

  public Map<Fault, Integer> faultCounts() {
    Map<Fault, Integer> m = new LinkedHashMap<>();
    faultCounts.forEach((f, n) -> m.put(f, n.get()));
    return m;
  }

  /** All 429s served: quota-window rejections plus injected {@code QUOTA_429*} faults. */
  public int quotaRejections() {
    return quotaRejections.get();
  }

  /** Normal (STOP) answers served. */
  public long successes() {
    return servedOk.get();
  }

  /** The most requests ever being handled at the same time. */
  public int maxConcurrency() {
    return maxConcurrency.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // Handling

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxConcurrency.accumulateAndGet(now, Math::max);
    try {
      serve(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  private void serve(HttpExchange ex) throws IOException, InterruptedException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("x-goog-api-key")) {
                headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
              }
            });
    String key = ex.getRequestHeaders().getFirst("x-goog-api-key");
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    Matcher m = PATH.matcher(path);
    Matcher lookup = MODEL_PATH.matcher(path);
    Matcher matched = m.matches() ? m : lookup.matches() ? lookup : null;
    String version = matched == null ? null : matched.group(1);
    String model = matched == null ? null : matched.group(2);
    String action = matched == m ? m.group(3) : null; // null for a lookup or a bad path
    JsonNode body = null;
    try {
      body = raw.length == 0 ? null : JSON.readTree(raw);
    } catch (IOException notJson) {
      // stays null
    }
    // Embeddings and lookups are kept apart: the generation calls are what quotas, caps and counts are about.
    List<RecordedRequest> log = matched == lookup ? modelLookups
        : action == null || action.equals("generateContent") ? requests : embeddingRequests;
    Recorder rec = new Recorder(log, method, path, version, model, headers, key != null, body);

    if (model == null) {
      rec.send(ex, 404, error(404, "Requested entity was not found.", "NOT_FOUND"), null);
      return;
    }
    if (!method.equals(action == null ? "GET" : "POST")) {
      rec.send(ex, 405, error(405, "Method not allowed: " + method, "METHOD_NOT_ALLOWED"), null);
      return;
    }
    if (key == null || key.isEmpty()) {
      rec.send(
          ex,
          401,
          error(
              401,
              "Method doesn't allow unregistered callers (callers without established identity)."
                  + " Please use API Key or other form of API consumer identity to call this API.",
              "UNAUTHENTICATED"),
          null);
      return;
    }
    if (!key.equals(behaviour.apiKey())) {
      ObjectNode err = error(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT");
      ObjectNode info = ((ObjectNode) err.get("error")).putArray("details").addObject();
      info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
      info.put("reason", "API_KEY_INVALID");
      info.put("domain", "googleapis.com");
      info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
      rec.send(ex, 400, err, null);
      return;
    }
    if (action == null) {
      lookUp(rec, ex, version, model);
      return;
    }
    if (!action.equals("generateContent")) {
      embed(rec, ex, version, model, action, body);
      return;
    }
    Refusals.Refusal refusal = Refusals.generation(behaviour.models(), version, model, body);
    if (refusal != null) {
      rec.send(ex, refusal.code(), refusal.body(), null);
      return;
    }

    gate.countDown();
    gate.await(); // open at once unless Behaviour#holdUntilInFlight; close() interrupts a wait that never ends

    Fault fault = nextFault();
    long promptTokens = estimateTokens(promptText(body));
    if (fault != null && fault.isHttpError()) {
      faultCounts.get(fault).incrementAndGet();
      switch (fault) {
        case INTERNAL_500:
          sleep(behaviour.latency());
          rec.send(
              ex,
              500,
              error(500, "An internal error has occurred. Please retry or report in"
                  + " https://developers.generativeai.google/guide/troubleshooting", "INTERNAL"),
              fault);
          return;
        case UNAVAILABLE_503:
          sleep(behaviour.latency());
          rec.send(ex, 503, error(503, "The model is overloaded. Please try again later.", "UNAVAILABLE"), fault);
          return;
        default:
          quotaRejections.incrementAndGet();
          rec.send(
              ex,
              429,
              quotaError(behaviour.injectedRetryDelay().toNanos(), fault == Fault.QUOTA_429),
              fault);
          return;
      }
    }

    long retryNanos = admit(behaviour.nanoTime().getAsLong(), promptTokens);
    if (retryNanos >= 0) {
      quotaRejections.incrementAndGet();
      rec.send(ex, 429, quotaError(retryNanos, behaviour.quotaRetryInfo()), null);
      return;
    }

    sleep(behaviour.latency());
    if (fault == Fault.SLOW) {
      sleep(behaviour.slowDelay());
    }
    if (fault != null) {
      faultCounts.get(fault).incrementAndGet();
    }
    if (fault == Fault.BLOCKED_PROMPT) {
      ObjectNode resp = JSON.createObjectNode();
      ObjectNode fb = resp.putObject("promptFeedback");
      fb.put("blockReason", "SAFETY");
      safetyRatings(fb, true);
      ObjectNode usage = resp.putObject("usageMetadata");
      usage.put("promptTokenCount", promptTokens);
      usage.put("totalTokenCount", promptTokens);
      resp.put("modelVersion", model);
      rec.send(ex, 200, resp, fault);
      return;
    }
    if (fault == Fault.SAFETY) {
      ObjectNode resp = JSON.createObjectNode();
      ObjectNode cand = resp.putArray("candidates").addObject();
      cand.put("finishReason", "SAFETY");
      cand.put("index", 0);
      safetyRatings(cand, false);
      usage(resp, promptTokens, 0);
      resp.put("modelVersion", model);
      rec.send(ex, 200, resp, fault);
      return;
    }

    String answer = behaviour.responder().answer(body);
    String finish = "STOP";
    if (fault == Fault.MAX_TOKENS) {
      answer = answer.substring(0, answer.length() / 2);
      finish = "MAX_TOKENS";
    }
    ObjectNode resp = JSON.createObjectNode();
    ObjectNode cand = resp.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    content.putArray("parts").addObject().put("text", answer);
    content.put("role", "model");
    cand.put("finishReason", finish);
    cand.put("index", 0);
    usage(resp, promptTokens, estimateTokens(answer));
    resp.put("modelVersion", model);
    if (fault == Fault.MALFORMED_JSON) {
      String full = JSON.writeValueAsString(resp);
      rec.sendRaw(ex, 200, full.substring(0, full.length() / 2), fault);
      return;
    }
    if (fault == null || fault == Fault.SLOW) {
      servedOk.incrementAndGet();
    }
    rec.send(ex, 200, resp, fault);
  }

  private Fault nextFault() {
    synchronized (faultQueue) {
      Fault queued = faultQueue.poll();
      if (queued != null) {
        return queued;
      }
    }
    if (behaviour.faultRates().isEmpty()) {
      return null;
    }
    double r;
    synchronized (random) {
      r = random.nextDouble();
    }
    double cumulative = 0;
    for (Map.Entry<Fault, Double> e : behaviour.faultRates().entrySet()) {
      cumulative += e.getValue();
      if (r < cumulative) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Admits a request into the sliding window, or says how long until it would fit.
   *
   * @return -1 if admitted, else nanoseconds until the window frees enough room
   */
  private synchronized long admit(long now, long promptTokens) {
    while (!window.isEmpty() && window.peekFirst()[0] + WINDOW_NANOS <= now) {
      windowTokens -= window.pollFirst()[1];
    }
    int rpm = behaviour.rpm();
    long tpm = behaviour.tpm();
    boolean rpmOk = rpm <= 0 || window.size() < rpm;
    boolean tpmOk = tpm <= 0 || windowTokens + promptTokens <= tpm;
    if (rpmOk && tpmOk) {
      window.addLast(new long[] {now, promptTokens});
      windowTokens += promptTokens;
      return -1;
    }
    long freeAt = now;
    if (!rpmOk) {
      int mustExpire = window.size() - rpm + 1;
      Iterator<long[]> it = window.iterator();
      long[] e = null;
      for (int i = 0; i < mustExpire; i++) {
        e = it.next();
      }
      freeAt = Math.max(freeAt, e[0] + WINDOW_NANOS);
    }
    if (!tpmOk) {
      if (promptTokens > tpm) {
        freeAt = Math.max(freeAt, now + WINDOW_NANOS); // never fits; say "a minute"
      } else {
        long excess = windowTokens + promptTokens - tpm;
        for (long[] e : window) {
          excess -= e[1];
          if (excess <= 0) {
            freeAt = Math.max(freeAt, e[0] + WINDOW_NANOS);
            break;
          }
        }
      }
    }
    return Math.max(0, freeAt - now);
  }

  private static void sleep(Duration d) throws InterruptedException {
    if (!d.isZero() && !d.isNegative()) {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wire shapes

  /**
   * {@code models.get}: a live model's resource as the API lists it (name, limits, methods), else 404. No faults or
   * quota: lookups are not the calls under test.
   */
  private void lookUp(Recorder rec, HttpExchange ex, String version, String model) throws IOException {
    Refusals.Refusal refusal = Refusals.lookup(behaviour.models(), version, model);
    if (refusal != null) {
      rec.send(ex, refusal.code(), refusal.body(), null);
      return;
    }
    FakeModel m = behaviour.models().get(model).orElseThrow();
    boolean embeds = m.kind() == FakeModel.Kind.EMBEDDING;
    ObjectNode resp = JSON.createObjectNode();
    resp.put("name", "models/" + model);
    resp.put("version", "001");
    resp.put("displayName", displayName(model));
    resp.put("description", "FakeGemini's stand-in for models/" + model + ".");
    resp.put("inputTokenLimit", m.inputTokenLimit());
    resp.put("outputTokenLimit", m.outputTokenLimit());
    ArrayNode methods = resp.putArray("supportedGenerationMethods");
    (embeds ? List.of("embedContent", "batchEmbedContents")
        : List.of("generateContent", "countTokens", "batchGenerateContent")).forEach(methods::add);
    if (!embeds) {
      resp.put("thinking", true);
    }
    rec.send(ex, 200, resp, null);
  }

  /** {@code gemini-3.5-flash-lite} → {@code Gemini 3.5 Flash Lite}. */
  private static String displayName(String model) {
    StringBuilder sb = new StringBuilder();
    for (String word : model.split("-+")) {
      if (!word.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return sb.toString();
  }

  /**
   * {@code embedContent} and {@code batchEmbedContents}: only a live embedding model embeds (others are 404, as the
   * real API answers), at most 100 texts a batch; each text gets a stand-in vector, its words hashed into {@value
   * #EMBEDDING_DIMENSIONS} dimensions and normalised, so texts that share words point the same way. No faults or
   * quota: the embeddings' own quota is not the one under test.
   */
  private void embed(Recorder rec, HttpExchange ex, String version, String model, String action, JsonNode body)
      throws IOException {
    Refusals.Refusal refusal = Refusals.embedding(behaviour.models(), version, model, action, body);
    if (refusal != null) {
      rec.send(ex, refusal.code(), refusal.body(), null);
      return;
    }
    List<JsonNode> contents = new ArrayList<>();
    if (action.equals("batchEmbedContents") && body != null) {
      body.path("requests").forEach(r -> contents.add(r.path("content")));
    } else if (body != null) {
      contents.add(body.path("content"));
    }
    if (contents.isEmpty() || contents.stream().anyMatch(c -> !c.path("parts").isArray())) {
      rec.send(ex, 400, error(400, "Invalid JSON payload received. content is not specified", "INVALID_ARGUMENT"),
          null);
      return;
    }
    ObjectNode resp = JSON.createObjectNode();
    ArrayNode embeddings = resp.putArray("embeddings");
    for (JsonNode content : contents) {
      StringBuilder text = new StringBuilder();
      content.path("parts").forEach(p -> text.append(p.path("text").asText("")).append(' '));
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float v : standInEmbedding(text.toString())) {
        values.add(v);
      }
    }
    if (action.equals("embedContent")) {
      resp.set("embedding", embeddings.get(0));
      resp.remove("embeddings");
    }
    rec.send(ex, 200, resp, null);
  }

  /** The fake's embedding of {@code text}: words of three letters or more hashed into counts, unit length. */
  public static float[] standInEmbedding(String text) {
    float[] v = new float[EMBEDDING_DIMENSIONS];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() >= 3) {
        v[Math.floorMod(word.hashCode(), v.length)] += 1;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length && norm > 0; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  static ObjectNode error(int code, String message, String status) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("code", code);
    err.put("message", message);
    err.put("status", status);
    return root;
  }

  /** The real 429 body; {@code retryDelay} is whole seconds, the message has two decimals. */
  static ObjectNode quotaError(long retryNanos, boolean withRetryInfo) {
    double seconds = retryNanos / 1e9;
    ObjectNode root =
        error(
            429,
            String.format(
                Locale.ROOT,
                "Resource has been exhausted (e.g. check quota). Please retry in %.2fs.",
                seconds),
            "RESOURCE_EXHAUSTED");
    if (withRetryInfo) {
      ObjectNode info = ((ObjectNode) root.get("error")).putArray("details").addObject();
      info.put("@type", "type.googleapis.com/google.rpc.RetryInfo");
      info.put("retryDelay", (long) Math.floor(seconds) + "s");
    }
    return root;
  }

  private static void usage(ObjectNode resp, long prompt, long candidates) {
    ObjectNode usage = resp.putObject("usageMetadata");
    usage.put("promptTokenCount", prompt);
    usage.put("candidatesTokenCount", candidates);
    usage.put("totalTokenCount", prompt + candidates);
  }

  private static void safetyRatings(ObjectNode parent, boolean blocked) {
    ArrayNode ratings = parent.putArray("safetyRatings");
    String[] categories = {
      "HARM_CATEGORY_SEXUALLY_EXPLICIT",
      "HARM_CATEGORY_HATE_SPEECH",
      "HARM_CATEGORY_HARASSMENT",
      "HARM_CATEGORY_DANGEROUS_CONTENT"
    };
    for (String c : categories) {
      ObjectNode r = ratings.addObject();
      r.put("category", c);
      boolean hit = c.equals("HARM_CATEGORY_HARASSMENT");
      r.put("probability", hit ? "HIGH" : "NEGLIGIBLE");
      if (hit) {
        r.put("blocked", true);
      }
    }
  }

  /** All text of {@code systemInstruction} and {@code contents}, newline-joined. */
  public static String promptText(JsonNode request) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : request.path("systemInstruction").path("parts")) {
      sb.append(p.path("text").asText("")).append('\n');
    }
    for (JsonNode c : request.path("contents")) {
      for (JsonNode p : c.path("parts")) {
        sb.append(p.path("text").asText("")).append('\n');
      }
    }
    return sb.toString();
  }

  /** The fake's token estimate: characters / 4, rounded up. */
  public static long estimateTokens(String text) {
    return (text.length() + 3) / 4;
  }

  private final class Recorder {
    private final List<RecordedRequest> log;
    private final String method;
    private final String path;
    private final String version;
    private final String model;
    private final Map<String, List<String>> headers;
    private final boolean keyPresent;
    private final JsonNode body;
    private final long receivedAt = behaviour.nanoTime().getAsLong();

    Recorder(
        List<RecordedRequest> log,
        String method,
        String path,
        String version,
        String model,
        Map<String, List<String>> headers,
        boolean keyPresent,
        JsonNode body) {
      this.log = log;
      this.method = method;
      this.path = path;
      this.version = version;
      this.model = model;
      this.headers = headers;
      this.keyPresent = keyPresent;
      this.body = body;
    }

    void send(HttpExchange ex, int status, JsonNode response, Fault fault) throws IOException {
      sendRaw(ex, status, JSON.writeValueAsString(response), fault);
    }

    void sendRaw(HttpExchange ex, int status, String response, Fault fault) throws IOException {
      log.add(
          new RecordedRequest(
              method, path, version, model, Map.copyOf(headers), keyPresent,
              body == null ? null : body.deepCopy(), status, fault, response, receivedAt));
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
