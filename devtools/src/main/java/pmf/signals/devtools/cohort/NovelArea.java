package pmf.signals.devtools.cohort;

import static pmf.signals.devtools.cohort.Lexicon.np;
import static pmf.signals.devtools.cohort.Lexicon.sentence;

import java.util.List;
import java.util.Map;

/**
 * A product area no analyzer rule knows, planted only with {@code CohortSpec.novelFriction}: printable 3D models
 * ({@link UseCase#PRINTABLE_MODELS}, {@link Service#MESH_GENERATION}) and their friction ({@link
 * Friction#MESH_NOT_PRINTABLE}): the job succeeds and is paid for, but the mesh will not slice, and users say so in
 * words of their hobby ("watertight", "manifold", "slicer", "supports") that no rule contains. Beside it, a background
 * of routine follow-ups ("make another one", "try a different style"), short, alike across users and sent after a
 * result that worked: they are not complaints, whatever word-overlap rules make of them.
 *
 * <p>Every draw comes from the user's own dice, and nothing here runs unless the spec asks for it, so a cohort without
 * it is the same rows as before.
 */
final class NovelArea {
  private NovelArea() {}

  /** Share of active users who take up the area (their own Weyl draw). */
  static final double TAKE_UP = 0.30;
  /** Share of those for whom its friction is planted: about 18% of active users. */
  static final double FRICTION_RATE = 0.60;
  /** The area's weight among a user's use cases when a conversation's use case is drawn. */
  static final double WEIGHT = 2.5;
  /** Share of refinements that are routine follow-ups instead. */
  static final double ROUTINE_SHARE = 0.5;
  /** Weyl streams of the two draws (of 16): persona 0, the frictions 1..7 and dormancy 8 are taken. */
  static final int WEYL_TAKE_UP = 14;
  static final int WEYL_FRICTION = 15;

  static final Map<String, String[]> BANKS = Map.of(
      "mini", new String[] {"a dwarf cleric", "a dragon coiled on a rock", "a goblin archer", "my D&D paladin",
          "a tiny owl", "a chess knight", "a mech with a cannon arm", "a lich on a throne", "a halfling bard",
          "an otter holding a lantern"},
      "scale", new String[] {"28mm", "32mm", "54mm", "75mm", "1:10"},
      "printer", new String[] {"Prusa MK4", "Bambu P1S", "Ender 3", "Elegoo Saturn", "Anycubic Photon", "Voron 2.4"},
      "prop", new String[] {"helmet", "blaster", "gauntlet", "crown", "shoulder armour", "staff topper"},
      "part", new String[] {"dishwasher wheel", "drawer handle", "GoPro mount", "oven knob", "cable clip",
          "bike light bracket"});

  static final List<Lexicon.Frame> FRAMES = List.of(
      np(Service.MESH_GENERATION, "a printable model of {mini} at {scale} scale as an STL"),
      np(Service.MESH_GENERATION, "an STL of {mini} for my {printer}"),
      np(Service.MESH_GENERATION, "a 3D model of {mini}, hollowed, with a flat base"),
      np(Service.MESH_GENERATION, "a cosplay {prop} split into parts that fit the {printer} bed"),
      np(Service.MESH_GENERATION, "a replacement {part} as a 3D model"),
      sentence(Service.MESH_GENERATION, "turn my sketch of {mini} into a 3D model for the {printer}"));

  static final String[] CONTEXTS = {"I run a small miniatures shop.", "my {printer} just arrived.",
      "the tabletop campaign starts {date}.", "the original {part} snapped.", "con is in three weeks."};

  static final String[] MODS = {"{scale} scale", "with supports already placed", "solid, no hollowing",
      "for resin", "for PLA", "flat base please", "keep the details crisp"};

  static final String[] JOB_STARTS = {"Sculpting the mesh now — about {eta} seconds.",
      "Generating the 3D model ({scale}); I'll post the STL here.", "Building the mesh and exporting an STL."};

  static final String[] OFFERS = {"Want a version with supports?", "I can split it into parts.",
      "Should I scale it to 32mm?"};

  static final String[] MESH_CHANGES = {"make the base wider", "add more detail on the face", "pose it differently",
      "make it chunkier", "scale it to {scale}", "give it a cape"};

  /** The friction in the hobby's words: none names a size, a format, memory, time, money or an earlier message. */
  static final String[] COMPLAINTS = {"the slicer says the mesh isn't watertight",
      "there are holes all over the mesh, Cura refuses it", "non-manifold edges everywhere, PrusaSlicer won't take it",
      "the walls are paper thin, nothing survives the supports", "the arm is floating, it isn't even attached",
      "it has {k} open edges and the slicer rejects it", "half the faces are inverted, the slicer shows it inside out",
      "the STL won't slice, manifold errors again", "the base isn't flat so it wobbles off the build plate",
      "overhangs everywhere, no chance that slices without a forest of supports"};

  /** A first, milder word after the first broken mesh, before the user tries once more. */
  static final String[] FIRST_NOTICE = {"hmm the slicer flags it", "the mesh looks broken in the slicer",
      "cura shows holes in it", "that one isn't watertight"};

  static final String[] ROUTINE = {"make another one", "another one please", "one more like that",
      "try a different style", "different style this time", "same again but a different style", "make another",
      "another version pls", "can you make another one", "try another style"};

  static final String MESH_REPLY = "Here's your STL — {eta} MB, ready to slice.";

  static final String APOLOGY = "I've regenerated it with thicker walls; run it through a mesh repair tool before slicing.";
}
