package pmf.signals.transforms.embed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import java.util.List;
import org.junit.Test;

public class MiniLmTest {
  @Test
  public void aTextSeenBeforeOnThisWorkerGetsTheVectorTheModelGaveIt() {
    List<float[]> first = MiniLm.embedAll(List.of("make another one", "the slicer says the mesh has holes"));
    List<float[]> again = MiniLm.embedAll(List.of("thanks, perfect", "make another one"));

    assertThat(again.get(1), sameInstance(first.get(0))); // looked up, not embedded again
    assertThat(first.get(0), equalTo(MiniLm.model().embed("make another one").content().vector()));
    assertThat(again.get(0), equalTo(MiniLm.model().embed("thanks, perfect").content().vector()));
    assertThat(first.get(1).length, equalTo(384));
  }
}
