package pmf.signals.devtools.cohort;

import static pmf.signals.devtools.cohort.UseCase.*;

import java.util.EnumMap;
import java.util.Map;

/** Who the beta users are: each persona has its own rhythm, 1-3 use cases, service mix, plan and habits. */
public enum Persona {
  SOCIAL_MEDIA_MARKETER("social_media_marketer",
      "Runs a brand's social accounts: captions, post images and short videos every few days", 0.16,
      new double[] {0.25, 0.65, 0.10},
      uses(SOCIAL_MEDIA_POSTS, 3, AD_CREATIVES, 2, SHORT_FORM_VIDEO, 1.5),
      new Habits(0.60, 1.7, 3.2, 0.80, 0.35, 1.0, 0.03, 8, 18),
      new double[] {1.0, 1.1, 0.8, 1.2, 1.0, 1.0, 1.0}),
  INDIE_DEVELOPER("indie_developer",
      "Builds an app alone: long coding conversations at night, now and then icons and store screenshots", 0.12,
      new double[] {0.45, 0.50, 0.05},
      uses(CODE_HELP, 3, APP_ASSETS, 2, LOGO_BRANDING, 1),
      new Habits(0.55, 1.5, 3.8, 0.60, 0.05, 0.7, 0.04, 10, 19),
      new double[] {0.6, 0.3, 1.0, 1.8, 1.8, 0.5, 1.0}),
  STUDENT("student", "Studies with it: explanations, flashcards, essay feedback, lecture transcripts; free plan", 0.17,
      new double[] {0.85, 0.15, 0.0},
      uses(STUDY_NOTES, 3, ESSAY_FEEDBACK, 2, VIDEO_SUBTITLES, 1),
      new Habits(0.50, 1.5, 3.0, 0.40, 0.15, 0.2, 0.06, 13, 19),
      new double[] {1.6, 0.4, 0.3, 1.2, 0.6, 0.6, 1.3}),
  ECOMMERCE_SELLER("ecommerce_seller",
      "Sells on Etsy/Shopify: product photos, background removal and upscales, downloads everything", 0.15,
      new double[] {0.20, 0.60, 0.20},
      uses(PRODUCT_PHOTOS, 4, AD_CREATIVES, 1.5, SOCIAL_MEDIA_POSTS, 1),
      new Habits(0.60, 1.7, 3.2, 0.95, 0.10, 1.1, 0.03, 7, 18),
      new double[] {0.9, 0.6, 2.0, 0.8, 1.2, 1.8, 1.0}),
  VIDEO_CREATOR("video_creator",
      "Makes short-form video: clips, b-roll, subtitles and voice-overs; heavy credit use", 0.11,
      new double[] {0.30, 0.60, 0.10},
      uses(SHORT_FORM_VIDEO, 3, VIDEO_SUBTITLES, 2, VOICEOVER, 1),
      new Habits(0.55, 1.5, 2.8, 0.85, 0.30, 0.6, 0.05, 9, 19),
      new double[] {1.2, 3.0, 0.8, 0.6, 1.5, 1.2, 0.8}),
  CASUAL_EXPLORER("casual_explorer",
      "Signs up out of curiosity, tries a few fun prompts once and mostly never comes back", 0.16,
      new double[] {0.95, 0.05, 0.0},
      uses(JUST_EXPLORING, 4, PHOTO_RESTORATION, 1.5),
      new Habits(0.15, 1.1, 2.0, 0.30, 0.10, -2.2, 0.35, 6, 19),
      new double[] {1.0, 0.6, 0.4, 0.4, 0.2, 0.8, 1.0}),
  AGENCY_TEAM("agency_team",
      "A small design agency on the team plan: logos, ad sets and client product shots, steady weekday use", 0.07,
      new double[] {0.0, 0.30, 0.70},
      uses(LOGO_BRANDING, 2, AD_CREATIVES, 2, PRODUCT_PHOTOS, 1),
      new Habits(0.70, 1.9, 3.0, 0.90, 0.20, 1.2, 0.02, 8, 17),
      new double[] {0.4, 0.8, 1.5, 1.0, 1.5, 0.6, 1.0}),
  PODCASTER("podcaster",
      "Hosts a weekly show: episode transcripts, show notes, clip ideas and voice-overs for promos", 0.06,
      new double[] {0.35, 0.60, 0.05},
      uses(PODCAST_TRANSCRIPTS, 3, VOICEOVER, 1.5, VIDEO_SUBTITLES, 1),
      new Habits(0.35, 1.3, 2.8, 0.90, 0.25, 0.8, 0.03, 9, 19),
      new double[] {1.0, 0.2, 0.2, 1.0, 1.5, 0.3, 1.2});

  public static final String[] PLANS = {"free", "pro", "team"};

  public final String label;
  public final String description;
  /** Planned share of the cohort. */
  public final double share;
  final double[] planWeights;
  final Map<UseCase, Double> useCaseWeights;
  final Habits habits;
  /** Relative chance of hitting each friction, in {@link Friction} order. */
  private final double[] frictionAffinity;

  Persona(String label, String description, double share, double[] planWeights, Map<UseCase, Double> useCaseWeights,
      Habits habits, double[] frictionAffinity) {
    this.label = label;
    this.description = description;
    this.share = share;
    this.planWeights = planWeights;
    this.useCaseWeights = useCaseWeights;
    this.habits = habits;
    this.frictionAffinity = frictionAffinity;
  }

  public Map<UseCase, Double> useCases() {
    return useCaseWeights;
  }

  /** The use case this persona does most (the first of the most weighted), which no other persona has as its main. */
  public UseCase mainUseCase() {
    return useCaseWeights.entrySet().stream().max(Map.Entry.<UseCase, Double>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
  }

  /** Chance that a user of this persona hits the friction, so the cohort-wide share is its prevalence. */
  double frictionRate(Friction friction) {
    double mean = 0;
    for (Persona p : values()) {
      mean += p.share * p.frictionAffinity[friction.ordinal()];
    }
    return Math.min(0.95, friction.prevalence * frictionAffinity[friction.ordinal()] / mean);
  }

  /** Persona for a Weyl draw in [0, 1). */
  static Persona forDraw(double u) {
    double cumulative = 0;
    for (Persona p : values()) {
      cumulative += p.share;
      if (u < cumulative) {
        return p;
      }
    }
    return values()[values().length - 1];
  }

  /**
   * How a persona behaves.
   *
   * @param dailyActive chance of a session on any day once they keep using the product
   * @param sessionsPerDay mean conversations on an active day
   * @param requestsPerConversation mean requests (each with its reply, job and reaction) per conversation
   * @param downloadRate chance to download a successful job's output
   * @param shareRate chance to share a successful job's output
   * @param returnBias log-odds added to the chance of coming back after the first day
   * @param churnPerDay chance to stop using the product after any later active day
   * @param firstHour earliest UTC hour a session starts
   * @param lastHour latest UTC hour a first session starts
   */
  record Habits(double dailyActive, double sessionsPerDay, double requestsPerConversation, double downloadRate,
      double shareRate, double returnBias, double churnPerDay, int firstHour, int lastHour) {}

  private static Map<UseCase, Double> uses(Object... pairs) {
    Map<UseCase, Double> m = new EnumMap<>(UseCase.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((UseCase) pairs[i], ((Number) pairs[i + 1]).doubleValue());
    }
    return m;
  }
}
