package pmf.signals.devtools.cohort;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pmf.signals.devtools.CohortSpec;
import pmf.signals.devtools.cohort.Lexicon.Constraint;
import pmf.signals.devtools.cohort.Lexicon.Frame;
import pmf.signals.devtools.cohort.PiiPlanter.Planted;
import pmf.signals.devtools.cohort.UserTruth.FirstDay;
import pmf.signals.devtools.cohort.UserTruth.MessyRow;
import pmf.signals.devtools.cohort.UserTruth.PiiRecord;

/**
 * Plays out a beta cohort user by user: sessions, conversations, jobs, downloads, frictions and whether they
 * come back. Each user draws only from their own dice (seed, index), so users can be made in any order or
 * chunk and a seed always gives the same rows.
 */
public final class CohortSimulator {
  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;
  private static final long SECOND = 1_000L;
  private static final long DAY = 24 * HOUR;
  private static final long YEAR_2099 = LocalDate.of(2099, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  /** Share of users who signed up but did nothing in the window. */
  static final double DORMANT_SHARE = 0.02;
  private static final int WEYL_PERSONA = 0;
  private static final int WEYL_DORMANT = 8;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final long seed;
  private final int users;
  private final int days;
  private final long windowStart;
  private final Ids ids;
  private final MessyPlan messy;
  private final Map<MessyKind, Integer> messyCounts = new EnumMap<>(MessyKind.class);
  /** Each user keeps only their persona's main use case (see {@link CohortSpec#distinctPersonas()}). */
  private final boolean distinctPersonas;
  /** Plant {@link NovelArea}: see {@link CohortSpec#novelFriction()}. */
  private final boolean novel;

  public CohortSimulator(CohortSpec spec) {
    this(spec.seed(), spec.users(), spec.days(), spec.endDate(), spec.messy(), spec.distinctPersonas(),
        spec.novelFriction());
  }

  public CohortSimulator(long seed, int users, int days, LocalDate endDate, boolean messy, boolean distinctPersonas) {
    this(seed, users, days, endDate, messy, distinctPersonas, false);
  }

  public CohortSimulator(long seed, int users, int days, LocalDate endDate, boolean messy, boolean distinctPersonas,
      boolean novel) {
    this.seed = seed;
    this.novel = novel;
    this.distinctPersonas = distinctPersonas;
    this.users = users;
    this.days = days;
    this.windowStart = endDate.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    this.ids = new Ids(seed);
    this.messy = messy ? MessyPlan.draw(seed, users, i -> !dormant(i)) : MessyPlan.none();
    for (MessyKind k : MessyKind.values()) {
      messyCounts.put(k, 0);
    }
  }

  /** Rows of each messy kind written so far. */
  public Map<MessyKind, Integer> messyCounts() {
    return Collections.unmodifiableMap(messyCounts);
  }

  boolean dormant(int index) {
    return Weyl.draw(seed, WEYL_DORMANT, index) < DORMANT_SHARE;
  }

  /** Plays one user and writes their rows. */
  public UserTruth simulateUser(int index, CohortRows rows) {
    return new UserRun(index, rows).play();
  }

  /** Rows that belong to no real user: messages of missing conversations, conversations and jobs of missing users. */
  public List<MessyRow> writeOrphans(CohortRows rows) {
    List<MessyRow> written = new ArrayList<>();
    Dice dice = Dice.forKey(seed, 0x4F525048L, 0);
    UserVoice voice = new UserVoice(dice);
    Slots slots = new Slots(dice);
    long base = Ids.ORPHAN_INDEX_BASE;
    for (int k = 0; k < MessyKind.ORPHAN_MESSAGE.plannedCount(users); k++) {
      String id = ids.message(base + k, 0);
      String missingConversation = ids.conversation(base + k, 0);
      rows.message(id, missingConversation, "user", voice.praise(slots), randomMoment(dice));
      written.add(tally(MessyKind.ORPHAN_MESSAGE, id, "conversation " + missingConversation + " does not exist"));
    }
    for (int k = 0; k < MessyKind.ORPHAN_USER_CONVERSATION.plannedCount(users); k++) {
      long ghost = base + 1_000_000L + k;
      String userId = ids.user(ghost);
      String conversationId = ids.conversation(ghost, 0);
      long t = randomMoment(dice);
      long start = t;
      int messages = dice.between(2, 4);
      for (int m = 0; m < messages; m++) {
        t += dice.betweenLong(5 * SECOND, 90 * SECOND);
        String id = ids.message(ghost, m);
        String content = m % 2 == 0
            ? voice.request(UseCase.JUST_EXPLORING, dice.pick(Lexicon.FRAMES.get(UseCase.JUST_EXPLORING)), slots)
            : "Sure! " + Lexicon.EXPLORE_ANSWERS[0];
        rows.message(id, conversationId, m % 2 == 0 ? "user" : "assistant", content, t);
        written.add(tally(MessyKind.ORPHAN_USER_CONVERSATION_MESSAGE, id, "in conversation " + conversationId));
      }
      rows.conversation(conversationId, userId, null, start, t);
      written.add(tally(MessyKind.ORPHAN_USER_CONVERSATION, conversationId, "user " + userId + " does not exist"));
    }
    for (int k = 0; k < MessyKind.ORPHAN_USER_JOB.plannedCount(users); k++) {
      long ghost = base + 2_000_000L + k;
      String userId = ids.user(ghost);
      String jobId = ids.job(ghost, 0);
      long t = randomMoment(dice);
      rows.job(jobId, userId, null, Service.IMAGE_GENERATION.label, "succeeded", 4, null, t, t + 20 * SECOND);
      written.add(tally(MessyKind.ORPHAN_USER_JOB, jobId, "user " + userId + " does not exist"));
    }
    return written;
  }

  private long randomMoment(Dice dice) {
    return windowStart + dice.between(0, days - 1) * DAY + dice.betweenLong(8 * HOUR, 20 * HOUR);
  }

  private MessyRow tally(MessyKind kind, String id, String detail) {
    messyCounts.merge(kind, 1, Integer::sum);
    return new MessyRow(kind, kind.table, id, detail);
  }

  long dayStart(int day) {
    return windowStart + day * DAY;
  }

  private enum Outcome { SUCCEEDED, FAILED, CANCELLED, PENDING, CHAT, ABANDONED }

  private enum Next { FRESH, REFINE, RETRY, ACCEPT_OFFER }

  /** What happened on one active day; the first day's decides the chance of coming back. */
  private static final class DayStats {
    int conversations;
    int succeeded;
    int failed;
    int downloads;
    int shares;
    final EnumSet<Friction> frictions = EnumSet.noneOf(Friction.class);
    boolean abandoned;
    boolean creditLimit;
  }

  /** One conversation in progress. */
  private static final class Conv {
    final String id;
    final UseCase useCase;
    final Slots slots;
    final long createdAt;
    long t;
    String firstText;
    String lastAnswer;
    long lastMessageAt;
    Frame lastFrame;

    Conv(String id, UseCase useCase, Slots slots, long createdAt) {
      this.id = id;
      this.useCase = useCase;
      this.slots = slots;
      this.createdAt = createdAt;
      this.t = createdAt;
    }
  }

  /** One user's run through the window. */
  private final class UserRun {
    final int index;
    final CohortRows rows;
    final Dice dice;
    final String userId;
    final Persona persona;
    final Persona.Habits habits;
    final UserVoice voice;
    final AssistantVoice assistant;
    final PiiPlanter planter;
    final Set<MessyKind> messyKinds;
    final boolean isDormant;
    final boolean apiOnly;
    final EnumSet<Friction> planned = EnumSet.noneOf(Friction.class);
    final EnumSet<Friction> hit = EnumSet.noneOf(Friction.class);
    final List<UseCase> myUseCases = new ArrayList<>();
    final LinkedHashSet<UseCase> used = new LinkedHashSet<>();
    final TreeSet<Integer> activeDays = new TreeSet<>();
    final List<PiiRecord> pii = new ArrayList<>();
    final List<MessyRow> messyRows = new ArrayList<>();
    final double piiRate;
    String plan;
    int credits;
    boolean upgraded;
    Boolean consent;
    long signupAt;
    int signupDay = -1;
    int convSeq;
    int msgSeq;
    int jobSeq;
    boolean messyPlanted;

    UserRun(int index, CohortRows rows) {
      this.index = index;
      this.rows = rows;
      this.dice = Dice.forKey(seed, 0x55534552L, index);
      this.userId = ids.user(index);
      this.persona = Persona.forDraw(Weyl.draw(seed, WEYL_PERSONA, index));
      this.habits = persona.habits;
      this.voice = new UserVoice(dice);
      this.assistant = new AssistantVoice(dice);
      this.planter = new PiiPlanter(dice);
      this.messyKinds = messy.kindsFor(index);
      this.isDormant = dormant(index);
      this.apiOnly = messyKinds.contains(MessyKind.USER_WITHOUT_CONVERSATIONS);
      // A few users paste personal details all the time; most rarely do.
      this.piiRate = dice.chance(0.05) ? 0.15 : 0.025;
    }

    UserTruth play() {
      plan = Persona.PLANS[dice.weighted(persona.planWeights)];
      int c = dice.weighted(0.87, 0.10, 0.03);
      consent = c == 0 ? Boolean.TRUE : c == 1 ? Boolean.FALSE : null;
      chooseUseCases();
      for (Friction f : Friction.values()) {
        if (!f.novel() && !isDormant && !apiOnly && Weyl.draw(seed, 1 + f.ordinal(), index) < persona.frictionRate(f)) {
          planned.add(f);
        }
      }
      if (novel && !isDormant && !apiOnly && Weyl.draw(seed, NovelArea.WEYL_TAKE_UP, index) < NovelArea.TAKE_UP) {
        myUseCases.add(UseCase.PRINTABLE_MODELS);
        if (Weyl.draw(seed, NovelArea.WEYL_FRICTION, index) < NovelArea.FRICTION_RATE) {
          planned.add(Friction.MESH_NOT_PRINTABLE);
        }
      }
      credits = planned.contains(Friction.CREDITS_RUN_OUT_FAST) ? dice.between(2, 14) : startingCredits();

      FirstDay firstDay = null;
      double returnChance = 0;
      if (isDormant) {
        signupAt = windowStart - dice.between(1, 180) * DAY + dice.betweenLong(0, DAY - 1);
      } else {
        int first;
        if (dice.chance(0.4)) {
          signupAt = windowStart - dice.between(1, 150) * DAY + dice.betweenLong(0, DAY - 1);
          first = dice.between(0, Math.min(days - 1, 6));
        } else {
          signupDay = dice.between(0, days - 1);
          signupAt = dayStart(signupDay) + dice.betweenLong(0, habits.firstHour() * HOUR - 1);
          first = dice.chance(0.15) ? Math.min(days - 1, signupDay + 1) : signupDay;
        }
        List<Friction> episodes = new ArrayList<>(planned);
        dice.shuffle(episodes);
        DayStats st = playDay(first, episodes);
        firstDay = new FirstDay(st.conversations, st.succeeded, st.failed, st.downloads, st.shares,
            List.copyOf(st.frictions), st.abandoned, st.creditLimit);
        returnChance = returnChance(st);
        if (dice.chance(returnChance)) {
          int day = first;
          while (true) {
            day += dice.geometricGap(habits.dailyActive());
            if (day >= days) {
              break;
            }
            List<Friction> again = new ArrayList<>();
            for (Friction f : planned) {
              if (dice.chance(0.2)) {
                again.add(f);
              }
            }
            DayStats later = playDay(day, again);
            double hazard = habits.churnPerDay() + 0.08 * later.frictions.size() + (later.abandoned ? 0.1 : 0);
            if (dice.chance(hazard)) {
              break;
            }
          }
        }
      }
      rows.user(userId, signupAt, plan, credits, consent);
      if (apiOnly) {
        messy(MessyKind.USER_WITHOUT_CONVERSATIONS, userId, "service jobs but no conversations");
      }
      List<Friction> frictions = new ArrayList<>(hit);
      return new UserTruth(userId, persona, plan, consent, signupAt, credits, upgraded, apiOnly,
          List.copyOf(activeDays), apiOnly ? List.copyOf(myUseCases) : List.copyOf(used), frictions,
          activeDays.size() > 1, Math.round(returnChance * 1000) / 1000.0, firstDay, pii, messyRows);
    }

    /** Log-odds of coming back, from the first day: value received pulls users back, friction pushes them away. */
    double returnChance(DayStats st) {
      double score = habits.returnBias() - 0.3 + 0.35 * Math.min(st.succeeded, 5) + (st.downloads > 0 ? 0.6 : 0)
          + (st.shares > 0 ? 0.4 : 0) - 0.9 * st.frictions.size() - (st.abandoned ? 1.1 : 0)
          - (st.creditLimit ? 0.5 : 0) + ("free".equals(plan) ? 0 : 0.4);
      return 1 / (1 + Math.exp(-score));
    }

    void chooseUseCases() {
      List<UseCase> candidates = new ArrayList<>(persona.useCases().keySet());
      if (distinctPersonas) {
        myUseCases.add(persona.mainUseCase());
        return;
      }
      int n = Math.min(candidates.size(), 1 + dice.weighted(0.45, 0.4, 0.15));
      for (int i = 0; i < n; i++) {
        double[] w = candidates.stream().mapToDouble(u -> persona.useCases().get(u)).toArray();
        myUseCases.add(candidates.remove(dice.weighted(w)));
      }
    }

    int startingCredits() {
      switch (plan) {
        case "team":
          return dice.between(800, 5000);
        case "pro":
          return dice.between(150, 1000);
        default:
          return dice.between(15, 50);
      }
    }

    int allowance() {
      return "team".equals(plan) ? 5000 : "pro".equals(plan) ? 1000 : 50;
    }

    // ---- a day ---------------------------------------------------------------------------------------

    DayStats playDay(int day, List<Friction> episodes) {
      DayStats st = new DayStats();
      activeDays.add(day);
      long t = dayStart(day) + dice.between(habits.firstHour(), habits.lastHour()) * HOUR + dice.betweenLong(0, HOUR);
      if (day == signupDay) {
        t = Math.max(t, signupAt + dice.betweenLong(MINUTE, 15 * MINUTE));
      }
      if (apiOnly) {
        apiCalls(day, t, st);
        return st;
      }
      int sessions = Math.min(4, 1 + dice.poisson(habits.sessionsPerDay() - 1));
      sessions = Math.max(sessions, (episodes.size() + 1) / 2);
      for (int s = 0; s < sessions; s++) {
        List<Friction> eps = episodes.subList(Math.min(2 * s, episodes.size()), Math.min(2 * s + 2, episodes.size()));
        boolean holdsLastEpisode = !eps.isEmpty() && 2 * s + 2 >= episodes.size();
        if (eps.isEmpty() && t > dayStart(day) + 21 * HOUR) {
          break;
        }
        t = conversation(day, t, useCaseFor(eps), eps, st, holdsLastEpisode);
        if (st.abandoned) {
          break;
        }
        t += dice.betweenLong(10 * MINUTE, 3 * HOUR);
      }
      return st;
    }

    /** A use case the episodes can happen in: one of the user's own if it fits, else trying things out. */
    UseCase useCaseFor(List<Friction> eps) {
      List<UseCase> fitting = new ArrayList<>();
      for (UseCase u : myUseCases) {
        if (eps.stream().allMatch(f -> fits(f, u))) {
          fitting.add(u);
        }
      }
      if (fitting.isEmpty()) {
        return UseCase.JUST_EXPLORING;
      }
      double[] w = fitting.stream().mapToDouble(u -> persona.useCases().getOrDefault(u, NovelArea.WEIGHT)).toArray();
      return fitting.get(dice.weighted(w));
    }

    boolean fits(Friction f, UseCase u) {
      switch (f) {
        case VIDEO_TIMEOUT:
          return u.uses(Service.VIDEO_GENERATION);
        case IMAGE_SIZE_OOM:
        case CONTENT_POLICY_FALSE_POSITIVE:
          return u.uses(Service.IMAGE_GENERATION);
        case EXPORT_FORMAT_MISSING:
          return !u.chatOnly() && u != UseCase.PRINTABLE_MODELS;
        case MESH_NOT_PRINTABLE:
          return u == UseCase.PRINTABLE_MODELS;
        case CREDITS_RUN_OUT_FAST:
          return u.uses(Service.IMAGE_GENERATION) || u.uses(Service.VIDEO_GENERATION) || u.uses(Service.TRANSCRIPTION);
        default:
          return true;
      }
    }

    /** Users without conversations call the API directly: jobs and downloads only. */
    void apiCalls(int day, long t, DayStats st) {
      List<Service> services = new ArrayList<>();
      for (UseCase u : myUseCases) {
        services.addAll(u.services);
      }
      if (services.isEmpty()) {
        services.add(Service.IMAGE_GENERATION);
      }
      int calls = dice.between(1, 6);
      for (int i = 0; i < calls; i++) {
        Service s = dice.pick(services);
        t += dice.betweenLong(5 * SECOND, 10 * MINUTE);
        String jobId = ids.job(index, jobSeq++);
        long done = t + duration(s);
        int cost = s.credits(quantity(s));
        charge(cost);
        rows.job(jobId, userId, null, s.label, "succeeded", cost, null, t, done);
        st.succeeded++;
        if (dice.chance(habits.downloadRate())) {
          download(jobId, s, done + dice.betweenLong(SECOND, MINUTE));
          st.downloads++;
        }
        t = done;
      }
    }

    // ---- a conversation ------------------------------------------------------------------------------

    long conversation(int day, long t, UseCase useCase, List<Friction> episodes, DayStats st, boolean mayAbandon) {
      Conv c = new Conv(ids.conversation(index, convSeq++), useCase, new Slots(dice), t);
      used.add(useCase);
      st.conversations++;
      if (dice.chance(0.08)) {
        c.slots.set("today", java.time.Instant.ofEpochMilli(dayStart(day)).toString().substring(0, 10));
        c.slots.set("plan", plan);
        say(c, "system", assistant.pick(Lexicon.SYSTEM_PROMPTS, c.slots), 0, 200);
      }
      int cycles = Math.min(6, 1 + dice.poisson(habits.requestsPerConversation() - 1));
      cycles = Math.max(cycles, episodes.size());
      Friction[] at = new Friction[cycles];
      for (Friction f : episodes) {
        int slot;
        do {
          slot = dice.between(0, cycles - 1);
        } while (at[slot] != null);
        at[slot] = f;
      }
      int lastEpisodeSlot = -1;
      for (int i = 0; i < cycles; i++) {
        if (at[i] != null) {
          lastEpisodeSlot = i;
        }
      }
      Next next = Next.FRESH;
      for (int i = 0; i < cycles; i++) {
        if (at[i] == null && c.t > dayStart(day) + 22 * HOUR + 30 * MINUTE) {
          break;
        }
        Outcome o = at[i] != null
            ? episode(c, at[i], st, mayAbandon && i == lastEpisodeSlot)
            : cycle(c, next, st, day);
        if (o == Outcome.ABANDONED) {
          st.abandoned = true;
          break;
        }
        if (o == Outcome.PENDING) {
          break;
        }
        next = react(c, o);
      }
      if (!messyPlanted) {
        messyPlanted = true;
        plantMessy(c);
      }
      rows.conversation(c.id, userId, title(c), c.createdAt, c.lastMessageAt);
      return c.t;
    }

    /** What the user does after a reply: praise, refine, retry, take the offer, or move on. */
    Next react(Conv c, Outcome o) {
      double r = dice.unit();
      switch (o) {
        case SUCCEEDED:
          if (r < 0.25) {
            userSays(c, voice.praise(c.slots));
            if (dice.chance(0.5)) {
              assistantSays(c, assistant.thanks(), 1, 5);
            }
            return Next.FRESH;
          }
          if (r < 0.35 && c.lastFrame != null && c.lastFrame.service() != null && c.lastFrame.service().visual()) {
            return Next.ACCEPT_OFFER;
          }
          return r < 0.6 ? Next.REFINE : Next.FRESH;
        case FAILED:
          return r < 0.6 ? Next.RETRY : Next.FRESH;
        case CHAT:
          return r < 0.45 ? Next.REFINE : Next.FRESH;
        default:
          return Next.FRESH;
      }
    }

    Outcome cycle(Conv c, Next next, DayStats st, int day) {
      Frame frame = next == Next.FRESH || c.lastFrame == null ? dice.pick(Lexicon.FRAMES.get(c.useCase)) : c.lastFrame;
      c.lastFrame = frame;
      Service service = frame.service();
      if (next == Next.ACCEPT_OFFER) {
        service = dice.chance(0.6) ? Service.UPSCALE : Service.BACKGROUND_REMOVAL;
      }
      int quantity = quantity(service);
      setQuantity(c.slots, service, quantity);
      String text;
      switch (next) {
        case REFINE:
          text = novel && dice.chance(NovelArea.ROUTINE_SHARE) ? voice.routine() : voice.refinement(service, c.slots);
          break;
        case RETRY:
          text = voice.retry(c.useCase, frame, c.slots);
          break;
        case ACCEPT_OFFER:
          text = voice.acceptOffer(c.slots);
          break;
        default:
          text = voice.request(c.useCase, frame, c.slots);
      }
      userSays(c, text);
      if (service == null) {
        String answer = assistant.chatAnswer(c.useCase, c.slots);
        if (answer.equals(c.lastAnswer)) {
          answer = assistant.chatAnswer(c.useCase, c.slots);
        }
        c.lastAnswer = answer;
        assistantSays(c, answer, 4, 40);
        return Outcome.CHAT;
      }
      int cost = service.credits(quantity);
      if (credits < cost) {
        if (planned.contains(Friction.CREDITS_RUN_OUT_FAST) && !upgraded) {
          return creditLimit(c, service, cost, st, false);
        }
      }
      if (dice.chance(0.7)) {
        assistantSays(c, assistant.jobStart(service, c.slots), 1, 6);
      }
      double r = dice.unit();
      if (day == days - 1 && c.t > dayStart(day) + 20 * HOUR && r < 0.15) {
        // Still rendering when the window closes.
        job(c, service, r < 0.07 ? "queued" : "running", 0, null, -1);
        return Outcome.PENDING;
      }
      if (r < 0.03) {
        String jobId = ids.job(index, jobSeq++);
        long created = c.t + dice.betweenLong(500, 3000);
        c.t = created;
        userSays(c, voice.cancel(c.slots));
        rows.job(jobId, userId, c.id, service.label, "cancelled", 0, null, created, c.t + dice.betweenLong(200, 900));
        assistantSays(c, assistant.cancelled(), 1, 3);
        return Outcome.CANCELLED;
      }
      if (r < 0.065) {
        job(c, service, "failed", 0, dice.pick(Lexicon.GENERIC_ERRORS), duration(service) / 3);
        assistantSays(c, assistant.failure(), 1, 4);
        st.failed++;
        return Outcome.FAILED;
      }
      succeed(c, service, quantity, cost, st);
      return Outcome.SUCCEEDED;
    }

    void succeed(Conv c, Service service, int quantity, int cost, DayStats st) {
      charge(cost);
      String jobId = job(c, service, "succeeded", cost, null, duration(service));
      if (dice.chance(0.35)) {
        ObjectNode status = JSON.objectNode();
        status.put("job_id", jobId).put("status", "succeeded").put("service", service.label).put("credits", cost)
            .put("output", "https://cdn.lumen.studio/o/" + jobId.substring(4) + "." + service.formats[0]);
        if (service == Service.IMAGE_GENERATION) {
          status.put("images", quantity);
        }
        say(c, "tool", status.toString(), 0, 1);
      }
      assistantSays(c, assistant.result(service, c.slots), 1, 4);
      st.succeeded++;
      if (dice.chance(habits.downloadRate())) {
        // Actions happen between turns: the user downloads, then writes again (or leaves).
        c.t += dice.betweenLong(5 * SECOND, 4 * MINUTE);
        download(jobId, service, c.t);
        st.downloads++;
      }
      if (dice.chance(habits.shareRate())) {
        ObjectNode meta = JSON.objectNode();
        meta.put("channel", dice.pick("x", "instagram", "tiktok", "linkedin", "link", "email", "slack", "whatsapp"))
            .put("job_id", jobId);
        c.t += dice.betweenLong(10 * SECOND, 5 * MINUTE);
        rows.action(Ids.uuid(dice), userId, "share", meta.toString(), c.t);
        st.shares++;
      }
    }

    void download(String jobId, Service service, long at) {
      ObjectNode meta = JSON.objectNode();
      meta.put("job_id", jobId).put("format", dice.pick(service.formats));
      rows.action(Ids.uuid(dice), userId, "download", meta.toString(), at);
    }

    // ---- friction episodes ---------------------------------------------------------------------------

    Outcome episode(Conv c, Friction f, DayStats st, boolean mayAbandon) {
      hit.add(f);
      st.frictions.add(f);
      switch (f) {
        case VIDEO_TIMEOUT:
          return videoTimeout(c, st, mayAbandon);
        case IMAGE_SIZE_OOM:
          return imageSizeOom(c, st, mayAbandon);
        case FORGETS_CONTEXT:
          return forgetsContext(c, st, mayAbandon);
        case WRONG_LANGUAGE:
          return wrongLanguage(c, st, mayAbandon);
        case EXPORT_FORMAT_MISSING:
          return exportFormatMissing(c, st, mayAbandon);
        case CONTENT_POLICY_FALSE_POSITIVE:
          return contentPolicy(c, st, mayAbandon);
        case MESH_NOT_PRINTABLE:
          return meshNotPrintable(c, st, mayAbandon);
        default:
          return creditsRunOut(c, st, mayAbandon);
      }
    }

    Frame frameFor(Conv c, Service service) {
      List<Frame> frames = new ArrayList<>();
      for (Frame fr : Lexicon.FRAMES.get(c.useCase)) {
        if (fr.service() == service) {
          frames.add(fr);
        }
      }
      return dice.pick(frames);
    }

    /** After a failure the user complains; sometimes they just leave (the conversation ends on their turn). */
    Outcome complainOrLeave(Conv c, Friction f, DayStats st, boolean mayAbandon, String apology) {
      userSays(c, voice.complaint(f, c.slots));
      if (mayAbandon && dice.chance(0.5)) {
        return Outcome.ABANDONED;
      }
      assistantSays(c, assistant.apology(apology), 2, 8);
      return Outcome.FAILED;
    }

    Outcome videoTimeout(Conv c, DayStats st, boolean mayAbandon) {
      Frame frame = frameFor(c, Service.VIDEO_GENERATION);
      c.lastFrame = frame;
      c.slots.set("secs", dice.pick("10", "15", "20", "30"));
      userSays(c, voice.request(c.useCase, frame, c.slots));
      assistantSays(c, assistant.jobStart(Service.VIDEO_GENERATION, c.slots), 1, 5);
      timeoutJob(c, st);
      assistantSays(c, assistant.pick(Lexicon.TIMEOUT_REPLIES, c.slots), 1, 3);
      c.slots.set("secs", dice.pick("5", "6", "8"));
      userSays(c, voice.retry(c.useCase, frame, c.slots));
      if (dice.chance(0.35)) {
        succeed(c, Service.VIDEO_GENERATION, 8, Service.VIDEO_GENERATION.credits(8), st);
        userSays(c, voice.humanize(dice.pick("finally", "ok that worked", "took two tries but ok", "phew")));
        return Outcome.SUCCEEDED;
      }
      timeoutJob(c, st);
      assistantSays(c, assistant.pick(Lexicon.TIMEOUT_REPLIES, c.slots), 1, 3);
      return complainOrLeave(c, Friction.VIDEO_TIMEOUT, st, mayAbandon,
          "Video renders are slow right now — shorter clips usually finish.");
    }

    void timeoutJob(Conv c, DayStats st) {
      String error = dice.pick("Render timed out after 300s (worker deadline exceeded)",
          "TimeoutError: video render exceeded 300s limit at frame " + dice.between(90, 700) + "/720",
          "Job timed out after 300 seconds in stage 'upsample'", "Render timed out after 300s waiting for a GPU");
      job(c, Service.VIDEO_GENERATION, "failed", 0, error, 300 * SECOND + dice.betweenLong(0, 900));
      st.failed++;
    }

    Outcome imageSizeOom(Conv c, DayStats st, boolean mayAbandon) {
      Frame frame = frameFor(c, Service.IMAGE_GENERATION);
      c.lastFrame = frame;
      String size = dice.pick(Lexicon.BANKS.get("bigsize"));
      c.slots.set("bigsize", size);
      String ask = voice.request(c.useCase, frame, c.slots);
      userSays(c, dice.pick(ask + ", at " + size, ask + " — I need it at " + size + " for print",
          ask + " (print size " + size + ")", ask + ". Size: " + size + " please"));
      String error = dice.pick("CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 23.65 GiB total capacity) at " + size,
          "RuntimeError: out of memory while generating a " + size + " image",
          "OOM: insufficient GPU memory for " + size + " output");
      job(c, Service.IMAGE_GENERATION, "failed", 0, error, duration(Service.IMAGE_GENERATION));
      st.failed++;
      assistantSays(c, assistant.pick(Lexicon.OOM_REPLIES, c.slots), 1, 4);
      if (dice.chance(0.5)) {
        userSays(c, voice.humanize(dice.pick("fine, 2048 then", "ok do the smaller one", "whatever works, go smaller",
            "ok 2048x2048 and upscale after")));
        succeed(c, Service.IMAGE_GENERATION, 2, Service.IMAGE_GENERATION.credits(2), st);
        return Outcome.SUCCEEDED;
      }
      return complainOrLeave(c, Friction.IMAGE_SIZE_OOM, st, mayAbandon,
          "Large sizes are a known limit right now; 2048 px plus the upscaler is the workaround.");
    }

    Outcome forgetsContext(Conv c, DayStats st, boolean mayAbandon) {
      Frame frame = dice.pick(Lexicon.FRAMES.get(c.useCase));
      c.lastFrame = frame;
      Service service = frame.service();
      Constraint[] bank = service == null ? Lexicon.CHAT_CONSTRAINTS
          : service == Service.VIDEO_GENERATION ? Lexicon.VIDEO_CONSTRAINTS
          : service.visual() ? Lexicon.VISUAL_CONSTRAINTS : Lexicon.CHAT_CONSTRAINTS;
      Constraint constraint = dice.pick(bank);
      c.slots.set("constraint", c.slots.fill(constraint.statement()));
      c.slots.set("short", constraint.shortName());
      userSays(c, voice.request(c.useCase, frame, c.slots) + dice.pick(" — important: ", ". Note: ", ", and ", ". ")
          + c.slots.get("constraint"));
      answer(c, service, st);
      userSays(c, voice.refinement(service, c.slots));
      if (service != null) {
        int cost = service.credits(quantity(service));
        charge(cost);
        job(c, service, "succeeded", cost, null, duration(service));
        st.succeeded++;
      }
      assistantSays(c, constraint.violation(), 2, 12);
      return complainOrLeave(c, Friction.FORGETS_CONTEXT, st, mayAbandon,
          "I'll stick to " + constraint.shortName() + " from now on.");
    }

    /** The assistant's normal answer to the last request: a job for a service, a chat answer otherwise. */
    void answer(Conv c, Service service, DayStats st) {
      if (service == null) {
        assistantSays(c, assistant.chatAnswer(c.useCase, c.slots), 4, 40);
      } else {
        int q = quantity(service);
        succeed(c, service, q, service.credits(q), st);
      }
    }

    Outcome wrongLanguage(Conv c, DayStats st, boolean mayAbandon) {
      Frame frame = dice.pick(Lexicon.FRAMES.get(c.useCase));
      c.lastFrame = frame;
      userSays(c, voice.request(c.useCase, frame, c.slots));
      int reply = dice.between(0, Lexicon.WRONG_LANGUAGE_REPLIES.length - 1);
      c.slots.set("langname", new String[] {"Spanish", "German", "French", "Portuguese", "Italian"}[reply / 2]);
      assistantSays(c, c.slots.fill(Lexicon.WRONG_LANGUAGE_REPLIES[reply]), 2, 10);
      return complainOrLeave(c, Friction.WRONG_LANGUAGE, st, mayAbandon, "I'll answer in English from now on.");
    }

    /** The mesh is made and paid for but will not slice; nothing is downloaded. */
    Outcome meshNotPrintable(Conv c, DayStats st, boolean mayAbandon) {
      // Its own frames: an episode can land in a conversation of another use case when none fits all of the day's.
      Frame frame = dice.pick(NovelArea.FRAMES);
      c.lastFrame = frame;
      userSays(c, voice.request(UseCase.PRINTABLE_MODELS, frame, c.slots));
      brokenMesh(c, st);
      if (dice.chance(0.4)) {
        userSays(c, voice.humanize(dice.pick(NovelArea.FIRST_NOTICE)));
        userSays(c, voice.retry(UseCase.PRINTABLE_MODELS, frame, c.slots));
        brokenMesh(c, st);
      }
      return complainOrLeave(c, Friction.MESH_NOT_PRINTABLE, st, mayAbandon, NovelArea.APOLOGY);
    }

    void brokenMesh(Conv c, DayStats st) {
      assistantSays(c, assistant.jobStart(Service.MESH_GENERATION, c.slots), 1, 5);
      int cost = Service.MESH_GENERATION.credits(1);
      charge(cost);
      job(c, Service.MESH_GENERATION, "succeeded", cost, null, duration(Service.MESH_GENERATION));
      assistantSays(c, c.slots.fill(NovelArea.MESH_REPLY), 1, 4);
      st.succeeded++;
    }

    Outcome exportFormatMissing(Conv c, DayStats st, boolean mayAbandon) {
      Frame frame = dice.pick(Lexicon.FRAMES.get(c.useCase).stream().filter(fr -> fr.service() != null).toList());
      c.lastFrame = frame;
      Service service = frame.service();
      String format = service.visual() ? dice.pick("SVG", "PSD", "TIFF (CMYK)", "EPS")
          : service == Service.VIDEO_GENERATION ? dice.pick("ProRes", "WebM", "GIF")
          : service == Service.TRANSCRIPTION ? dice.pick("DOCX", "Avid DS") : dice.pick("FLAC", "AIFF");
      c.slots.set("fmt", format);
      userSays(c, voice.request(c.useCase, frame, c.slots) + dice.pick(" — export as ", ". I need it as ", ", in ",
          " and give me a ") + format + dice.pick("", " please", " file", " for " + c.slots.get("tool")));
      String code = format.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
      job(c, service, "failed", 0,
          "Unsupported output format: " + code + " (supported: " + String.join(", ", service.formats) + ")",
          dice.betweenLong(300, 2000));
      st.failed++;
      assistantSays(c, assistant.pick(Lexicon.FORMAT_REPLIES, c.slots), 1, 4);
      return complainOrLeave(c, Friction.EXPORT_FORMAT_MISSING, st, mayAbandon,
          "I've passed the " + format + " request on to the team.");
    }

    Outcome contentPolicy(Conv c, DayStats st, boolean mayAbandon) {
      String benign = dice.pick(Lexicon.BANKS.get("benign"));
      c.slots.set("benign", benign);
      Frame frame = Lexicon.np(Service.IMAGE_GENERATION,
          dice.pick("a product photo of {benign}", "an ad image with {benign}", "a picture of {benign}",
              "{n} shots of {benign}"));
      c.lastFrame = frame;
      userSays(c, voice.request(c.useCase, frame, c.slots));
      String category = benign.contains("knife") || benign.contains("pistol") || benign.contains("sword")
          || benign.contains("boxing") || benign.contains("camo") ? dice.pick("violence", "weapons")
          : benign.contains("wine") ? "alcohol" : benign.contains("baby") ? "minors" : "gore";
      policyBlock(c, category, st);
      if (dice.chance(0.5)) {
        userSays(c, voice.retry(c.useCase, frame, c.slots));
        policyBlock(c, category, st);
      }
      return complainOrLeave(c, Friction.CONTENT_POLICY_FALSE_POSITIVE, st, mayAbandon,
          "The filter is over-cautious with that kind of object; I've flagged it for review.");
    }

    void policyBlock(Conv c, String category, DayStats st) {
      job(c, Service.IMAGE_GENERATION, "failed", 0,
          dice.pick("Request blocked by content policy (category: " + category + ")",
              "Prompt rejected: content policy violation [" + category + "]"),
          dice.betweenLong(400, 1500));
      st.failed++;
      assistantSays(c, assistant.pick(Lexicon.POLICY_REPLIES, c.slots), 1, 3);
    }

    Outcome creditsRunOut(Conv c, DayStats st, boolean mayAbandon) {
      List<Frame> costly = Lexicon.FRAMES.get(c.useCase).stream()
          .filter(fr -> fr.service() == Service.IMAGE_GENERATION || fr.service() == Service.VIDEO_GENERATION
              || fr.service() == Service.TRANSCRIPTION)
          .toList();
      Frame frame = dice.pick(costly);
      c.lastFrame = frame;
      Service service = frame.service();
      int quantity = quantity(service);
      while (service.credits(quantity) <= credits) {
        quantity += service == Service.IMAGE_GENERATION ? 2 : 10;
      }
      setQuantity(c.slots, service, quantity);
      userSays(c, voice.request(c.useCase, frame, c.slots));
      return creditLimit(c, service, service.credits(quantity), st, mayAbandon);
    }

    /** Not enough credits: the job never starts; some users upgrade on the spot, some leave. */
    Outcome creditLimit(Conv c, Service service, int needed, DayStats st, boolean mayAbandon) {
      hit.add(Friction.CREDITS_RUN_OUT_FAST);
      st.frictions.add(Friction.CREDITS_RUN_OUT_FAST);
      st.creditLimit = true;
      ObjectNode meta = JSON.objectNode();
      meta.put("credits_needed", needed).put("credits_remaining", credits).put("service", service.label);
      c.t += dice.betweenLong(300, 1500);
      rows.action(Ids.uuid(dice), userId, "credit_limit", meta.toString(), c.t);
      assistantSays(c, assistant.pick(Lexicon.CREDIT_LIMIT_REPLIES, c.slots), 1, 3);
      c.slots.set("k", String.valueOf(dice.between(2, 6)));
      userSays(c, voice.complaint(Friction.CREDITS_RUN_OUT_FAST, c.slots));
      if (dice.chance(0.3)) {
        upgraded = true;
        plan = "free".equals(plan) ? "pro" : plan;
        credits += 1000;
        userSays(c, voice.humanize(dice.pick("ok fine, upgraded to pro", "just upgraded. try again",
            "bought the pro plan, go", "upgraded, now do it")));
        charge(needed);
        String jobId = job(c, service, "succeeded", needed, null, duration(service));
        assistantSays(c, assistant.result(service, c.slots), 1, 4);
        st.succeeded++;
        if (dice.chance(habits.downloadRate())) {
          c.t += dice.betweenLong(5 * SECOND, 2 * MINUTE);
          download(jobId, service, c.t);
          st.downloads++;
        }
        return Outcome.SUCCEEDED;
      }
      if (mayAbandon && dice.chance(0.5)) {
        return Outcome.ABANDONED;
      }
      assistantSays(c, assistant.apology("Your free credits refill at the start of next month."), 2, 6);
      return Outcome.FAILED;
    }

    int quantity(Service service) {
      if (service == null) {
        return 0;
      }
      switch (service) {
        case IMAGE_GENERATION:
          return 2 + dice.weighted(3, 3, 4);
        case VIDEO_GENERATION:
          return dice.pick(5, 6, 8, 10, 12, 15);
        case TRANSCRIPTION:
          return dice.between(3, 95);
        default:
          return 1;
      }
    }

    long duration(Service service) {
      return dice.betweenLong(service.minSeconds * SECOND, service.maxSeconds * SECOND);
    }

    /** Pays for a job; users who are not planted to run dry get their monthly refill or buy a pack. */
    void charge(int cost) {
      if (credits < cost) {
        credits += allowance();
      }
      credits -= cost;
    }

    // ---- rows ----------------------------------------------------------------------------------------

    String say(Conv c, String role, String content, long minMillis, long maxMillis) {
      c.t += dice.betweenLong(Math.max(1, minMillis), Math.max(1, maxMillis));
      String id = ids.message(index, msgSeq++);
      rows.message(id, c.id, role, content, c.t);
      c.lastMessageAt = c.t;
      return id;
    }

    void assistantSays(Conv c, String content, int minSeconds, int maxSeconds) {
      say(c, "assistant", content, minSeconds * SECOND, maxSeconds * SECOND);
    }

    /** A user turn; now and then it carries personal data, recorded exactly as written. */
    void userSays(Conv c, String text) {
      if (c.firstText == null) {
        c.firstText = text;
      }
      String id = ids.message(index, msgSeq);
      if (dice.chance(piiRate)) {
        Planted p = planter.plantAny();
        text = dice.chance(0.5)
            ? p.sentence() + dice.pick(". ", " — ", "\n", "! ") + text
            : text + dice.pick(" ", ". ", "\n\n", " — ") + p.sentence();
        pii.add(new PiiRecord(p.pii().piiClass(), p.pii().subtype(), p.pii().value(), p.pii().region(), userId, id,
            c.id, "content"));
      }
      long typing = c.t == c.createdAt ? dice.betweenLong(SECOND, 20 * SECOND) : dice.betweenLong(8 * SECOND, 150 * SECOND);
      c.t += typing;
      msgSeq++;
      rows.message(id, c.id, "user", text, c.t);
      c.lastMessageAt = c.t;
    }

    String job(Conv c, Service service, String status, Integer creditsUsed, String error, long durationMillis) {
      String jobId = ids.job(index, jobSeq++);
      long created = c.t + dice.betweenLong(300, 3000);
      Long completed = durationMillis < 0 ? null : created + durationMillis;
      rows.job(jobId, userId, c.id, service.label, status, creditsUsed, error, created, completed);
      c.t = completed == null ? created : completed;
      return jobId;
    }

    String title(Conv c) {
      if (dice.chance(0.012)) {
        Planted p = planter.plantInTitle();
        pii.add(new PiiRecord(p.pii().piiClass(), p.pii().subtype(), p.pii().value(), p.pii().region(), userId, null,
            c.id, "title"));
        return p.sentence();
      }
      double r = dice.unit();
      if (r < 0.14 || c.firstText == null) {
        return null;
      }
      if (r < 0.19) {
        return dice.pick("New chat", "Untitled", "New conversation");
      }
      String base = c.firstText.replace('\n', ' ');
      if (base.length() > 48) {
        int cut = base.lastIndexOf(' ', 48);
        base = base.substring(0, cut > 20 ? cut : 48) + "…";
      }
      return Character.toUpperCase(base.charAt(0)) + base.substring(1);
    }

    // ---- messy input ---------------------------------------------------------------------------------

    void plantMessy(Conv c) {
      for (MessyKind kind : messyKinds) {
        switch (kind) {
          case NULL_CONTENT:
            messy(kind, say(c, "user", null, 2 * SECOND, 30 * SECOND), "content is NULL");
            break;
          case EMPTY_CONTENT:
            messy(kind, say(c, "user", "", 2 * SECOND, 30 * SECOND), "content is ''");
            break;
          case HUGE_MESSAGE:
            String log = renderLog();
            messy(kind, say(c, "user", log, 20 * SECOND, 60 * SECOND), log.length() + " characters");
            break;
          case UNKNOWN_ROLE:
            messy(kind, say(c, "function", "{\"name\": \"get_job_status\", \"content\": \"{\\\"status\\\": \\\"running\\\"}\"}",
                SECOND, 3 * SECOND), "role 'function'");
            break;
          case FUTURE_MESSAGE: {
            String id = ids.message(index, msgSeq++);
            rows.message(id, c.id, "user", voice.praise(c.slots), future());
            messy(kind, id, "created_at in 2099");
            break;
          }
          case FUTURE_JOB: {
            String id = ids.job(index, jobSeq++);
            long at = future();
            rows.job(id, userId, c.id, Service.UPSCALE.label, "succeeded", 2, null, at, at + 9 * SECOND);
            messy(kind, id, "created_at in 2099");
            break;
          }
          case FUTURE_ACTION: {
            ObjectNode meta = JSON.objectNode().put("job_id", ids.job(index, 0)).put("format", "png");
            java.util.UUID id = Ids.uuid(dice);
            rows.action(id, userId, "download", meta.toString(), future());
            messy(kind, id.toString(), "created_at in 2099");
            break;
          }
          case NULL_CREDITS_USED:
          case NEGATIVE_CREDITS_USED: {
            Integer used = kind == MessyKind.NULL_CREDITS_USED ? null : -dice.between(1, 12);
            String id = job(c, Service.BACKGROUND_REMOVAL, "succeeded", used, null, 3 * SECOND);
            messy(kind, id, "credits_used " + used);
            break;
          }
          case MALFORMED_METADATA: {
            String shape = dice.pick("string", "array", "number", "null");
            String json = switch (shape) {
              case "string" -> "\"png\"";
              case "array" -> "[\"" + ids.job(index, 0) + "\", \"png\"]";
              case "number" -> String.valueOf(dice.between(1, 500));
              default -> "null";
            };
            java.util.UUID id = Ids.uuid(dice);
            rows.action(id, userId, dice.pick("download", "share"), json, c.t + dice.betweenLong(SECOND, MINUTE));
            messy(kind, id.toString(), "metadata is a JSON " + shape);
            break;
          }
          default:
            break;
        }
      }
    }

    void messy(MessyKind kind, String id, String detail) {
      messyRows.add(tally(kind, id, detail));
    }

    long future() {
      return YEAR_2099 + dice.betweenLong(0, 300 * DAY);
    }

    /** About 2 MB of a pasted render log: the kind of message that breaks naive pipelines. */
    String renderLog() {
      StringBuilder b = new StringBuilder(2_100_000);
      b.append("here's the full render log from last night, something is off:\n\n");
      long t = dayStart(0) + 2 * HOUR;
      int frame = 0;
      while (b.length() < 2_000_000) {
        t += dice.betweenLong(50, 900);
        b.append(java.time.Instant.ofEpochMilli(t)).append(" INFO  render-worker-").append(dice.between(1, 8))
            .append(" frame ").append(++frame).append("/90000 done in ").append(dice.between(80, 1900))
            .append(" ms (vram ").append(dice.between(40, 230) / 10.0).append(" GiB)\n");
      }
      return b.toString();
    }
  }

  // ---- shared by users ---------------------------------------------------------------------------------

  private static void setQuantity(Slots slots, Service service, int quantity) {
    if (service == Service.IMAGE_GENERATION) {
      slots.set("n", String.valueOf(quantity));
    } else if (service == Service.VIDEO_GENERATION) {
      slots.set("secs", String.valueOf(quantity));
    } else if (service == Service.TRANSCRIPTION) {
      slots.set("mins", String.valueOf(quantity));
    }
  }
}
