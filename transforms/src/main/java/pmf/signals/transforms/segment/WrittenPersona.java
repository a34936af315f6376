package pmf.signals.transforms.segment;

import java.io.Serializable;

/** A segment's persona (null under the k-threshold) and what writing it cost: model calls, tokens, estimated dollars. */
public record WrittenPersona(Persona persona, int calls, int tokensIn, int tokensOut, double costUsd)
    implements Serializable {

  /** Written by the rules: no calls, no cost. */
  public static WrittenPersona offline(Persona persona) {
    return new WrittenPersona(persona, 0, 0, 0, 0.0);
  }
}
