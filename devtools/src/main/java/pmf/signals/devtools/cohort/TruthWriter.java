package pmf.signals.devtools.cohort;

import pmf.signals.devtools.CohortSpec;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import pmf.signals.devtools.cohort.UserTruth.MessyRow;
import pmf.signals.devtools.cohort.UserTruth.PiiRecord;

/**
 * Streams the planted ground truth to JSON as users are made: one line per user and per PII item, so a
 * 100,000-user truth file never sits in memory and still greps well. Written to {@code <file>.partial}
 * and moved into place by {@link #publish()} once the load it describes has committed.
 */
public final class TruthWriter implements Closeable {
  private static final JsonFactory JSON = new JsonFactory();
  /** Row-count keys in the order CohortRows tables are counted. */
  public static final String[] TABLES = {"users", "conversations", "messages", "service_jobs", "user_actions"};

  private final Path file;
  private final Path partial;
  private final Path piiSpill;
  private final JsonGenerator out;
  private final JsonGenerator pii;
  private final LocalDate windowStart;
  private final Map<Friction, Integer> frictionUsers = new EnumMap<>(Friction.class);
  private final Map<Persona, Integer> personaUsers = new EnumMap<>(Persona.class);
  private final List<MessyRow> messyRows = new ArrayList<>();
  private int returning;
  private int activeUsers;
  private long piiItems;
  private boolean closed;

  public TruthWriter(Path file, CohortSpec spec) throws IOException {
    this.file = file;
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    this.partial = dir.resolve(file.getFileName() + ".partial");
    this.piiSpill = Files.createTempFile(dir, "pii-", ".jsonl");
    this.windowStart = spec.startDate();
    this.out = JSON.createGenerator(partial.toFile(), JsonEncoding.UTF8);
    out.setPrettyPrinter(new TruthPrinter());
    this.pii = JSON.createGenerator(piiSpill.toFile(), JsonEncoding.UTF8);
    pii.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
    for (Friction f : Friction.values()) {
      frictionUsers.put(f, 0);
    }
    for (Persona p : Persona.values()) {
      personaUsers.put(p, 0);
    }

    out.writeStartObject();
    out.writeObjectFieldStart("spec");
    out.writeNumberField("users", spec.users());
    out.writeNumberField("days", spec.days());
    out.writeNumberField("seed", spec.seed());
    out.writeStringField("endDate", spec.endDate().toString());
    out.writeStringField("startDate", windowStart.toString());
    out.writeBooleanField("messy", spec.messy());
    out.writeBooleanField("distinctPersonas", spec.distinctPersonas());
    out.writeEndObject();
    writeDefinitions();
    writeCatalogue();
    out.writeArrayFieldStart("users");
  }

  private void writeDefinitions() throws IOException {
    out.writeObjectFieldStart("definitions");
    out.writeStringField("window", "UTC calendar dates startDate..endDate inclusive");
    out.writeStringField("active_date", "a UTC date in the window on which the user has at least one row: a message in"
        + " one of their conversations, a service job or a user action. Rows dated 2099 (messy) are never activity.");
    out.writeStringField("returns", "true iff the user has an active date after their first active date, both in the"
        + " window (equivalently: active_dates has two or more entries); false for users with no activity. The chance of"
        + " returning was set from the first active day (successful jobs, downloads, shares, frictions hit, abandonment,"
        + " credit limit, paid plan) and the persona, then drawn, so early behaviour predicts it well but not perfectly;"
        + " a user whose first active date is endDate cannot return.");
    out.writeStringField("use_cases", "use cases the user pursued in their conversations (for users without"
        + " conversations: the use cases behind their API jobs)");
    out.writeStringField("friction_points", "frictions the user actually hit (at least one episode in their rows)");
    out.writeStringField("planted_top_frictions", "the three frictions hit by the most distinct users, most first");
    out.writeStringField("abandonment", "after a friction a conversation may end on the user's complaint, with no"
        + " further activity by that user that day");
    out.writeStringField("pii", "every personal-data value planted in user messages (field content, message_id) or in"
        + " conversation titles (field title), exactly as it appears; clean text holds none (product names, versions,"
        + " dates, prices, sizes and percentages are not PII; assistant and tool messages carry no planted PII)");
    out.writeStringField("timestamps", "all activity lies in [startDate 00:00, endDate 23:59:59.999] UTC except messy"
        + " rows of kind future_*; users.created_at (signup) may precede the window");
    out.writeStringField("consent", "users.analytics_consent: true, false or null (unknown)");
    out.writeEndObject();
  }

  private void writeCatalogue() throws IOException {
    out.writeObjectFieldStart("catalogue");
    out.writeArrayFieldStart("personas");
    for (Persona p : Persona.values()) {
      out.writeStartObject();
      out.writeStringField("label", p.label);
      out.writeStringField("description", p.description);
      out.writeNumberField("planned_share", p.share);
      out.writeArrayFieldStart("use_cases");
      for (UseCase u : p.useCases().keySet()) {
        out.writeString(u.label);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("use_cases");
    for (UseCase u : UseCase.values()) {
      out.writeStartObject();
      out.writeStringField("label", u.label);
      out.writeStringField("description", u.description);
      out.writeArrayFieldStart("services");
      for (Service s : u.services) {
        out.writeString(s.label);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("frictions");
    for (Friction f : Friction.values()) {
      out.writeStartObject();
      out.writeStringField("label", f.label);
      out.writeStringField("description", f.description);
      out.writeNumberField("planned_prevalence", f.prevalence);
      out.writeStringField("evidence", f.evidence);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("services");
    for (Service s : Service.values()) {
      out.writeString(s.label);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  public void user(UserTruth u) throws IOException {
    personaUsers.merge(u.persona(), 1, Integer::sum);
    for (Friction f : u.frictionPoints()) {
      frictionUsers.merge(f, 1, Integer::sum);
    }
    if (!u.activeDays().isEmpty()) {
      activeUsers++;
    }
    if (u.returns()) {
      returning++;
    }
    messyRows.addAll(u.messyRows());

    out.writeStartObject();
    out.writeStringField("user_id", u.userId());
    out.writeStringField("persona", u.persona().label);
    out.writeStringField("plan", u.plan());
    if (u.consent() == null) {
      out.writeNullField("consent");
    } else {
      out.writeBooleanField("consent", u.consent());
    }
    out.writeStringField("signup", Instant.ofEpochMilli(u.signupAt()).toString());
    out.writeNumberField("credits_remaining", u.creditsRemaining());
    out.writeBooleanField("upgraded", u.upgraded());
    out.writeBooleanField("api_only", u.apiOnly());
    out.writeArrayFieldStart("active_dates");
    for (int d : u.activeDays()) {
      out.writeString(windowStart.plusDays(d).toString());
    }
    out.writeEndArray();
    out.writeArrayFieldStart("use_cases");
    for (UseCase c : u.useCases()) {
      out.writeString(c.label);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("friction_points");
    for (Friction f : u.frictionPoints()) {
      out.writeString(f.label);
    }
    out.writeEndArray();
    out.writeBooleanField("returns", u.returns());
    out.writeNumberField("return_probability", u.returnProbability());
    if (u.firstDay() != null) {
      UserTruth.FirstDay d = u.firstDay();
      out.writeObjectFieldStart("first_day");
      out.writeNumberField("conversations", d.conversations());
      out.writeNumberField("jobs_succeeded", d.jobsSucceeded());
      out.writeNumberField("jobs_failed", d.jobsFailed());
      out.writeNumberField("downloads", d.downloads());
      out.writeNumberField("shares", d.shares());
      out.writeArrayFieldStart("frictions");
      for (Friction f : d.frictions()) {
        out.writeString(f.label);
      }
      out.writeEndArray();
      out.writeBooleanField("abandoned", d.abandoned());
      out.writeBooleanField("credit_limit", d.creditLimit());
      out.writeEndObject();
    }
    out.writeEndObject();

    for (PiiRecord p : u.pii()) {
      piiItems++;
      pii.writeStartObject();
      pii.writeStringField("class", p.piiClass());
      if (p.subtype() != null) {
        pii.writeStringField("subtype", p.subtype());
      }
      pii.writeStringField("value", p.value());
      if (p.region() != null) {
        pii.writeStringField("region", p.region());
      }
      pii.writeStringField("user_id", p.userId());
      if (p.messageId() != null) {
        pii.writeStringField("message_id", p.messageId());
      }
      pii.writeStringField("conversation_id", p.conversationId());
      pii.writeStringField("field", p.field());
      pii.writeEndObject();
    }
  }

  /** Ends the file: PII (copied from the spill), messy counts and rows, friction ranking, row counts. */
  public void finish(Map<MessyKind, Integer> messyCounts, List<MessyRow> orphans, long[] rowCounts) throws IOException {
    out.writeEndArray();
    pii.close();
    out.writeArrayFieldStart("pii");
    try (JsonParser parser = JSON.createParser(piiSpill.toFile())) {
      while (parser.nextToken() != null) {
        out.copyCurrentStructure(parser);
      }
    }
    out.writeEndArray();
    messyRows.addAll(orphans);
    out.writeObjectFieldStart("messy");
    for (Map.Entry<MessyKind, Integer> e : messyCounts.entrySet()) {
      out.writeNumberField(e.getKey().label, e.getValue());
    }
    out.writeEndObject();
    out.writeArrayFieldStart("messy_rows");
    for (MessyRow r : messyRows) {
      out.writeStartObject();
      out.writeStringField("kind", r.kind().label);
      out.writeStringField("table", r.table());
      out.writeStringField("id", r.id());
      out.writeStringField("detail", r.detail());
      out.writeEndObject();
    }
    out.writeEndArray();
    List<Friction> ranking = new ArrayList<>(List.of(Friction.values()));
    ranking.sort(Comparator.comparing((Friction f) -> -frictionUsers.get(f)).thenComparing(Enum::ordinal));
    out.writeArrayFieldStart("friction_ranking");
    for (Friction f : ranking) {
      out.writeStartObject();
      out.writeStringField("label", f.label);
      out.writeNumberField("users", frictionUsers.get(f));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("planted_top_frictions");
    for (Friction f : ranking.subList(0, 3)) {
      out.writeString(f.label);
    }
    out.writeEndArray();
    out.writeObjectFieldStart("persona_users");
    for (Map.Entry<Persona, Integer> e : personaUsers.entrySet()) {
      out.writeNumberField(e.getKey().label, e.getValue());
    }
    out.writeEndObject();
    out.writeObjectFieldStart("totals");
    out.writeNumberField("active_users", activeUsers);
    out.writeNumberField("returning_users", returning);
    out.writeNumberField("pii_items", piiItems);
    out.writeEndObject();
    out.writeObjectFieldStart("row_counts");
    for (int i = 0; i < TABLES.length; i++) {
      out.writeNumberField(TABLES[i], rowCounts[i]);
    }
    out.writeEndObject();
    out.writeEndObject();
    out.writeRaw('\n');
    out.close();
    Files.deleteIfExists(piiSpill);
  }

  /** Moves the finished file into place, replacing an older one. */
  public void publish() throws IOException {
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Drops temporary files of an unfinished run. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!out.isClosed()) {
      out.close();
    }
    if (!pii.isClosed()) {
      pii.close();
    }
    Files.deleteIfExists(piiSpill);
    Files.deleteIfExists(partial);
  }

  /** Newlines only near the top: one line per user, per PII item and per catalogue entry. */
  private static final class TruthPrinter extends DefaultPrettyPrinter {
    TruthPrinter() {
      super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.NONE));
      _objectIndenter = new ShallowIndenter(1);
      _arrayIndenter = new ShallowIndenter(3);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new TruthPrinter();
    }

    /** Nested objects close on their own line's end; only the root's brace gets a line of its own. */
    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      --_nesting;
      if (_nesting == 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }

    /** Arrays inside a user or PII line close on that line. */
    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      --_nesting;
      if (nrOfValues > 0 && _nesting <= 2) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }
  }


  private static final class ShallowIndenter implements DefaultPrettyPrinter.Indenter {
    private final int maxLevel;

    ShallowIndenter(int maxLevel) {
      this.maxLevel = maxLevel;
    }

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      if (level <= maxLevel) {
        g.writeRaw('\n');
        for (int i = 0; i < level; i++) {
          g.writeRaw("  ");
        }
      }
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }
}
