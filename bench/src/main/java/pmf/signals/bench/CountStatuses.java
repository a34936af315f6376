package pmf.signals.bench;

import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import pmf.signals.transforms.model.UserAnalysis;

/** Counts rows per {@code llm_status} in Beam counters named after the status, for a worker to report. */
final class CountStatuses extends PTransform<PCollection<UserAnalysis>, PDone> {
  @Override
  public PDone expand(PCollection<UserAnalysis> rows) {
    rows.apply("Count", ParDo.of(new CountFn()));
    return PDone.in(rows.getPipeline());
  }

  static final class CountFn extends DoFn<UserAnalysis, Void> {
    @ProcessElement
    public void processElement(@Element UserAnalysis row) {
      Metrics.counter(CountStatuses.class, row.llmStatus().dbValue()).inc();
    }
  }
}
