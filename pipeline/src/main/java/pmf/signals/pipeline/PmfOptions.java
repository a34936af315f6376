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
}
