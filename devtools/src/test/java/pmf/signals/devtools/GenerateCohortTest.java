package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class GenerateCohortTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = GenerateCohort.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String[] lines(String s) {
    return s.strip().split("\n");
  }

  @Test
  public void loadsAndSummarisesInOneLine_thenRefusesNonEmptyTablesWithoutReplace() throws Exception {
    String url = TestPostgres.server().createDatabase("cli_cohort");
    Path truth = TestPostgres.truthDir().resolve("cli.json");
    Run first = run("--users=25", "--days=7", "--seed=3", "--jdbcUrl=" + url, "--truth=" + truth);
    assertThat(first.err(), first.exit(), is(0));
    assertThat(lines(first.out()).length, is(1));
    assertThat(first.out(), startsWith("loaded 25 users, "));
    assertThat(Files.exists(truth), is(true));

    Run again = run("--users=25", "--seed=3", "--jdbcUrl=" + url, "--truth=" + truth);
    assertThat(again.exit(), is(GenerateCohort.EXIT_REFUSED));
    assertThat(lines(again.err()).length, is(1));
    assertThat(again.err(), containsString("--replace"));

    Run replaced = run("--users=25", "--seed=4", "--messy=false", "--replace", "--jdbcUrl=" + url, "--truth=" + truth);
    assertThat(replaced.err(), replaced.exit(), is(0));
  }

  @Test
  public void givenAnUnreachableOrBadJdbcUrl_exitsNonZeroWithOneLine() {
    for (String url : new String[] {"jdbc:postgresql://127.0.0.1:1/postgres", "jdbc:nosuchdb://x"}) {
      Run r = run("--users=5", "--jdbcUrl=" + url);
      assertThat(url, r.exit(), is(GenerateCohort.EXIT_CONNECT));
      assertThat(r.err(), lines(r.err()).length, is(1));
      assertThat(r.err(), startsWith("generate-cohort: cannot connect to "));
    }
  }

  @Test
  public void givenAWrongPassword_exitsNonZeroWithOneLine() throws Exception {
    String url = TestPostgres.server().jdbcUrl("postgres").replace("?user=postgres", "?user=nobody_here");
    Run r = run("--users=5", "--jdbcUrl=" + url, "--jdbcPassword=wrong");
    assertThat(r.exit(), is(GenerateCohort.EXIT_CONNECT));
    assertThat(r.err(), lines(r.err()).length, is(1));
  }
}
