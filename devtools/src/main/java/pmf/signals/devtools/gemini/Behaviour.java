package pmf.signals.devtools.gemini;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link FakeGemini} behaves. Immutable; build with {@link #builder()}.
 *
 * <p>Quota is a sliding 60 s window over the injectable {@link #nanoTime()} clock: at most {@link #rpm()}
 * admitted requests and at most {@link #tpm()} admitted input (prompt) tokens in any 60 s; 0 means
 * unlimited. Rejected requests do not count toward the window.
 *
 * <p>{@link #models()} says which model names exist, which Google retired, and what each accepts; by default
 * {@link FakeModels#asOf20261207()}.
 */
public final class Behaviour {

  private final String apiKey;
  private final int rpm;
  private final long tpm;
  private final Duration latency;
  private final Duration slowDelay;
  private final Map<Fault, Double> faultRates;
  private final List<Fault> faultQueue;
  private final long seed;
  private final Responder responder;
  private final LongSupplier nanoTime;
  private final boolean quotaRetryInfo;
  private final Duration injectedRetryDelay;
  private final int threads;
  private final int holdUntilInFlight;
  private final FakeModels models;

  private Behaviour(Builder b) {
    this.apiKey = Objects.requireNonNull(b.apiKey, "apiKey");
    this.rpm = b.rpm;
    this.tpm = b.tpm;
    this.latency = Objects.requireNonNull(b.latency, "latency");
    this.slowDelay = Objects.requireNonNull(b.slowDelay, "slowDelay");
    this.faultRates = Collections.unmodifiableMap(new EnumMap<>(b.faultRates));
    this.faultQueue = List.copyOf(b.faultQueue);
    this.seed = b.seed;
    this.responder = Objects.requireNonNull(b.responder, "responder");
    this.nanoTime = Objects.requireNonNull(b.nanoTime, "nanoTime");
    this.quotaRetryInfo = b.quotaRetryInfo;
    this.injectedRetryDelay = Objects.requireNonNull(b.injectedRetryDelay, "injectedRetryDelay");
    this.threads = b.threads;
    this.holdUntilInFlight = b.holdUntilInFlight;
    this.models = Objects.requireNonNull(b.models, "models");
    double sum = faultRates.values().stream().mapToDouble(Double::doubleValue).sum();
    if (sum > 1.0 + 1e-9) {
      throw new IllegalArgumentException("fault rates sum to " + sum + " > 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    if (holdUntilInFlight < 0) {
      throw new IllegalArgumentException("holdUntilInFlight must be >= 0");
    }
    if (holdUntilInFlight > threads) {
      throw new IllegalArgumentException("holdUntilInFlight " + holdUntilInFlight + " > threads " + threads
          + ": the held calls would fill every handler thread and the gate could never open");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Behaviour defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.apiKey = apiKey;
    b.rpm = rpm;
    b.tpm = tpm;
    b.latency = latency;
    b.slowDelay = slowDelay;
    b.faultRates.putAll(faultRates);
    b.faultQueue.addAll(faultQueue);
    b.seed = seed;
    b.responder = responder;
    b.nanoTime = nanoTime;
    b.quotaRetryInfo = quotaRetryInfo;
    b.injectedRetryDelay = injectedRetryDelay;
    b.threads = threads;
    b.holdUntilInFlight = holdUntilInFlight;
    b.models = models;
    return b;
  }

  /** The only key accepted in {@code x-goog-api-key}. Default {@code fake-gemini-key}. */
  public String apiKey() {
    return apiKey;
  }

  /** Requests per minute; 0 = unlimited (default). */
  public int rpm() {
    return rpm;
  }

  /** Input tokens per minute; 0 = unlimited (default). */
  public long tpm() {
    return tpm;
  }

  /** Fixed latency before every model answer and 5xx (not before 4xx/429). Default zero. */
  public Duration latency() {
    return latency;
  }

  /** Extra delay served by {@link Fault#SLOW}. Default 2 s. */
  public Duration slowDelay() {
    return slowDelay;
  }

  /** Probability per request of each fault, drawn from a RNG seeded with {@link #seed()}. */
  public Map<Fault, Double> faultRates() {
    return faultRates;
  }

  /** Faults served, in order, to the first requests (before any rate-drawn fault). */
  public List<Fault> faultQueue() {
    return faultQueue;
  }

  public long seed() {
    return seed;
  }

  public Responder responder() {
    return responder;
  }

  /** Clock for the quota window, in nanoseconds. Default {@link System#nanoTime()}. */
  public LongSupplier nanoTime() {
    return nanoTime;
  }

  /** Whether over-quota 429s carry the {@code google.rpc.RetryInfo} detail. Default true. */
  public boolean quotaRetryInfo() {
    return quotaRetryInfo;
  }

  /** Retry delay stated by injected {@link Fault#QUOTA_429}s. Default 19.42 s. */
  public Duration injectedRetryDelay() {
    return injectedRetryDelay;
  }

  /** Handler threads; requests beyond this queue. Default 128. */
  public int threads() {
    return threads;
  }

  /**
   * A gate proving concurrency without timing: each accepted {@code generateContent} call (past the refusals, before
   * its fault, quota and latency) is held until this many are held together; then the gate opens for good and they
   * and every later call go on. 0 (default): no gate. A fake that closes lets its held calls go unanswered. See
   * {@link Builder#holdUntilInFlight(int)}.
   */
  public int holdUntilInFlight() {
    return holdUntilInFlight;
  }

  /** The models served and refused. Default {@link FakeModels#asOf20261207()}. */
  public FakeModels models() {
    return models;
  }

  /** Mutable builder for {@link Behaviour}. */
  public static final class Builder {
    private String apiKey = "fake-gemini-key";
    private int rpm;
    private long tpm;
    private Duration latency = Duration.ZERO;
    private Duration slowDelay = Duration.ofSeconds(2);
    private final Map<Fault, Double> faultRates = new EnumMap<>(Fault.class);
    private final List<Fault> faultQueue = new ArrayList<>();
    private long seed = 42L;
    private Responder responder = Responder.defaultResponder();
    private LongSupplier nanoTime = System::nanoTime;
    private boolean quotaRetryInfo = true;
    private Duration injectedRetryDelay = Duration.ofMillis(19_420);
    private int threads = 128;
    private int holdUntilInFlight;
    private FakeModels models = FakeModels.asOf20261207();

    private Builder() {}

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder rpm(int rpm) {
      if (rpm < 0) throw new IllegalArgumentException("rpm < 0");
      this.rpm = rpm;
      return this;
    }

    public Builder tpm(long tpm) {
      if (tpm < 0) throw new IllegalArgumentException("tpm < 0");
      this.tpm = tpm;
      return this;
    }

    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    public Builder slowDelay(Duration slowDelay) {
      this.slowDelay = slowDelay;
      return this;
    }

    public Builder faultRate(Fault fault, double rate) {
      if (rate < 0 || rate > 1) throw new IllegalArgumentException("rate must be in [0,1]: " + rate);
      faultRates.put(fault, rate);
      return this;
    }

    /** Appends faults to serve, in order, to the next requests. */
    public Builder enqueue(Fault... faults) {
      faultQueue.addAll(List.of(faults));
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder responder(Responder responder) {
      this.responder = responder;
      return this;
    }

    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    public Builder quotaRetryInfo(boolean quotaRetryInfo) {
      this.quotaRetryInfo = quotaRetryInfo;
      return this;
    }

    public Builder injectedRetryDelay(Duration injectedRetryDelay) {
      this.injectedRetryDelay = injectedRetryDelay;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Holds each accepted {@code generateContent} call until {@code calls} of them are in the fake at once, then lets
     * them all go (and every later call straight through): a barrier a test can use to prove that a client has
     * {@code calls} requests in flight together, with no latency standing in for it. If the client cannot send that
     * many at once the gate never opens, so bound the test's wait (a failure guard, not the synchronisation). At
     * most {@link #threads(int)}; 0 (default) holds nothing.
     */
    public Builder holdUntilInFlight(int calls) {
      this.holdUntilInFlight = calls;
      return this;
    }

    /** Serves exactly these models. */
    public Builder models(FakeModels models) {
      this.models = models;
      return this;
    }

    /** Also serves {@code model} (e.g. a tuned model's name), replacing any of the same name. */
    public Builder addModel(FakeModel model) {
      this.models = models.with(model);
      return this;
    }

    /** Google shuts {@code name} down: every call on it answers 404. */
    public Builder retire(String name) {
      this.models = models.retire(name);
      return this;
    }

    public Behaviour build() {
      return new Behaviour(this);
    }
  }
}
