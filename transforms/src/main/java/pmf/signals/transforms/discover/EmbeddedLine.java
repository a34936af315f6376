package pmf.signals.transforms.discover;

/** A user's line and its sentence embedding (all-MiniLM-L6-v2, unit length). */
public record EmbeddedLine(Utterance line, float[] vector) implements java.io.Serializable {}
