package pmf.signals.devtools.cohort;

/**
 * Planted friction points. Prevalence is the planned share of active users who hit it; each shows in
 * behaviour (failed jobs carrying {@link #evidence} in their error, retries, complaints, abandonment).
 */
public enum Friction {
  CREDITS_RUN_OUT_FAST("credits_run_out_fast",
      "Credits run out within the first sessions and the user hits the credit limit mid-task", 0.30,
      "user_actions.action = 'credit_limit'"),
  VIDEO_TIMEOUT("video_timeout", "Video renders time out after 300 s and have to be retried", 0.22,
      "service_jobs.error mentions 'timed out' or 'TimeoutError'"),
  IMAGE_SIZE_OOM("image_size_oom", "Large output sizes (4096 px and up) fail with GPU out-of-memory", 0.15,
      "service_jobs.error mentions 'out of memory'"),
  FORGETS_CONTEXT("forgets_context",
      "The assistant ignores a constraint the user gave earlier in the same conversation", 0.10,
      "user complains that an earlier instruction was ignored"),
  EXPORT_FORMAT_MISSING("export_format_missing",
      "The export format the user needs (SVG, PSD, ProRes, DOCX...) is not supported", 0.07,
      "service_jobs.error starts with 'Unsupported output format'"),
  CONTENT_POLICY_FALSE_POSITIVE("content_policy_false_positive",
      "Harmless requests (a kitchen knife, a water pistol) are blocked by the content filter", 0.05,
      "service_jobs.error mentions 'content policy'"),
  WRONG_LANGUAGE("wrong_language", "The assistant answers in another language than the user writes in", 0.035,
      "assistant message in Spanish/German/French/Portuguese/Italian followed by a complaint"),
  /** Only in cohorts with {@link NovelArea}; its share is of all active users there. */
  MESH_NOT_PRINTABLE("mesh_not_printable",
      "Generated 3D meshes are not watertight (holes, non-manifold edges, paper-thin walls), so the slicer rejects them",
      NovelArea.TAKE_UP * NovelArea.FRICTION_RATE,
      "a succeeded mesh_generation job, then a complaint that the slicer rejects the mesh; nothing is downloaded");

  public final String label;
  public final String description;
  public final double prevalence;
  public final String evidence;

  Friction(String label, String description, double prevalence, String evidence) {
    this.label = label;
    this.description = description;
    this.prevalence = prevalence;
    this.evidence = evidence;
  }

  /** Needs a paid job to show (otherwise it shows in the conversation alone). */
  boolean needsJob() {
    return this != FORGETS_CONTEXT && this != WRONG_LANGUAGE;
  }

  /** Planted only in cohorts with {@link NovelArea}, by its own draw rather than a persona's affinity. */
  boolean novel() {
    return this == MESH_NOT_PRINTABLE;
  }
}
