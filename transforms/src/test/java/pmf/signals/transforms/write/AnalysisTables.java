package pmf.signals.transforms.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import pmf.signals.devtools.ScratchDatabases;

/** Creates pmf-signals' own tables in a scratch database by running the migrations in order, as Flyway would. */
public final class AnalysisTables {
  private static final String[] MIGRATIONS = {"V1__analysis_tables.sql", "V2__llm_cost_columns.sql",
      "V3__segments_and_sampling.sql", "V4__segment_persona_cost.sql", "V5__daily_summary.sql"};

  private AnalysisTables() {}

  public static void create(String url) throws IOException {
    for (String file : MIGRATIONS) {
      try (InputStream in = AnalysisTables.class.getClassLoader().getResourceAsStream("db/migration/" + file)) {
        if (in == null) {
          throw new IOException("migration " + file + " is not on the test classpath");
        }
        ScratchDatabases.exec(url, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }
}
