package pmf.signals.devtools.cohort;

/** Paid service jobs the product runs (service_jobs.service), with what one costs and how long it takes. */
public enum Service {
  IMAGE_GENERATION("image_generation", 8, 45, "png", "jpg", "webp"),
  IMAGE_EDIT("image_edit", 5, 25, "png", "jpg"),
  UPSCALE("upscale", 4, 30, "png", "tiff"),
  BACKGROUND_REMOVAL("background_removal", 2, 8, "png", "webp"),
  VIDEO_GENERATION("video_generation", 60, 280, "mp4", "mov"),
  TRANSCRIPTION("transcription", 15, 200, "srt", "txt", "vtt"),
  TEXT_TO_SPEECH("text_to_speech", 3, 20, "mp3", "wav"),
  /** Printable 3D models: only in cohorts with {@link NovelArea}. */
  MESH_GENERATION("mesh_generation", 40, 240, "stl", "3mf");

  public final String label;
  final int minSeconds;
  final int maxSeconds;
  final String[] formats;

  Service(String label, int minSeconds, int maxSeconds, String... formats) {
    this.label = label;
    this.minSeconds = minSeconds;
    this.maxSeconds = maxSeconds;
    this.formats = formats;
  }

  /** Credits for one job; {@code quantity} is images, seconds of video or minutes of audio. */
  int credits(int quantity) {
    switch (this) {
      case IMAGE_GENERATION:
        return 4 * quantity;
      case IMAGE_EDIT:
        return 3;
      case UPSCALE:
        return 2;
      case BACKGROUND_REMOVAL:
        return 1;
      case VIDEO_GENERATION:
        return 3 * quantity;
      case TRANSCRIPTION:
        return Math.max(1, quantity / 2);
      case MESH_GENERATION:
        return 12;
      default:
        return 2;
    }
  }

  boolean visual() {
    return this == IMAGE_GENERATION || this == IMAGE_EDIT || this == UPSCALE || this == BACKGROUND_REMOVAL;
  }
}
