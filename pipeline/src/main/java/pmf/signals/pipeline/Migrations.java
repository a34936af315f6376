package pmf.signals.pipeline;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates and upgrades pmf-signals' own tables (analysis_cache, analysis_runs, analysis_failures) with Flyway. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult apply(DatabaseSettings db) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/migration")
        // Our own history table, so we never collide with the product's Flyway history in the same schema.
        .table("pmf_schema_history")
        // The product's schema is not empty: start our history below V1 so V1 still runs.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
