package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EmbeddedDbTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void givenADataDir_dataSurvivesARestart() throws Exception {
    java.nio.file.Path dataDir = folder.getRoot().toPath().resolve("pgdata");
    try (EmbeddedDb db = EmbeddedDb.start(dataDir); Connection c = db.connect(); Statement st = c.createStatement()) {
      assertThat(db.jdbcUrl(), matchesPattern("jdbc:postgresql://localhost:\\d+/postgres\\?user=postgres"));
      EmbeddedDb.createSourceSchema(c);
      EmbeddedDb.createIndexes(c);
      st.execute("INSERT INTO users VALUES ('usr_kept', now(), 'free', 50, true)");
    }
    try (EmbeddedDb db = EmbeddedDb.start(dataDir); Connection c = db.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), current_setting('fsync') FROM users WHERE id = 'usr_kept'")) {
      rs.next();
      assertThat(rs.getInt(1), is(1));
      assertThat(rs.getString(2), is("off"));
    }
  }
}
