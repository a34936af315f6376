package pmf.signals.transforms.segment;

import java.io.Serializable;

/** A segment's short name and a description contrasting it with its nearest neighbour; {@code source} names who wrote it. */
public record Persona(String name, String description, String source) implements Serializable {}
