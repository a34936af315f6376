package pmf.signals.transforms.discover;

import com.google.auto.value.AutoValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import pmf.signals.transforms.embed.MiniLm;
import pmf.signals.transforms.embed.Vectors;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.tier.Routed;
import pmf.signals.transforms.timing.StageClock;

/**
 * Discovers the day's themes from what users wrote ({@link Discovery}): each consenting user the day's plan reads
 * (everyone in tiers A and B, the sample in C and D, so the cost is bounded by the sample) gives their scrubbed lines
 * ({@link Utterances}); the lines are embedded by all-MiniLM-L6-v2 on every worker, then clustered, typed and labelled on
 * one. Emits one {@link Discovered}, empty when nobody wrote anything.
 *
 * <pre>{@code
 * PCollection<Discovered> found = routed.get(RouteByTier.ANALYZE)
 *     .apply("DiscoverThemes", DiscoverThemes.create().withMinGroupUsers(5));
 * }</pre>
 */
@AutoValue
public abstract class DiscoverThemes extends PTransform<PCollection<Routed>, PCollection<Discovered>> {
  /** Lines per user by default: the most recent, so one talkative user cannot fill a cluster. */
  public static final int DEFAULT_LINES_PER_USER = 8;

  abstract int minGroupUsers();

  abstract int maxLinesPerUser();

  abstract int fitLimit();

  abstract double minClusterShare();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder minGroupUsers(int k);

    abstract Builder maxLinesPerUser(int lines);

    abstract Builder fitLimit(int lines);

    abstract Builder minClusterShare(double share);

    abstract DiscoverThemes build();
  }

  public static DiscoverThemes create() {
    Discovery.Settings defaults = Discovery.Settings.of(5);
    return new AutoValue_DiscoverThemes.Builder().minGroupUsers(defaults.k())
        .maxLinesPerUser(DEFAULT_LINES_PER_USER).fitLimit(defaults.fitLimit())
        .minClusterShare(defaults.minClusterShare()).build();
  }

  /** The k rule (--minGroupUsers): no theme, and no term of a label, with fewer distinct users. */
  public DiscoverThemes withMinGroupUsers(int k) {
    checkPositive(k, "withMinGroupUsers");
    return toBuilder().minGroupUsers(k).build();
  }

  public DiscoverThemes withMaxLinesPerUser(int lines) {
    checkPositive(lines, "withMaxLinesPerUser");
    return toBuilder().maxLinesPerUser(lines).build();
  }

  /** Lines fitted per kind (requests, follow-ups): HDBSCAN compares every pair, the rest are placed by the model. */
  public DiscoverThemes withFitLimit(int lines) {
    checkPositive(lines, "withFitLimit");
    return toBuilder().fitLimit(lines).build();
  }

  private static void checkPositive(int value, String setting) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + "() needs a positive number, got " + value);
    }
  }

  @Override
  public PCollection<Discovered> expand(PCollection<Routed> routed) {
    Discovery.Settings settings = new Discovery.Settings(minGroupUsers(), minClusterShare(), fitLimit());
    return routed
        .apply("UsersLines", ParDo.of(new LinesFn(maxLinesPerUser())))
        .setCoder(ListCoder.of(JsonCoder.of(Utterance.class)))
        .apply("EmbedLines", ParDo.of(new EmbedFn()))
        .setCoder(JsonCoder.of(EmbeddedLine.class))
        .apply("AllLines", Combine.globally(new ToListFn()))
        .setCoder(ListCoder.of(JsonCoder.of(EmbeddedLine.class)))
        .apply("Discover", ParDo.of(new DiscoverFn(settings, maxLinesPerUser())))
        .setCoder(SerializableCoder.of(Discovered.class));
  }

  /** A read user's scrubbed lines with their behaviour; nothing for users not read today or without consent. */
  static final class LinesFn extends DoFn<Routed, List<Utterance>> {
    private final int maxLines;
    private final Counter users = Metrics.counter(DiscoverThemes.class, "discovery_users");
    private final Counter lines = Metrics.counter(DiscoverThemes.class, "discovery_lines");
    private final StageClock clock = StageClock.system();

    LinesFn(int maxLines) {
      this.maxLines = maxLines;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        read(c);
      }
    }

    private void read(ProcessContext c) {
      Routed r = c.element();
      if (!r.route().selection().analysed()) {
        return; // inherited, over budget or not eligible: their words are not read today
      }
      List<Utterance> mine = Utterances.of(r.measured().activity(), r.measured().metrics(),
          r.route().weight() > 0 ? r.route().weight() : 1.0, maxLines);
      if (!mine.isEmpty()) {
        users.inc();
        lines.inc(mine.size());
        c.output(mine);
      }
    }
  }

  /** all-MiniLM-L6-v2 on this worker: one model, one call per user for the lines it has not embedded before. */
  static final class EmbedFn extends DoFn<List<Utterance>, EmbeddedLine> {
    private final StageClock clock = StageClock.system();

    @Setup
    public void setup() {
      MiniLm.model(); // loaded before the first element: a worker that cannot load it fails at once
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        List<Utterance> lines = c.element();
        List<float[]> vectors = MiniLm.embedAll(lines.stream().map(Utterance::text).toList());
        for (int i = 0; i < lines.size(); i++) {
          c.output(new EmbeddedLine(lines.get(i), Vectors.unit(vectors.get(i))));
        }
      }
    }
  }

  static final class ToListFn extends Combine.CombineFn<EmbeddedLine, ArrayList<EmbeddedLine>, List<EmbeddedLine>> {
    @Override
    public ArrayList<EmbeddedLine> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public ArrayList<EmbeddedLine> addInput(ArrayList<EmbeddedLine> all, EmbeddedLine line) {
      all.add(line);
      return all;
    }

    @Override
    public ArrayList<EmbeddedLine> mergeAccumulators(Iterable<ArrayList<EmbeddedLine>> parts) {
      ArrayList<EmbeddedLine> all = new ArrayList<>();
      parts.forEach(all::addAll);
      return all;
    }

    @Override
    public List<EmbeddedLine> extractOutput(ArrayList<EmbeddedLine> all) {
      return all;
    }

    @Override
    public Coder<ArrayList<EmbeddedLine>> getAccumulatorCoder(CoderRegistry registry, Coder<EmbeddedLine> input) {
      @SuppressWarnings("unchecked")
      Class<ArrayList<EmbeddedLine>> type = (Class<ArrayList<EmbeddedLine>>) (Class<?>) ArrayList.class;
      return SerializableCoder.of(type);
    }
  }

  /** On one worker: clusters, types and labels the day's lines. */
  static final class DiscoverFn extends DoFn<List<EmbeddedLine>, Discovered> {
    private final Discovery.Settings settings;
    private final int maxLines;
    private final StageClock clock = StageClock.system();

    DiscoverFn(Discovery.Settings settings, int maxLines) {
      this.settings = settings;
      this.maxLines = maxLines;
    }

    @Setup
    public void setup() {
      MiniLm.model(); // loaded before the first element: a worker that cannot load it fails at once
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      try (StageClock.Lap lap = clock.lap()) {
        Discovered d = Discovery.discover(c.element(), settings, term -> Vectors.unit(MiniLm.embed(term)));
        c.output(new Discovered(d.themes(), d.lines(), d.users(), d.fitted(), d.seconds(),
            Discovery.method(maxLines)));
      }
    }
  }
}
