package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static pmf.signals.transforms.Fixtures.behaviour;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.json.JsonCoder;
import pmf.signals.transforms.model.FrictionPoint;
import pmf.signals.transforms.model.Insights;
import pmf.signals.transforms.model.LlmStatus;
import pmf.signals.transforms.model.UserAnalysis;
import pmf.signals.transforms.model.WillingnessToPay;
import pmf.signals.transforms.segment.Persona;
import pmf.signals.transforms.segment.SegmentRecord;

public class SummarizeDayTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final LocalDate DATE = LocalDate.parse("2026-11-23");
  private static final int K = 5;

  /** Labels by their words (hashed counts), with what a paid embedder would have spent on this worker. */
  static final class WordCounts implements LabelEmbedder {
    @Override
    public float[] embed(String label) {
      return MiniLm.words(label);
    }

    @Override
    public String name() {
      return "word counts (test)";
    }

    @Override
    public Spend spend() {
      return new Spend(2, 120, 0.0004);
    }
  }

  private static UserAnalysis row(String userId, Integer segmentId, String friction) {
    Insights insights = friction == null ? null : new Insights("offline-rules", "s", List.of("video creation"), "g",
        List.of(new FrictionPoint(friction, 4, "failed_job", "timeout")), List.of(), new WillingnessToPay("low", "e"),
        4, List.of(), null);
    return new UserAnalysis(userId, behaviour("pro", 9, Map.of("video_generation", 3), 2), insights, "B",
        "15 active users <= 1000", segmentId, friction == null ? "not_eligible" : "census", false,
        friction == null ? 0.0 : 1.0, "hash-" + userId, "offline-rules.v3", "offline",
        friction == null ? LlmStatus.NO_CONSENT : LlmStatus.OFFLINE, null, 0, 0, 0, 0.0, null);
  }

  private static JsonNode tree(String json) {
    try {
      return Json.tree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the summary is not JSON: " + json, e);
    }
  }

  private static SegmentRecord segment(int id, long users, String persona) {
    return new SegmentRecord(id, users, users, (int) users, null, "new", Map.of("jobs", 3.0),
        new Persona(persona, persona + ", described", "offline-rules"), "k-means", 0, 0, 0, 0.0);
  }

  @Test
  public void foldsTheDayIntoOneSummary_themesOnlyForKUsers_personasOnlyForKUsers_andTheEmbeddersSpend() {
    List<UserAnalysis> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // 7 analysed users hit the same timeout; 2 and 3 have complaints of their own, under k.
      rows.add(row("u" + i, 1, i < 7 ? "video renders time out" : i < 9 ? "my invoice 4411 is wrong" : "slow exports"));
    }
    for (int i = 0; i < 3; i++) {
      rows.add(row("n" + i, 2, null)); // no consent: counted as active, never read
    }
    WordCounts embedder = new WordCounts();
    DailySummary.Inputs inputs = new DailySummary.Inputs(DATE, "offline", null, K,
        ReturnModel.train(ReturnModelTest.history(13, false)).report(), "the planned method", List.of());
    PCollectionView<List<SegmentRecord>> segments = p
        .apply("Segments", Create.of(segment(1, 12, "Video makers"), segment(2, 3, "Three quiet users"))
            .withCoder(SerializableCoder.of(SegmentRecord.class)))
        .apply(View.asList());

    PCollection<String> summary = p
        .apply("Rows", Create.of(rows).withCoder(JsonCoder.of(UserAnalysis.class)))
        .apply(SummarizeDay.of(inputs, embedder, segments));

    PAssert.thatSingleton(summary).satisfies(json -> {
      JsonNode s = tree(json);
      assertThat(s.get("analysis_date").asText(), equalTo("2026-11-23"));
      assertThat(s.get("users").toString(),
          equalTo("{\"active\":15,\"consenting\":12,\"analysed\":12,\"inherited\":0,\"new\":0}"));
      JsonNode frictions = s.get("themes").get("frictions");
      assertThat(frictions.size(), equalTo(1));
      assertThat(frictions.get(0).get("theme").asText(), equalTo("video renders time out"));
      assertThat(frictions.get(0).get("users").asInt(), equalTo(7));
      assertThat(frictions.get(0).get("cause").asText(), equalTo("timeout"));
      assertThat(s.get("top_to_build").get(0).get("theme").asText(), equalTo("video renders time out"));
      assertThat(json, not(containsString("4411"))); // labels of fewer than k users are never named
      assertThat(json, not(containsString("slow exports")));
      // The method is the embedder that grouped the themes on this worker, with what it spent.
      assertThat(s.get("themes").get("method").asText(), equalTo(SummarizeDay.method(embedder)));
      assertThat(s.get("themes").get("embedding_spend").toString(),
          equalTo("{\"calls\":2,\"tokens_in\":120,\"cost_usd\":4.0E-4}"));
      assertThat(s.get("personas").size(), equalTo(1));
      assertThat(s.get("personas").get(0).get("name").asText(), equalTo("Video makers"));
      assertThat(s.get("personas").get(0).get("share").asDouble(), equalTo(0.8));
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
  }
}
