package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.timing.StageClock;

/**
 * Where a run's time went: the launcher's own steps (the source check, migrations, history, building the graph, reading
 * the outcome back, writing outputs), each timed here, and within the graph's run each top-level step of the graph
 * from the Beam metrics its DoFns record ({@link StageClock}), so the same table comes from every runner. It goes into
 * {@code summary.json} under {@code stages} and is printed at the end of the run, so a step that became slower shows
 * in the run itself.
 *
 * <p>A launcher step's CPU time is the whole process's while it ran (its thread, the garbage collector, the JIT). A
 * graph step's wall time is its DoFns' busy time summed over the threads and workers that ran them, with the time they
 * waited on the database apart; steps run side by side, so it can exceed the time between its first and last work.
 */
final class StageTimes {
  /** What the launcher reads: monotonic wall time, the process's CPU time and the epoch. Injected in tests. */
  interface Meter {
    long wallNanos();

    long processCpuNanos();

    long epochMillis();

    static Meter system() {
      return new SystemMeter();
    }
  }

  private static final class SystemMeter implements Meter {
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    @Override
    public long wallNanos() {
      return System.nanoTime();
    }

    /** Every thread of this JVM; 0 where the JVM cannot tell. */
    @Override
    public long processCpuNanos() {
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }

    @Override
    public long epochMillis() {
      return System.currentTimeMillis();
    }
  }

  /** A launcher step; throws what the launcher's database steps throw. */
  interface Step<T> {
    T run() throws SQLException, IOException;
  }

  /** One top-level step of the graph: its DoFns' laps summed over every worker ({@link StageClock}'s metrics). */
  record GraphStep(String name, long laps, long wallNanos, long databaseNanos, long cpuNanos, long firstMillis,
      long lastMillis) {
    /** Laps and database calls together: any work the step reported. */
    boolean reported() {
      return lastMillis > 0;
    }
  }

  private record LauncherStep(String name, long wallNanos, long cpuNanos, double fromSeconds) {}

  /** The graph's run: its place among the launcher's steps and its named steps. */
  private record GraphRun(int index, List<String> order, Map<String, GraphStep> steps) {}

  private final Meter meter;
  private final long originWall;
  private final long originCpu;
  private final long originMillis;
  private final List<LauncherStep> launcher = new ArrayList<>();
  private GraphRun graph;

  private StageTimes(Meter meter, long originWall, long originCpu, long originMillis) {
    this.meter = meter;
    this.originWall = originWall;
    this.originCpu = originCpu;
    this.originMillis = originMillis;
  }

  /** Times a run from now. */
  static StageTimes start(Meter meter) {
    return new StageTimes(meter, meter.wallNanos(), meter.processCpuNanos(), meter.epochMillis());
  }

  /**
   * Times a run from the JVM's start, which took {@code sinceJvmStartMillis} until now: its first step, "starting the
   * JVM", is that time (with the CPU the process used in it), for a run started as a command.
   */
  static StageTimes sinceJvmStart(Meter meter, long sinceJvmStartMillis) {
    long nowWall = meter.wallNanos();
    long nowCpu = meter.processCpuNanos();
    StageTimes times = new StageTimes(meter, nowWall - sinceJvmStartMillis * 1_000_000, 0,
        meter.epochMillis() - sinceJvmStartMillis);
    times.launcher.add(new LauncherStep("starting the JVM", sinceJvmStartMillis * 1_000_000, nowCpu, 0));
    return times;
  }

  /** Runs and times one launcher step; a step timed again under the same name adds to it. */
  <T> T time(String name, Step<T> step) throws SQLException, IOException {
    long wall = meter.wallNanos();
    long cpu = meter.processCpuNanos();
    try {
      return step.run();
    } finally {
      add(new LauncherStep(name, meter.wallNanos() - wall, meter.processCpuNanos() - cpu, (wall - originWall) / 1e9));
    }
  }

  private void add(LauncherStep step) {
    for (int i = 0; i < launcher.size(); i++) {
      LauncherStep earlier = launcher.get(i);
      if (earlier.name().equals(step.name())) {
        launcher.set(i, new LauncherStep(step.name(), earlier.wallNanos() + step.wallNanos(),
            earlier.cpuNanos() + step.cpuNanos(), earlier.fromSeconds()));
        return;
      }
    }
    launcher.add(step);
  }

  /**
   * Records the graph's named steps, in {@code order}, from its metrics, beneath the launcher step {@value #GRAPH}
   * that ran it.
   */
  void graphSteps(List<String> order, MetricQueryResults metrics) {
    int run = launcher.stream().map(LauncherStep::name).toList().indexOf(GRAPH);
    graph = new GraphRun(run, List.copyOf(order), steps(metrics));
  }

  /** The launcher step that runs the graph. */
  static final String GRAPH = "the graph";

  /** The filter that selects {@link StageClock}'s metrics. */
  static MetricsFilter filter() {
    return MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(StageClock.NAMESPACE)).build();
  }

  /**
   * Pure: the graph's top-level steps that reported work, from {@link StageClock}'s metrics, each metric added to the
   * top-level step of the step it was recorded in ("ReadActivity/AssembleUserActivity/..." is "ReadActivity").
   */
  static Map<String, GraphStep> steps(MetricQueryResults metrics) {
    Map<String, Sums> sums = new LinkedHashMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (StageClock.NAMESPACE.equals(counter.getName().getNamespace())) {
        Sums s = sums.computeIfAbsent(topLevel(counter.getKey().stepName()), k -> new Sums());
        switch (counter.getName().getName()) {
          case StageClock.CPU_NANOS -> s.cpuNanos += counter.getAttempted();
          case StageClock.DB_WALL_NANOS -> s.databaseNanos += counter.getAttempted();
          default -> { }
        }
      }
    }
    for (MetricResult<DistributionResult> distribution : metrics.getDistributions()) {
      DistributionResult d = distribution.getAttempted();
      if (StageClock.NAMESPACE.equals(distribution.getName().getNamespace()) && d.getCount() > 0) {
        Sums s = sums.computeIfAbsent(topLevel(distribution.getKey().stepName()), k -> new Sums());
        switch (distribution.getName().getName()) {
          case StageClock.WALL_NANOS -> {
            s.laps += d.getCount();
            s.wallNanos += d.getSum();
          }
          case StageClock.ACTIVE_MILLIS -> {
            s.firstMillis = s.firstMillis == 0 ? d.getMin() : Math.min(s.firstMillis, d.getMin());
            s.lastMillis = Math.max(s.lastMillis, d.getMax());
          }
          default -> { }
        }
      }
    }
    Map<String, GraphStep> steps = new LinkedHashMap<>();
    sums.forEach((name, s) -> steps.put(name,
        new GraphStep(name, s.laps, s.wallNanos, s.databaseNanos, s.cpuNanos, s.firstMillis, s.lastMillis)));
    return steps;
  }

  /** A top-level step's metrics as they are added up. */
  private static final class Sums {
    long laps;
    long wallNanos;
    long databaseNanos;
    long cpuNanos;
    long firstMillis;
    long lastMillis;
  }

  private static String topLevel(String stepName) {
    int slash = stepName.indexOf('/');
    return slash < 0 ? stepName : stepName.substring(0, slash);
  }

  /**
   * The graph's top-level steps in the order they were applied, less those that only move data into views or
   * flatten collections.
   */
  static List<String> order(Pipeline pipeline) {
    List<String> names = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (!node.isRootNode() && node.getEnclosingNode().isRootNode()) {
          add(node);
          return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (node.getEnclosingNode().isRootNode()) {
          add(node);
        }
      }

      private void add(TransformHierarchy.Node node) {
        PTransform<?, ?> transform = node.getTransform();
        boolean plumbing = transform instanceof Flatten.PCollections || transform instanceof View.AsMap
            || transform instanceof View.AsList || transform instanceof View.AsSingleton
            || transform instanceof View.AsIterable || transform instanceof View.AsMultimap;
        if (!plumbing) {
          names.add(node.getFullName());
        }
      }
    });
    return names;
  }

  /** The table as summary.json's {@code stages}. */
  ObjectNode json() {
    long wall = meter.wallNanos() - originWall;
    long cpu = meter.processCpuNanos() - originCpu;
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("wall_seconds", seconds(wall));
    out.put("cpu_seconds", seconds(cpu));
    ArrayNode rows = out.putArray("steps");
    for (int i = 0; i < launcher.size(); i++) {
      LauncherStep step = launcher.get(i);
      ObjectNode row = rows.addObject();
      row.put("step", step.name());
      row.put("wall_seconds", seconds(step.wallNanos()));
      row.put("cpu_seconds", seconds(step.cpuNanos()));
      row.put("share_of_run_wall", share(step.wallNanos(), wall));
      row.put("from_seconds", round(step.fromSeconds()));
      if (graph != null && graph.index() == i) {
        row.set("steps", graphRows(step));
      }
    }
    return out;
  }

  private ArrayNode graphRows(LauncherStep run) {
    ArrayNode rows = Json.MAPPER.createArrayNode();
    long timedCpu = 0;
    for (String name : graph.order()) {
      GraphStep step = graph.steps().get(name);
      ObjectNode row = rows.addObject();
      row.put("step", name);
      if (step == null || !step.reported()) {
        row.put("recorded", false);
        continue;
      }
      timedCpu += step.cpuNanos();
      row.put("wall_seconds", seconds(step.wallNanos() + step.databaseNanos()));
      row.put("database_seconds", seconds(step.databaseNanos()));
      row.put("cpu_seconds", seconds(step.cpuNanos()));
      row.put("share_of_graph_cpu", share(step.cpuNanos(), run.cpuNanos()));
      row.put("laps", step.laps());
      row.put("from_seconds", round((step.firstMillis() - originMillis) / 1e3));
      row.put("to_seconds", round((step.lastMillis() - originMillis) / 1e3));
    }
    ObjectNode rest = rows.addObject();
    rest.put("step", OUTSIDE);
    rest.put("cpu_seconds", seconds(Math.max(0, run.cpuNanos() - timedCpu)));
    rest.put("share_of_graph_cpu", share(Math.max(0, run.cpuNanos() - timedCpu), run.cpuNanos()));
    return rows;
  }

  static final String OUTSIDE = "outside timed steps: runner, GC, JIT, untimed";

  /** Pure: {@code stages} of summary.json as the lines the run prints. */
  static String table(JsonNode stages) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "  stages: %s s wall, %s s CPU; a step's share is of the run's wall time,"
        + " a graph step's of the graph's CPU time%n", stages.path("wall_seconds").asText(),
        stages.path("cpu_seconds").asText()));
    out.append(String.format(Locale.ROOT, "    %-44s %8s %8s %6s  %s%n", "step", "wall s", "cpu s", "share",
        "from..to s since the start"));
    for (JsonNode step : stages.path("steps")) {
      double from = step.path("from_seconds").asDouble();
      out.append(String.format(Locale.ROOT, "    %-44s %8.1f %8.1f %5.0f%%  %.1f..%.1f%n", step.path("step").asText(),
          step.path("wall_seconds").asDouble(), step.path("cpu_seconds").asDouble(),
          100 * step.path("share_of_run_wall").asDouble(), from, from + step.path("wall_seconds").asDouble()));
      for (JsonNode inner : step.path("steps")) {
        out.append(graphRow(inner));
      }
    }
    return out.toString();
  }

  private static String graphRow(JsonNode step) {
    String name = step.path("step").asText();
    if (step.has("recorded")) {
      return String.format(Locale.ROOT, "      %-42s %8s %8s %6s  nothing recorded (not timed, or no work)%n", name,
          "-", "-", "-");
    }
    if (!step.has("wall_seconds")) {
      return String.format(Locale.ROOT, "      %-42s %8s %8.1f %5.0f%%%n", name, "", step.path("cpu_seconds")
          .asDouble(), 100 * step.path("share_of_graph_cpu").asDouble());
    }
    double db = step.path("database_seconds").asDouble();
    return String.format(Locale.ROOT, "      %-42s %8.1f %8.1f %5.0f%%  %.1f..%.1f%s%n", name,
        step.path("wall_seconds").asDouble(), step.path("cpu_seconds").asDouble(),
        100 * step.path("share_of_graph_cpu").asDouble(), step.path("from_seconds").asDouble(),
        step.path("to_seconds").asDouble(),
        db > 0 ? String.format(Locale.ROOT, ", of the wall %.1f s in the database", db) : "");
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }

  private static double share(long part, long whole) {
    return whole <= 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
  }
}
