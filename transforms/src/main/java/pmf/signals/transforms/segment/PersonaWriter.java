package pmf.signals.transforms.segment;

import java.io.Serializable;

/**
 * Writes a segment's persona from its {@link PersonaBrief}: an LLM. Without one the offline persona stands. Serializable
 * configuration; {@link #setup()} opens clients on the worker.
 */
public interface PersonaWriter extends Serializable {

  default void setup() throws Exception {}

  /**
   * The persona of the brief's segment, and what writing it cost. Never throws: whatever fails, {@code offline} (the
   * rules' persona) is the answer, with a source that says why.
   */
  WrittenPersona write(PersonaBrief brief, Persona offline);

  default void teardown() throws Exception {}
}
