package pmf.signals.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the daily run. Other tools call these by name: keep them stable. */
public interface PmfOptions extends PipelineOptions {

  @Description("JDBC URL of the product's PostgreSQL, e.g. jdbc:postgresql://db:5432/app")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user (or put it in the URL)")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("Database password; prefer the PMF_JDBC_PASSWORD or PGPASSWORD environment variable, which keeps it"
      + " out of process listings")
  String getJdbcPassword();

  void setJdbcPassword(String value);

  @Description("Analysis date YYYY-MM-DD; default: yesterday in --timeZone")
  String getDate();

  void setDate(String value);

  @Description("Days of history (ending with --date) that metrics and analysis look at")
  @Default.Integer(30)
  int getLookbackDays();

  void setLookbackDays(int value);

  @Description("Backfill: the first date YYYY-MM-DD of a range run date by date, oldest first (instead of --date)")
  String getFrom();

  void setFrom(String value);

  @Description("Backfill: the last date of the range; default: yesterday in --timeZone")
  String getTo();

  void setTo(String value);

  @Description("Backfill: also re-run dates that already have a succeeded run (of the same analyzer) in analysis_runs")
  @Default.Boolean(false)
  boolean getForce();

  void setForce(boolean value);

  @Description("User story: print this user's analysis_cache rows (metrics, llm_status, insights, segment) for --date,"
      + " --from/--to or their last 30 analysed dates, without running anything; see docs/USER_STORY.md")
  String getUser();

  void setUser(String value);

  @Description("User story: print the dates as a JSON array, one object per date, instead of text")
  @Default.Boolean(false)
  boolean getJson();

  void setJson(boolean value);

  @Description("Time zone whose calendar days the analysis uses")
  @Default.String("UTC")
  String getTimeZone();

  void setTimeZone(String value);

  @Description("Analyzer: offline (rule-based, no network) or gemini")
  @Default.String("offline")
  String getLlm();

  void setLlm(String value);

  @Description("Directory for per-date outputs (DIR/DATE/summary.json, ...)")
  @Default.String("out")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("File with the source queries (a copy of db/queries.sql mapped to your schema); default: bundled")
  String getQueries();

  void setQueries(String value);

  @Description("Only check the source database (tables, columns, types, indexes, rows, the day's active users and"
      + " tier) and print the table; exit 0 when a run can go, 2 otherwise. Every run makes the same check first")
  @Default.Boolean(false)
  boolean getCheck();

  void setCheck(boolean value);

  @Description("Whose conversations may be analysed: column (users whose --consentColumn is true; a database without"
      + " the column has nobody's text read), all (the operator states that their terms cover analysis; recorded"
      + " and shown in every output), none (metrics only)")
  @Default.String("column")
  String getConsent();

  void setConsent(String value);

  @Description("The users column that holds analytics consent, for --consent=column")
  @Default.String("analytics_consent")
  String getConsentColumn();

  void setConsentColumn(String value);

  @Description("Print the stack trace of an unexpected failure on the console too (it always goes to the log file)")
  @Default.Boolean(false)
  boolean getVerbose();

  void setVerbose(boolean value);

  @Description("Seconds between progress lines on stderr while a run is under way (users written, LLM calls, tokens, $,"
      + " ETA, the step under way); 0 turns them off")
  @Default.Integer(10)
  int getProgressSeconds();

  void setProgressSeconds(int value);

  @Description("Skip applying the database migrations for pmf-signals' own tables at start")
  @Default.Boolean(false)
  boolean getSkipMigrations();

  void setSkipMigrations(boolean value);

  @Description("Message contents longer than this are truncated in the query (their full length is still counted)")
  @Default.Integer(4000)
  int getMaxMessageChars();

  void setMaxMessageChars(int value);

  @Description("Active users are read in this many disjoint parts, one query each, in parallel")
  @Default.Integer(8)
  int getReadPartitions();

  void setReadPartitions(int value);

  @Description("Upper bounds of tiers A, B and C in active users per day")
  @Default.String("100,1000,10000")
  String getTierThresholds();

  void setTierThresholds(String value);

  @Description("Most users sent to the analyzer in one run, in every tier (each is one request, plus retries when the"
      + " service fails); tiers C and D size their samples within it, tiers A and B analyse the lowest hashes first")
  @Default.Integer(2000)
  int getMaxLlmCallsPerRun();

  void setMaxLlmCallsPerRun(int value);

  @Description("Slack incoming webhook for the daily digest (a secret: prefer the PMF_SLACK_WEBHOOK_URL environment"
      + " variable, which runners do not show); none: no digest")
  String getSlackWebhookUrl();

  void setSlackWebhookUrl(String value);

  @Description("Attempts to deliver the Slack digest (5xx, 429 and network errors are retried with backoff)")
  @Default.Integer(5)
  int getSlackMaxAttempts();

  void setSlackMaxAttempts(int value);

  @Description("Tier C: users drawn per segment by the hash of (user, date, --sampleSeed)")
  @Default.Integer(40)
  int getSamplePerSegment();

  void setSamplePerSegment(int value);

  @Description("Tier C: users nearest each segment's centre, analysed as its typical members")
  @Default.Integer(5)
  int getNearestPerSegment();

  void setNearestPerSegment(int value);

  @Description("Tier D: most of --maxLlmCallsPerRun that outliers (users far from every segment) may take")
  @Default.Double(0.1)
  double getMaxOutlierShare();

  void setMaxOutlierShare(double value);

  @Description("Seed of every sample (segments' fit sample, tier C and D samples): same date and seed, same sample")
  @Default.Long(42)
  long getSampleSeed();

  void setSampleSeed(long value);

  @Description("Segments: 0 chooses k by silhouette within --minClusters..--maxClusters; otherwise this many")
  @Default.Integer(0)
  int getClusters();

  void setClusters(int value);

  @Description("Fewest segments k-means may choose")
  @Default.Integer(2)
  int getMinClusters();

  void setMinClusters(int value);

  @Description("Most segments k-means may choose")
  @Default.Integer(12)
  int getMaxClusters();

  void setMaxClusters(int value);

  @Description("Users (the lowest sampling hashes) k-means is fitted on, on one worker")
  @Default.Integer(4000)
  int getSegmentSampleSize();

  void setSegmentSampleSize(int value);

  @Description("Gemini model for --llm=gemini: one the bundled model catalogue lists as current (gemini-3.5-flash-lite,"
      + " gemini-2.5-flash-lite, ...), or any model Google serves that --llmPrices prices; a retired one stops the run"
      + " at start and names its replacement")
  @Default.String("gemini-3.5-flash-lite")
  String getGeminiModel();

  void setGeminiModel(String value);

  @Description("Gemini embedding model that groups the day's labels into themes with --llm=gemini"
      + " (without a key, or with 'none', all-MiniLM-L6-v2 runs offline)")
  @Default.String("gemini-embedding-001")
  String getGeminiEmbeddingModel();

  void setGeminiEmbeddingModel(String value);

  @Description("Gemini API base URL, e.g. http://127.0.0.1:8089 for a local endpoint; default: Google's."
      + " The key is read from the GEMINI_API_KEY environment variable, never from an option")
  String getGeminiBaseUrl();

  void setGeminiBaseUrl(String value);

  @Description("How much the model thinks before it answers (billed as output): minimal (the least the model allows:"
      + " level MINIMAL on Gemini 3, budget 0 on 2.5 Flash-Lite), low, medium or high (Gemini 3), a budget in tokens"
      + " (2.5 models), or model (its own default). A value the model cannot take stops the run at start")
  @Default.String("minimal")
  String getGeminiThinking();

  void setGeminiThinking(String value);

  @Description("Gemini quota in requests per minute, shared by all --llmWorkers")
  @Default.Integer(1000)
  int getLlmRpm();

  void setLlmRpm(int value);

  @Description("Gemini quota in input tokens per minute, shared by all --llmWorkers (0 = no limit)")
  @Default.Long(1_000_000L)
  long getLlmTpm();

  void setLlmTpm(long value);

  @Description("How many worker processes share the quota and the budget (each takes an equal part): 1 on"
      + " DirectRunner and Flink [local]; the number of TaskManagers on a Flink cluster")
  @Default.Integer(1)
  int getLlmWorkers();

  void setLlmWorkers(int value);

  @Description("Model calls each worker keeps in flight at once")
  @Default.Integer(32)
  int getLlmConcurrency();

  void setLlmConcurrency(int value);

  @Description("Attempts per user before a dead letter (429s, 5xx, timeouts, unusable answers)")
  @Default.Integer(5)
  int getLlmMaxAttempts();

  void setLlmMaxAttempts(int value);

  @Description("Token budget of one user's context in the prompt; older, less telling history is left out first")
  @Default.Integer(8000)
  int getMaxPromptTokens();

  void setMaxPromptTokens(int value);

  @Description("Output token limit of one answer")
  @Default.Integer(2048)
  int getMaxOutputTokens();

  void setMaxOutputTokens(int value);

  @Description("Stop starting model calls once the run's estimated cost reaches this many US dollars (0 = no cap);"
      + " users after that get metrics and llm_status=skipped_budget")
  @Default.Double(10.0)
  double getMaxLlmCostUsd();

  void setMaxLlmCostUsd(double value);

  @Description("USD per million input/output tokens, e.g. gemini-3.8-flash=0.75/4.50,my-model=1/4;"
      + " entries override the bundled model catalogue's list prices")
  String getLlmPrices();

  void setLlmPrices(String value);

  @Description("When the LLM failed for more than this share of the users it was to analyse, the run still writes"
      + " every user's metrics but exits with code 3 (degraded) and its outputs lead with it")
  @Default.Double(0.2)
  double getMaxLlmFailureShare();

  void setMaxLlmFailureShare(double value);

  @Description("Smallest number of distinct users any aggregate, theme, cluster or persona may describe; smaller"
      + " groups are folded into \"other\" (k-anonymity threshold, at least 2)")
  @Default.Integer(5)
  int getMinGroupUsers();

  void setMinGroupUsers(int value);
}
