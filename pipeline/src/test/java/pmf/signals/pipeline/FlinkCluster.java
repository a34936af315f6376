package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import pmf.signals.transforms.json.Json;

/**
 * The standalone session cluster {@code make flink-up} started (.ci/flink.sh): its REST API, and its TaskManager
 * JVMs through the pid files the script keeps. Found through PMF_FLINK_MASTER (host:port) and PMF_FLINK_DIR; the
 * GEMINI_API_KEY its TaskManagers were started with, if any, through PMF_FLINK_GEMINI_API_KEY.
 */
final class FlinkCluster {
  private final String master;
  private final Path dir;
  private final String geminiApiKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkCluster(String master, Path dir, String geminiApiKey) {
    this.master = master;
    this.dir = dir;
    this.geminiApiKey = geminiApiKey;
  }

  static FlinkCluster fromEnvironment() {
    String master = System.getenv("PMF_FLINK_MASTER");
    String dir = System.getenv("PMF_FLINK_DIR");
    if (master == null || dir == null) {
      throw new IllegalStateException(
          "PMF_FLINK_MASTER and PMF_FLINK_DIR are not set: run the cluster tests with `make test-flink`");
    }
    return new FlinkCluster(master, Path.of(dir), System.getenv("PMF_FLINK_GEMINI_API_KEY"));
  }

  String master() {
    return master;
  }

  /** The key in the TaskManagers' environment, which their Gemini calls send. */
  String geminiApiKey() {
    if (geminiApiKey == null) {
      throw new IllegalStateException("PMF_FLINK_GEMINI_API_KEY is not set: run the cluster tests with `make test-flink`");
    }
    return geminiApiKey;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create("http://" + master + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return Json.tree(response.body());
  }

  /** Ids of the jobs in a state other than FINISHED, FAILED or CANCELED. */
  List<String> activeJobs() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").get("jobs")) {
      if (!List.of("FINISHED", "FAILED", "CANCELED").contains(job.get("state").asText())) {
        ids.add(job.get("jid").asText());
      }
    }
    return ids;
  }

  String state(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).get("state").asText();
  }

  /** The failures the JobManager recorded for a job (each one led to a restart or to its end). */
  int recordedFailures(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/exceptions").get("exceptionHistory").get("entries").size();
  }

  int taskManagers() throws IOException, InterruptedException {
    return get("/overview").get("taskmanagers").asInt();
  }

  /**
   * The TaskManager (its resource id, which the script sets to the name of its pid file) running a subtask of the
   * job's vertex whose name contains {@code vertexName}, if one is running.
   */
  String taskManagerRunning(String jobId, String vertexName) throws IOException, InterruptedException {
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      if (vertex.get("name").asText().contains(vertexName)) {
        for (JsonNode subtask : get("/jobs/" + jobId + "/vertices/" + vertex.get("id").asText()).get("subtasks")) {
          if (subtask.get("status").asText().equals("RUNNING")) {
            return subtask.get("taskmanager-id").asText();
          }
        }
      }
    }
    return null;
  }

  /** The resource ids of the TaskManagers registered now. */
  List<String> taskManagerIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    get("/taskmanagers").get("taskmanagers").forEach(tm -> ids.add(tm.get("id").asText()));
    return ids;
  }

  /**
   * For the job's first vertex whose name contains {@code vertexName}: the records its subtasks read, summed per
   * TaskManager (resource id).
   */
  Map<String, Long> recordsReadPerTaskManager(String jobId, String vertexName) throws IOException, InterruptedException {
    Map<String, Long> perTaskManager = new TreeMap<>();
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      if (vertex.get("name").asText().contains(vertexName)) {
        for (JsonNode subtask : get("/jobs/" + jobId + "/vertices/" + vertex.get("id").asText()).get("subtasks")) {
          perTaskManager.merge(subtask.get("taskmanager-id").asText(), subtask.get("metrics").get("read-records").asLong(),
              Long::sum);
        }
        break;
      }
    }
    return perTaskManager;
  }

  /** Cancels a job (the web UI's Cancel Job); it ends in CANCELED shortly after. */
  void cancel(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://" + master + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException("cancel " + jobId + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** The id of the job submitted last. */
  String lastJob() throws IOException, InterruptedException {
    String last = null;
    long lastStart = -1;
    for (JsonNode job : get("/jobs/overview").get("jobs")) {
      if (job.get("start-time").asLong() > lastStart) {
        lastStart = job.get("start-time").asLong();
        last = job.get("jid").asText();
      }
    }
    return last;
  }

  /**
   * The job's Beam counters ("NAMESPACE/NAME" to their sum over all steps) as Flink keeps them: in the accumulator
   * the FlinkRunner adds to every job (the web UI's Accumulators tab), each value a base64 varint.
   */
  Map<String, Long> beamCounters(String jobId) throws IOException, InterruptedException {
    Map<String, Long> counters = new TreeMap<>();
    for (JsonNode accumulator : get("/jobs/" + jobId + "/accumulators").get("user-task-accumulators")) {
      if (!accumulator.get("name").asText().equals("__metricscontainers")) {
        continue;
      }
      for (JsonNode metric : Json.tree(accumulator.get("value").asText()).get("metrics").get("attempted")) {
        if (metric.get("type").asText().equals("beam:metrics:sum_int64:v1")) {
          JsonNode labels = metric.get("labels");
          counters.merge(labels.get("NAMESPACE").asText() + "/" + labels.get("NAME").asText(),
              varint(Base64.getDecoder().decode(metric.get("payload").asText())), Long::sum);
        }
      }
    }
    return counters;
  }

  private static long varint(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < bytes.length; i++) {
      value |= (long) (bytes[i] & 0x7f) << (7 * i);
      if ((bytes[i] & 0x80) == 0) {
        break;
      }
    }
    return value;
  }

  /** SIGKILL, as a crashed machine or the kernel's OOM killer would; waits until the process is gone. */
  void killTaskManager(String resourceId) throws Exception {
    long pid = Long.parseLong(Files.readString(dir.resolve(resourceId + ".pid")).strip());
    ProcessHandle tm = ProcessHandle.of(pid).orElseThrow(
        () -> new IllegalStateException(resourceId + " is not running"));
    tm.destroyForcibly();
    tm.onExit().get(30, TimeUnit.SECONDS);
  }

  /** Starts one more TaskManager through the script, with the others' key, and returns once it has joined. */
  void addTaskManager() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(RunnerConfigs.ROOT.resolve(".ci/flink.sh").toString(), "add-taskmanager").redirectErrorStream(true);
    // This JVM's own GEMINI_API_KEY is surefire's, not the cluster's.
    builder.environment().remove("GEMINI_API_KEY");
    if (geminiApiKey != null) {
      builder.environment().put("GEMINI_API_KEY", geminiApiKey);
    }
    Process script = builder.start();
    String output = new String(script.getInputStream().readAllBytes());
    if (!script.waitFor(3, TimeUnit.MINUTES) || script.exitValue() != 0) {
      throw new IllegalStateException("add-taskmanager failed: " + output);
    }
  }

  /**
   * Polls {@code condition} until it holds; the synchronisation point of a test, on state the system exposes (never a
   * fixed sleep standing in for it). Fails after {@code timeout}.
   */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(100);
    }
  }
}
