package pmf.signals.transforms.summary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Set;
import org.junit.Test;
import pmf.signals.transforms.discover.DiscoveredTheme;

public class WrittenThemesTest {
  private static DiscoveredTheme friction(String name, List<String> terms, String after) {
    return new DiscoveredTheme(DiscoveredTheme.FRICTION, name, terms, 12, 12, 15, 12, 3, 40, 1, 0.1, 0.4, 0.05, 0.6,
        0.9, "wrong_result", "mesh_generation", new float[] {1, 0}, Set.of("a", "b"), after);
  }

  @Test
  public void aFrictionIsLabelledByItsNameItsWordsAndWhatItCameAfter() {
    List<Theme> themes = WrittenThemes.asThemes(List.of(
        friction("slicer, hole — after mesh generation results not kept", List.of("slicer", "hole"),
            "mesh generation results not kept"),
        friction("video generation jobs failing (timeout)", List.of(), "video generation jobs failing (timeout)")),
        100);

    assertThat(themes.get(0).labels(), equalTo(List.of("slicer, hole — after mesh generation results not kept",
        "slicer, hole", "mesh generation results not kept")));
    assertThat(themes.get(1).labels(), equalTo(List.of("video generation jobs failing (timeout)"))); // said once
    assertThat(themes.get(0).share(), equalTo(0.12));
  }
}
