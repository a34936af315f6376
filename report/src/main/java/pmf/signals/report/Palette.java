package pmf.signals.report;

/**
 * The report's colours. Each chart has colours of its own, used nowhere else on the page, so a screenshot can tell
 * which charts were drawn (ReportInChromiumTest counts their pixels).
 */
final class Palette {
  private Palette() {}

  static final String ACTIVE_USERS = "#2563eb";
  static final String RETURN = "#059669";
  static final String CREDIT_EXHAUSTION = "#db2777";
  static final String JOB_SUCCESS = "#7c3aed";
  static final String FUNNEL = "#0891b2";
  static final String PERSONA_SHARE = "#4f46e5";
  static final String FRICTION = "#ea580c";
  static final String USE_CASE = "#0d9488";

  static final String INK = "#1f2937";
  static final String MUTED = "#6b7280";
  static final String GRID = "#e5e7eb";
  static final String TRACK = "#f3f4f6";
}
