package pmf.signals.devtools.cohort;

import java.util.List;

/** What a user is trying to get done; the machine label is what the pipeline's insights should name. */
public enum UseCase {
  PRODUCT_PHOTOS("product_photos", "Product photos for an online store: packshots, lifestyle scenes, clean backgrounds",
      Service.IMAGE_GENERATION, Service.BACKGROUND_REMOVAL, Service.UPSCALE),
  SOCIAL_MEDIA_POSTS("social_media_posts", "Captions, images and carousels for Instagram, TikTok, LinkedIn and X",
      Service.IMAGE_GENERATION),
  AD_CREATIVES("ad_creatives", "Banners and ad variations for paid campaigns", Service.IMAGE_GENERATION, Service.UPSCALE),
  SHORT_FORM_VIDEO("short_form_video", "Short vertical videos and b-roll for TikTok, Reels and Shorts",
      Service.VIDEO_GENERATION),
  VIDEO_SUBTITLES("video_subtitles", "Transcripts and subtitles for videos and lecture recordings", Service.TRANSCRIPTION),
  PODCAST_TRANSCRIPTS("podcast_transcripts", "Transcripts, show notes and clip ideas from podcasts and interviews",
      Service.TRANSCRIPTION),
  VOICEOVER("voiceover", "Voice-overs and narration for videos and ads", Service.TEXT_TO_SPEECH),
  APP_ASSETS("app_assets", "App icons, store screenshots and onboarding art for an app",
      Service.IMAGE_GENERATION, Service.BACKGROUND_REMOVAL),
  CODE_HELP("code_help", "Writing, debugging and explaining code"),
  STUDY_NOTES("study_notes", "Explanations, summaries, flashcards and quizzes for studying"),
  ESSAY_FEEDBACK("essay_feedback", "Feedback and editing for essays, cover letters and applications"),
  LOGO_BRANDING("logo_branding", "Logos, wordmarks and brand palettes", Service.IMAGE_GENERATION),
  PHOTO_RESTORATION("photo_restoration", "Restoring, colourising and upscaling old family photos",
      Service.IMAGE_EDIT, Service.UPSCALE),
  JUST_EXPLORING("just_exploring", "Trying out what the product can do, with no clear job to be done",
      Service.IMAGE_GENERATION, Service.VIDEO_GENERATION, Service.TEXT_TO_SPEECH),
  /** Only in cohorts with {@link NovelArea}: a product area no analyzer rule knows. */
  PRINTABLE_MODELS("printable_models", "Printable 3D models (STL) of miniatures, cosplay props and spare parts",
      Service.MESH_GENERATION);

  public final String label;
  public final String description;
  public final List<Service> services;

  UseCase(String label, String description, Service... services) {
    this.label = label;
    this.description = description;
    this.services = List.of(services);
  }

  /** Pure conversation, no paid jobs. */
  boolean chatOnly() {
    return services.isEmpty();
  }

  boolean uses(Service service) {
    return services.contains(service);
  }
}
