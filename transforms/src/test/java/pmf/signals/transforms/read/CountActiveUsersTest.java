package pmf.signals.transforms.read;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.devtools.ScratchDatabases;

public class CountActiveUsersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Emits the side input's value once, so PAssert can see it. */
  static final class ReadView extends DoFn<String, Long> {
    private final PCollectionView<Long> view;

    ReadView(PCollectionView<Long> view) {
      this.view = view;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      context.output(context.sideInput(view));
    }
  }

  @Test
  public void countsEveryoneActiveOnTheDateByMessageJobOrAction() throws Exception {
    String url = ScratchDatabases.createWithSourceSchema();
    ScratchDatabases.exec(url,
        "INSERT INTO conversations VALUES ('c1', 'talker', NULL, '2026-11-23 08:00Z', NULL),"
            + " ('c2', 'yesterday', NULL, '2026-11-22 08:00Z', NULL)",
        "INSERT INTO messages VALUES ('m1', 'c1', 'user', 'hi', '2026-11-23 08:00Z'),"
            + " ('m2', 'c1', 'user', 'again', '2026-11-23 09:00Z'), ('m3', 'c2', 'user', 'old', '2026-11-22 08:00Z')",
        "INSERT INTO service_jobs VALUES ('j1', 'maker', NULL, 'upscale', 'queued', 1, NULL, '2026-11-23 10:00Z', NULL),"
            + " ('j2', 'talker', NULL, 'upscale', 'queued', 1, NULL, '2026-11-23 10:00Z', NULL)",
        "INSERT INTO user_actions VALUES (gen_random_uuid(), 'sharer', 'share', '{}', '2026-11-23 23:59')");
    JdbcIO.DataSourceConfiguration source = JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);

    PCollectionView<Long> count =
        p.apply(CountActiveUsers.create(
            source, SourceQueries.load(null), AnalysisWindow.of(LocalDate.parse("2026-11-23"), ZoneOffset.UTC, 30)));
    PCollection<Long> seen = p.apply(Create.of("once")).apply(ParDo.of(new ReadView(count)).withSideInputs(count));

    PAssert.that(seen).containsInAnyOrder(3L); // talker, maker, sharer
    p.run().waitUntilFinish();
  }
}
