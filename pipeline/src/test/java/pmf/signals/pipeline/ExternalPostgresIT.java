package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;

/**
 * The same daily run against an external PostgreSQL 15 server (Debian's package, password authentication) as against
 * the embedded PostgreSQL 17: same cohort, same rows. Run by {@code make test-external}, which starts the server and
 * passes it in PMF_EXTERNAL_JDBC_URL / _USER / _PASSWORD.
 */
public class ExternalPostgresIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DATE = "2026-11-23";
  private static final String ROWS =
      "SELECT user_id, analysis_date, insights::text, metrics::text, tier, input_hash, prompt_version, model,"
          + " llm_status, status_reason FROM analysis_cache ORDER BY user_id";

  private final String serverUrl = required("PMF_EXTERNAL_JDBC_URL");
  private final String user = required("PMF_EXTERNAL_USER");
  private final String password = required("PMF_EXTERNAL_PASSWORD");
  private final String database = "pmf_external_" + ProcessHandle.current().pid();
  private String url;

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run this test with `make test-external`");
    }
    return value;
  }

  @Before
  public void createDatabase() throws Exception {
    try (Connection conn = DriverManager.getConnection(serverUrl, user, password);
        Statement st = conn.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database);
      st.execute("CREATE DATABASE " + database);
    }
    url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
  }

  @After
  public void dropDatabase() throws Exception {
    try (Connection conn = DriverManager.getConnection(serverUrl, user, password);
        Statement st = conn.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private void load(Connection conn) throws Exception {
    CohortGenerator.load(
        new CohortSpec(300, 30, 7L, LocalDate.parse(DATE), true), conn, tmp.newFile().toPath());
  }

  @Test
  public void theDailyRunOnPostgres15MatchesTheEmbeddedPostgres17RowForRow() throws Exception {
    try (Connection conn = DriverManager.getConnection(url, user, password)) {
      assertThat(conn.getMetaData().getDatabaseMajorVersion(), equalTo(15));
      load(conn);
    }
    String embedded = ScratchDatabases.create();
    try (Connection conn = DriverManager.getConnection(embedded)) {
      load(conn);
    }
    Path out = tmp.newFolder("out").toPath();

    PipelineRun external = PipelineRun.withArgs("--jdbcUrl=" + url, "--jdbcUser=" + user, "--jdbcPassword=" + password,
        "--date=" + DATE, "--outputDir=" + out);
    PipelineRun local = PipelineRun.of(embedded, DATE, out);

    assertThat(external.err(), external.exitCode(), equalTo(0));
    assertThat(local.err(), local.exitCode(), equalTo(0));
    List<String> externalRows = rows(url);
    assertThat(externalRows.size(), greaterThan(20));
    assertThat(externalRows, equalTo(Sql.rows(embedded, ROWS)));
    assertThat(external.out(), not(containsString(password)));
  }

  @Test
  public void aWrongPasswordIsOneClearLineAndExitCodeTwo() {
    PipelineRun run = PipelineRun.withArgs("--jdbcUrl=" + url, "--jdbcUser=" + user, "--jdbcPassword=wrong-Pa55",
        "--date=" + DATE, "--outputDir=" + tmp.getRoot());

    assertThat(run.exitCode(), equalTo(2));
    assertThat(run.err().strip().lines().count(), equalTo(1L));
    assertThat(run.err(), containsString("password authentication failed"));
    assertThat(run.err(), not(containsString("wrong-Pa55")));
  }

  private List<String> rows(String jdbcUrl) throws Exception {
    return Sql.rows(jdbcUrl + "?user=" + user + "&password=" + password, ROWS);
  }
}
