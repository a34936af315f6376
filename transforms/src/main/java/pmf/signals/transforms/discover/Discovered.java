package pmf.signals.transforms.discover;

import java.io.Serializable;
import java.util.List;

/**
 * The day's discovered themes, most users first within each kind, and what they were found in: {@code lines} lines of
 * {@code users} consenting users (sampled users only on C/D days), {@code fitted} of them clustered, the rest placed.
 */
public record Discovered(List<DiscoveredTheme> themes, int lines, int users, int fitted, double seconds,
    String method) implements Serializable {

  public static Discovered none(String method) {
    return new Discovered(List.of(), 0, 0, 0, 0, method);
  }

  public List<DiscoveredTheme> of(String kind) {
    return themes.stream().filter(t -> t.kind().equals(kind)).toList();
  }
}
