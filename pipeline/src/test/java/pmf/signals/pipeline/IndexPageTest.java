package pmf.signals.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import pmf.signals.devtools.CohortGenerator;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.ScratchDatabases;
import pmf.signals.transforms.json.Json;

/** OUTPUTDIR/index.html after a run and after a backfill: every analysed date, linked to the report beside it. */
public class IndexPageTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String FIRST = "2026-11-22";
  private static final String SECOND = "2026-11-23";
  private static final String INDEX_LINE = "  index            ";

  @Test
  public void aRunAndThenABackfillEachRewriteTheIndexWithEveryDateLinkedToItsReport() throws Exception {
    String url = ScratchDatabases.createWithSourceSchema();
    try (Connection conn = DriverManager.getConnection(url)) {
      CohortGenerator.load(CohortSpec.of(120, 11L), conn, tmp.getRoot().toPath().resolve("truth.json"));
    }
    Path out = tmp.newFolder("out").toPath();
    Path index = out.resolve("index.html");

    PipelineRun run = PipelineRun.of(url, FIRST, out);

    assertThat(run.err(), run.exitCode(), equalTo(0));
    assertThat(run.out(), containsString(INDEX_LINE + index.toAbsolutePath() + "\n"));
    assertThat(hrefs(Files.readString(index)), equalTo(List.of(FIRST + "/report.html")));

    PipelineRun backfill = PipelineRun.withArgs("--jdbcUrl=" + url, "--from=" + FIRST, "--to=" + SECOND,
        "--outputDir=" + out);

    assertThat(backfill.err(), backfill.exitCode(), equalTo(0));
    assertThat(backfill.out(), containsString("backfill done: 2 dates, 1 run, 1 skipped"));
    assertThat(backfill.out(), containsString(INDEX_LINE + index.toAbsolutePath() + "\n"));
    String html = Files.readString(index);
    assertThat("newest first", hrefs(html), equalTo(List.of(SECOND + "/report.html", FIRST + "/report.html")));
    for (String href : hrefs(html)) {
      Path report = index.getParent().resolve(href);
      assertThat(href + " resolves to a report", Files.isRegularFile(report), equalTo(true));
      assertThat(Files.readString(report), containsString("Product signals for"));
    }
    assertThat(html, containsString("2 analysed dates, 22–23 Nov 2026 · analyzer: the offline rules, no LLM"));
    assertThat(html, containsString("All 2 analysed dates (marked “warning” below): OFFLINE ANALYZER"));
    for (String date : List.of(FIRST, SECOND)) {
      JsonNode summary = Json.tree(Sql.one(url,
          "SELECT summary::text FROM daily_summary WHERE analysis_date = '" + date + "'"));
      assertThat(date + "'s active users", html,
          containsString("<td class=\"num\">" + summary.path("users").path("active").asLong()));
      // Stored themes are already at least k; the largest is the row's top friction. A small day's writing may hold no
      // friction theme that k users share: the row then says so.
      JsonNode frictions = summary.path("themes").path("frictions");
      if (frictions.isEmpty()) {
        assertThat(date + " says no friction theme reached k", html, containsString("none reached 5 users"));
        continue;
      }
      JsonNode top = frictions.path(0);
      assertThat(date + " has a friction theme of at least k users", top.path("analysed_users").asInt() >= 5,
          equalTo(true));
      assertThat(date + "'s top friction theme", html, containsString(">" + escaped(top.path("theme").asText())));
    }
    assertThat(html, not(containsString("<script")));
    try (Stream<Path> files = Files.list(out)) {
      assertThat("no temporary file left behind",
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(), equalTo(List.of()));
    }
  }

  @Test
  public void anEmptyLedgerGivesAPageSayingSoReadableByOthersAndReplacedInPlace() throws Exception {
    String url = ScratchDatabases.create();
    Migrations.apply(new DatabaseSettings(url, null, null));
    Path out = tmp.newFolder("out").toPath();
    Files.writeString(out.resolve("index.html"), "stale");

    try (Connection conn = DriverManager.getConnection(url)) {
      Path index = IndexPage.write(conn, out);

      assertThat(Files.readString(index), containsString("No analysed dates yet"));
      // A web server reading the folder must be able to read the index as it reads the reports.
      assertThat(Files.getPosixFilePermissions(index).contains(PosixFilePermission.OTHERS_READ),
          equalTo(Files.getPosixFilePermissions(Files.writeString(out.resolve("probe"), "")).contains(
              PosixFilePermission.OTHERS_READ)));
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList(), equalTo(List.of("index.html", "probe")));
    }
  }

  @Test
  public void anIndexThatCannotBeWrittenIsAWarningNotTheRunsFailure() throws Exception {
    String url = ScratchDatabases.create(); // no daily_summary table: the query fails
    Path out = tmp.newFolder("out").toPath();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream warned = new ByteArrayOutputStream();

    try (Connection conn = DriverManager.getConnection(url);
        PrintStream o = new PrintStream(printed, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(warned, true, StandardCharsets.UTF_8)) {
      IndexPage.writeAndPrint(conn, out, o, e);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8), equalTo(""));
    assertThat(warned.toString(StandardCharsets.UTF_8), containsString("warning: " + out.resolve("index.html")
        + " was not rewritten (PSQLException: "));
    assertThat(Files.exists(out.resolve("index.html")), equalTo(false));
  }

  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static List<String> hrefs(String html) {
    List<String> hrefs = new ArrayList<>();
    Matcher href = Pattern.compile("<a href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      hrefs.add(href.group(1));
    }
    return hrefs;
  }
}
