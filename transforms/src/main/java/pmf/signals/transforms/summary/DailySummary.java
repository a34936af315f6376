package pmf.signals.transforms.summary;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.segment.SegmentRecord;

/**
 * Pure: the day's summary (the shape of {@code docs/daily-summary.example.json}) from the day's tally, the themes, the
 * segments and the return model's report. Everything that names a group respects the k-threshold: themes and personas
 * under k users are not named. History-based parts (trends, D1/D7/D30) are added by the launcher after the run.
 */
public final class DailySummary {
  /** Who wrote the answers when no LLM rewrote them: sentences filled from the day's figures. */
  public static final String TEMPLATES = "templates from the day's figures";

  private DailySummary() {}

  /**
   * What the day's summary is told about the run; {@code notes} are facts every output states after the warning (the
   * consent policy, for one), each once.
   */
  public record Inputs(LocalDate date, String analyzer, String warning, int k, ReturnModel.Report returnModel,
      String themeMethod, List<String> notes) implements java.io.Serializable {
    public Inputs {
      notes = notes == null ? List.of() : List.copyOf(notes);
    }
  }

  /** The note of a day whose database has no user_actions yet, with the one-line fix. */
  public static final String NOT_TRACKED = "Downloads, shares and credit-limit hits are not tracked yet (no"
      + " user_actions table): apply db/source/user_actions.sql and record them (docs/TRACKING.md)";

  public static ObjectNode build(Inputs in, DayTally t, List<Theme> useCases, List<Theme> frictions,
      List<SegmentRecord> segments) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("analysis_date", in.date().toString());
    s.put("analyzer", in.analyzer());
    if (in.warning() != null) {
      s.put("warning", in.warning());
    }
    boolean untracked = t.actionsUntracked > 0;
    List<String> notes = new java.util.ArrayList<>(in.notes());
    if (untracked) {
      notes.add(NOT_TRACKED);
    }
    if (!notes.isEmpty()) {
      notes.forEach(s.putArray("notes")::add);
    }
    s.put("min_group_users", in.k());
    ObjectNode users = s.putObject("users");
    users.put("active", t.active);
    users.put("consenting", t.consenting);
    users.put("analysed", t.read);
    users.put("inherited", t.inherited);
    users.put("new", t.newUsers);

    ObjectNode value = s.putObject("value");
    rate(value, "returned_after_first_day", t.returned, t.active);
    rate(value, "credit_exhaustion", t.creditLimit, t.active);
    value.put("downloads_per_active_user", round(t.active == 0 ? 0 : t.downloads / (double) t.active));
    value.put("shares_per_active_user", round(t.active == 0 ? 0 : t.shares / (double) t.active));
    if (untracked) { // unknown, never 0
      value.putObject("credit_exhaustion").putNull("rate").putNull("users").put("of", t.active)
          .put("note", "not tracked yet");
      value.putNull("downloads_per_active_user");
      value.putNull("shares_per_active_user");
    }
    value.put("job_success_rate", t.jobsFinished == 0 ? null : round(t.jobsSucceededTotal / (double) t.jobsFinished));
    // The rate's base, so it reads "94% of 1,480 finished jobs", apart from the share of users a failure reached.
    value.put("jobs_succeeded", t.jobsSucceededTotal);
    value.put("jobs_finished", t.jobsFinished);
    rate(value, "job_failure", t.jobFailed, t.ranJob);

    ArrayNode funnel = s.putArray("funnel");
    step(funnel, "active on the date", t.active);
    step(funnel, "ran a paid job", t.ranJob);
    step(funnel, "a job succeeded", t.jobSucceeded);
    if (!untracked) {
      step(funnel, "downloaded or shared a result", t.keptResult);
    }
    step(funnel, "came back after the first day", t.returned);
    if (!untracked) {
      step(funnel, "hit the credit limit", t.creditLimit);
    }

    ObjectNode themes = s.putObject("themes");
    themes.put("method", in.themeMethod());
    themes.set("use_cases", themes(useCases, false));
    themes.set("frictions", themes(frictions, true));

    ArrayNode top = s.putArray("top_to_build");
    for (TopToBuild.Pick p : TopToBuild.rank(frictions, 3)) {
      ObjectNode pick = top.addObject();
      pick.put("rank", p.rank());
      pick.put("theme", p.theme().name());
      pick.put("score", round(p.score()));
      pick.set("evidence", evidence(p.theme()));
      pick.put("why", p.why());
    }

    s.set("return_model", returnModel(in.returnModel(), t));
    s.set("personas", personas(segments, t, in.k()));
    s.set("success", success(t));
    s.set("answers", answers(s, t));
    s.put("answers_source", TEMPLATES); // an LLM roll-up, when there is one, rewrites both
    s.set("estimates", t.estimates.toJson(in.k()));
    return s;
  }

  private static ArrayNode themes(List<Theme> themes, boolean friction) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Theme th : themes) {
      ObjectNode n = out.addObject();
      n.put("theme", th.name());
      ArrayNode labels = n.putArray("labels");
      th.labels().forEach(labels::add);
      n.put("users", Math.round(th.users()));
      n.put("analysed_users", th.analysed());
      n.put("share", round(th.share()));
      if (friction) {
        if (th.cause() != null) {
          n.put("cause", th.cause());
        }
        n.put("held_back", Math.round(th.heldBack()));
        n.put("credits_burnt", Math.round(th.creditsBurnt()));
        frustration(n, th);
        n.put("abandoned_after", Math.round(th.abandonedAfter()));
        n.put("symptom", th.symptom());
      }
      n.putArray("trend");
    }
    return out;
  }

  private static ObjectNode evidence(Theme t) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("users", Math.round(t.users()));
    e.put("share", round(t.share()));
    e.put("held_back", Math.round(t.heldBack()));
    e.put("credits_burnt", Math.round(t.creditsBurnt()));
    frustration(e, t);
    e.put("abandoned_after", Math.round(t.abandonedAfter()));
    return e;
  }

  /** Mean frustration, or null for a theme discovered in what users wrote: no analysis graded those lines. */
  private static void frustration(ObjectNode n, Theme t) {
    if (Double.isNaN(t.meanFrustration())) {
      n.putNull("mean_frustration");
    } else {
      n.put("mean_frustration", round(t.meanFrustration()));
    }
  }

  private static ObjectNode returnModel(ReturnModel.Report r, DayTally t) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("method", ReturnModel.METHOD);
    if (r == null || !"trained".equals(r.status())) {
      m.put("status", r == null ? "not trained" : r.status());
      return m;
    }
    m.put("status", "trained");
    m.putObject("trained_on").put("from", r.trainFrom().toString()).put("to", r.trainTo().toString())
        .put("users", r.trainExamples());
    m.putObject("holdout").put("from", r.holdoutFrom().toString()).put("to", r.holdoutTo().toString())
        .put("users", r.holdoutExamples()).put("auc", round(r.holdoutAuc())).put("brier", round(r.holdoutBrier()))
        .put("base_rate", round(r.holdoutBaseRate()));
    m.put("users_scored", t.scored);
    m.putObject("likely_to_return").put("users", t.likelyToReturn)
        .put("share", round(t.scored == 0 ? 0 : t.likelyToReturn / (double) t.scored)).put("threshold", 0.5);
    return m;
  }

  private static ArrayNode personas(List<SegmentRecord> segments, DayTally t, int k) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    segments.stream().sorted((a, b) -> Long.compare(b.users(), a.users())).forEach(seg -> {
      if (seg.persona() == null || seg.users() < k) {
        return; // never a persona for a group under k
      }
      DayTally.SegmentStat st = t.segments.get(seg.segmentId());
      ObjectNode p = out.addObject();
      p.put("segment_id", seg.segmentId());
      p.put("name", seg.persona().name());
      p.put("description", seg.persona().description());
      p.put("users", seg.users());
      p.put("share", round(t.active == 0 ? 0 : seg.users() / (double) t.active));
      p.put("drift", seg.drift());
      if (st != null) {
        p.put("return_rate", round(st.users == 0 ? 0 : st.returned / (double) st.users));
        p.put("credit_exhaustion", round(st.users == 0 ? 0 : st.creditLimit / (double) st.users));
        p.put("return_probability", st.scored == 0 ? null : round(st.returnProbability / st.scored));
        ObjectNode pay = p.putObject("pay_signal");
        st.paySignal.forEach(pay::put);
      }
    });
    return out;
  }

  private static ObjectNode success(DayTally t) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("definition", "a successful user got a result they kept (a succeeded job downloaded or shared) and came"
        + " back after the first day");
    s.put("successful_users", t.successful.users);
    s.put("other_users", t.others.users);
    ArrayNode d = s.putArray("differences");
    difference(d, "hours to first successful job", mean(t.successful.hoursToFirstSuccess, t.successful.withFirstSuccess),
        mean(t.others.hoursToFirstSuccess, t.others.withFirstSuccess));
    difference(d, "job failure rate", mean(t.successful.jobFailureRate, t.successful.withJobs),
        mean(t.others.jobFailureRate, t.others.withJobs));
    difference(d, "active days", mean(t.successful.activeDays, t.successful.users), mean(t.others.activeDays, t.others.users));
    difference(d, "credits used", mean(t.successful.creditsUsed, t.successful.users),
        mean(t.others.creditsUsed, t.others.users));
    return s;
  }

  /** The seed's questions in plain words, from the numbers above (an LLM roll-up may rewrite them). */
  private static ObjectNode answers(ObjectNode s, DayTally t) {
    ObjectNode a = Json.MAPPER.createObjectNode();
    ArrayNode diffs = (ArrayNode) s.get("success").get("differences");
    // Every share names its base ("9% of their jobs", "54% of the 1,151 users scored"), as the outputs do.
    a.put("why_successful_users_succeed", diffs.isEmpty() || t.successful.users == 0
        ? "No user met the definition of success today."
        : String.format(Locale.ROOT, "%,d of %,d active users succeeded today. On average they reached a first"
            + " successful job in %s hours (others: %s), and %s of their jobs failed (others: %s).", t.successful.users,
            t.active, text(diffs.get(0).get("successful")), text(diffs.get(0).get("others")),
            percent(diffs.get(1).get("successful")), percent(diffs.get(1).get("others"))));
    ObjectNode model = (ObjectNode) s.get("return_model");
    a.put("who_will_return", !"trained".equals(model.get("status").asText())
        ? notTrained(model.get("status").asText())
        : String.format(Locale.ROOT, "The return model (AUC %.2f on the latest held-out week) expects %.0f%% of the"
            + " %,d users scored today (%,d) to be active again within 7 days.", model.get("holdout").get("auc")
            .asDouble(), 100.0 * t.likelyToReturn / Math.max(1, t.scored), t.scored, t.likelyToReturn));
    StringBuilder top = new StringBuilder();
    for (var pick : s.get("top_to_build")) {
      top.append(top.length() == 0 ? "" : " ").append(pick.get("rank").asInt()).append(". ")
          .append(pick.get("theme").asText()).append(": ").append(pick.get("why").asText()).append('.');
    }
    a.put("top_3_to_build", top.length() == 0 ? "No friction was shared by enough users to name today." : top.toString());
    ArrayNode personas = (ArrayNode) s.get("personas");
    a.put("personas", personas.isEmpty() ? "No segment is large enough to describe today."
        : String.format(Locale.ROOT, personas.size() == 1 ? "%d persona: \"%s\" (%.0f%% of today's active users)."
            : "%d personas; the largest is \"%s\" (%.0f%% of today's active users).", personas.size(),
            personas.get(0).get("name").asText(), 100 * personas.get(0).get("share").asDouble()));
    return a;
  }

  /** "The return model is not trained yet — not enough history: …", without repeating a bare "not trained". */
  public static String notTrained(String status) {
    boolean says = status != null && !status.isBlank() && !status.strip().equalsIgnoreCase("not trained");
    return "The return model is not trained yet" + (says ? " — " + status.strip() + "." : ".");
  }

  private static void rate(ObjectNode parent, String name, long users, long of) {
    parent.putObject(name).put("rate", of == 0 ? null : round(users / (double) of)).put("users", users).put("of", of);
  }

  private static void step(ArrayNode funnel, String step, long users) {
    funnel.addObject().put("step", step).put("users", users);
  }

  private static void difference(ArrayNode d, String metric, Double successful, Double others) {
    d.addObject().put("metric", metric).put("successful", successful == null ? null : round(successful))
        .put("others", others == null ? null : round(others));
  }

  private static Double mean(double sum, long n) {
    return n == 0 ? null : sum / n;
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode v) {
    return v == null || v.isNull() ? "n/a" : String.format(Locale.ROOT, "%.1f", v.asDouble());
  }

  private static String percent(com.fasterxml.jackson.databind.JsonNode v) {
    return v == null || v.isNull() ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * v.asDouble());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
