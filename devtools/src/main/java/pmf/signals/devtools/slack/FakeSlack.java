package pmf.signals.devtools.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local fake of a Slack incoming webhook, on loopback, for tests and local runs. It serves {@code POST} on one
 * webhook path, {@code /services/TFAKE0000/BFAKE0000/{token}}, and answers as Slack does: 200 {@code ok}, or a
 * status with a plain-text error body.
 *
 * <p>Order of handling: path ({@code 404 no_service}), method ({@code 405 invalid_method}), body (not JSON:
 * {@code 400 invalid_payload}; neither {@code text} nor {@code blocks}: {@code 400 no_text}), then the next queued
 * {@link SlackAnswer}, else the standing one ({@link SlackAnswer#OK} unless told otherwise). Every request is recorded
 * before it is answered, so a test can read it as soon as its call returns.
 *
 * <pre>{@code
 * try (FakeSlack slack = FakeSlack.start()) {
 *   slack.answerNext(SlackAnswer.SERVER_ERROR, 2);   // then ok
 *   ... post to slack.webhookUrl() ...
 *   slack.requests();
 * }
 * try (FakeSlack slack = FakeSlack.start().holdSlowUntilReleased()) {
 *   slack.answerNext(SlackAnswer.SLOW, 1);           // held until release() or close()
 *   ... a client times out ...
 *   slack.release();
 * }
 * }</pre>
 */
public final class FakeSlack implements AutoCloseable {

  /** Looks like a real webhook token (24 letters and digits), so redaction is tested on a realistic shape. */
  public static final String DEFAULT_TOKEN = "fAkEsLaCkT0kEn0123456789";

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // As in FakeGemini: without TCP_NODELAY every exchange waits out the peer's delayed ACK (~40 ms).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String token;
  private final String path;
  private final HttpServer server;
  private final ExecutorService executor;
  /** Opened by {@link #release()} or {@link #close()}: held {@link SlackAnswer#SLOW} answers go. */
  private final CountDownLatch released = new CountDownLatch(1);
  private final List<SlackRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final Deque<SlackAnswer> queued = new ArrayDeque<>();
  private volatile SlackAnswer standing = SlackAnswer.OK;
  private volatile Duration retryAfter = Duration.ofSeconds(1);
  private volatile Duration slowDelay = Duration.ofSeconds(30); // null: until released, however long

  private FakeSlack(String token, int port) throws IOException {
    this.token = token;
    this.path = "/services/TFAKE0000/BFAKE0000/" + token;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-slack");
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a fake on 127.0.0.1 on a free port, with {@link #DEFAULT_TOKEN}. */
  public static FakeSlack start() {
    return start(DEFAULT_TOKEN, 0);
  }

  /** Starts a fake on 127.0.0.1:{@code port} (0 = any free port) whose webhook path ends in {@code token}. */
  public static FakeSlack start(String token, int port) {
    try {
      return new FakeSlack(token, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start FakeSlack", e);
    }
  }

  /** The webhook URL to post to, e.g. {@code http://127.0.0.1:41234/services/TFAKE0000/BFAKE0000/<token>}. */
  public String webhookUrl() {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The secret part of {@link #webhookUrl()}: what must never show in a log or a reason. */
  public String token() {
    return token;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Serves {@code answer} to the next {@code times} requests (after any already queued), then goes on as before. */
  public FakeSlack answerNext(SlackAnswer answer, int times) {
    synchronized (queued) {
      for (int i = 0; i < times; i++) {
        queued.addLast(answer);
      }
    }
    return this;
  }

  /** Serves {@code answer} to every request once the queue is empty (the default is {@link SlackAnswer#OK}). */
  public FakeSlack answerAlways(SlackAnswer answer) {
    this.standing = answer;
    return this;
  }

  /** The {@code Retry-After} that {@link SlackAnswer#RATE_LIMITED} sends, in whole seconds (rounded up). */
  public FakeSlack retryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
    return this;
  }

  /**
   * How long {@link SlackAnswer#SLOW} holds its answer (default 30 s; it answers at once on {@link #release()} or
   * when the fake closes).
   */
  public FakeSlack slowDelay(Duration slowDelay) {
    this.slowDelay = Objects.requireNonNull(slowDelay, "slowDelay");
    return this;
  }

  /**
   * {@link SlackAnswer#SLOW} holds its answer with no time limit, until {@link #release()} or {@link #close()}: a
   * client's timeout is then the only clock in a test, and it fires while the fake is held, however loaded the
   * machine. A later {@link #slowDelay} sets a limit again.
   */
  public FakeSlack holdSlowUntilReleased() {
    this.slowDelay = null;
    return this;
  }

  /**
   * Lets every held {@link SlackAnswer#SLOW} answer go, and from now on answers {@code SLOW} at once (its status
   * and body, {@code 200 ok}, are unchanged). Once released, the fake stays released.
   */
  public FakeSlack release() {
    released.countDown();
    return this;
  }

  /** A snapshot of every request received, in the order they were answered. */
  public List<SlackRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int requestCount() {
    return requests.size();
  }

  /** The bodies of the requests Slack would have posted (answered {@code ok}), parsed. */
  public List<JsonNode> postedPayloads() {
    List<JsonNode> posted = new ArrayList<>();
    for (SlackRequest r : requests()) {
      if (r.status() == 200) {
        posted.add(parse(r.body()));
      }
    }
    return posted;
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // Handling

  private void handle(HttpExchange ex) throws IOException {
    try {
      serve(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ex.close();
    }
  }

  private void serve(HttpExchange ex) throws IOException, InterruptedException {
    String method = ex.getRequestMethod();
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Exchange exchange = new Exchange(ex, method, contentType, body);
    if (!path.equals(ex.getRequestURI().getPath())) {
      exchange.answer(404, "no_service", null);
      return;
    }
    if (!"POST".equals(method)) {
      exchange.answer(405, "invalid_method", null);
      return;
    }
    JsonNode payload = parse(body);
    if (payload == null || !payload.isObject()) {
      exchange.answer(400, "invalid_payload", null);
      return;
    }
    if (!payload.hasNonNull("text") && !payload.hasNonNull("blocks")) {
      exchange.answer(400, "no_text", null);
      return;
    }
    SlackAnswer answer = nextAnswer();
    if (answer == SlackAnswer.RATE_LIMITED) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(wholeSecondsUp(retryAfter)));
    }
    if (answer == SlackAnswer.SLOW) {
      // Not a sleep: release() and close() let it go, so no handler outlives the fake.
      Duration limit = slowDelay;
      if (limit == null) {
        released.await();
      } else {
        released.await(limit.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    exchange.answer(answer.status(), answer.body(), answer);
  }

  private SlackAnswer nextAnswer() {
    synchronized (queued) {
      SlackAnswer next = queued.pollFirst();
      return next != null ? next : standing;
    }
  }

  private static long wholeSecondsUp(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  /** One exchange being answered: records it, then sends the plain-text answer. */
  private final class Exchange {
    private final HttpExchange ex;
    private final String method;
    private final String contentType;
    private final String body;

    Exchange(HttpExchange ex, String method, String contentType, String body) {
      this.ex = ex;
      this.method = method;
      this.contentType = contentType;
      this.body = body;
    }

    void answer(int status, String response, SlackAnswer answer) {
      requests.add(
          new SlackRequest(method, ex.getRequestURI().getPath(), contentType, body, status, response, answer));
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      try (OutputStream out = ex.getResponseBody()) {
        ex.sendResponseHeaders(status, bytes.length);
        out.write(bytes);
      } catch (IOException clientGone) {
        // A client that timed out has closed the connection; the request is recorded all the same.
      }
    }
  }
}
