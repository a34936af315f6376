package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import pmf.signals.devtools.gemini.Behaviour;
import pmf.signals.devtools.gemini.FakeGemini;
import pmf.signals.devtools.gemini.RecordedRequest;

/** {@link GeminiEmbedder} on the real google-genai SDK against {@link FakeGemini} on loopback. */
public class GeminiEmbedderTest {
  private static final String KEY = "embedder-test-key";
  private final FakeGemini fake = FakeGemini.start(Behaviour.builder().apiKey(KEY).latency(Duration.ZERO).build());

  @After
  public void stop() {
    fake.close();
  }

  private GeminiEmbedder embedder(String model) {
    return new GeminiEmbedder(model, fake.baseUrl(), "UNUSED_KEY_ENV", KEY, null, null);
  }

  @Test
  public void embedsEachLabelOnceInBatches_andEveryVectorIsItsOwnLabels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      labels.add("friction number " + i);
    }
    GeminiEmbedder embedder = embedder("gemini-embedding-001");

    embedder.prepare(labels);
    embedder.prepare(labels.subList(0, 10)); // already embedded: no call

    assertThat(fake.embeddingRequests().size(), equalTo(2));
    for (RecordedRequest r : fake.embeddingRequests()) {
      assertThat(r.path(), containsString("gemini-embedding-001:"));
    }
    assertThat(fake.requests(), empty()); // nothing counted as a generation call
    for (String label : List.of(labels.get(0), labels.get(123))) {
      assertThat(embedder.embed(label), equalTo(FakeGemini.standInEmbedding(label)));
    }
    assertThat(fake.embeddingRequests().size(), equalTo(2));
    assertThat(embedder.name(),
        equalTo("Gemini gemini-embedding-001 (150 labels: 150 embedded in 2 calls, 0 kept from earlier runs)"));
    // Priced from the catalogue ($0.15 per 1M input tokens) on its estimate of the labels' tokens.
    LabelEmbedder.Spend spend = embedder.spend();
    assertThat(spend.calls(), equalTo(2));
    long tokens = labels.stream().mapToLong(l -> (l.length() + 3) / 4).sum();
    assertThat(spend.tokensIn(), equalTo(tokens));
    assertThat(spend.costUsd(), closeTo(tokens * 0.15 / 1_000_000, 1e-12));
    assertThat(embedder.similar(), equalTo(GeminiEmbedder.SIMILAR));
  }

  @Test
  public void aFailedCallSendsTheWholeDayToMiniLm_andTheMethodSaysWhy() {
    GeminiEmbedder embedder = embedder("gemini-3.5-flash-lite"); // not an embedding model: 404, as the real API answers

    embedder.prepare(List.of("video jobs time out", "credits run out"));

    assertThat(embedder.embed("video jobs time out").length, equalTo(384)); // all-MiniLM-L6-v2's width
    assertThat(embedder.name(), containsString("all-MiniLM-L6-v2"));
    assertThat(embedder.name(), containsString("Gemini gemini-3.5-flash-lite embeddings failed"));
    assertThat(embedder.name(), not(containsString(KEY)));
    assertThat(embedder.similar(), equalTo(LabelEmbedder.MiniLm.SIMILAR));
  }
}
