package pmf.signals.transforms.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pmf.signals.privacy.Sha256;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.Conversation;
import pmf.signals.transforms.model.DataQuality;
import pmf.signals.transforms.model.Message;
import pmf.signals.transforms.model.ServiceJob;
import pmf.signals.transforms.model.UserAction;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserPayloads;
import pmf.signals.transforms.model.UserProfile;

/**
 * Turns the per-user JSON payloads of the source queries into one {@link UserActivity}: parses, deduplicates by id
 * (tables without primary keys do hold duplicates) and counts every bad row it repairs or ignores.
 */
public final class ActivityPayloads {
  private ActivityPayloads() {}

  public static final Set<String> KNOWN_ROLES = Set.of("user", "assistant", "system", "tool");

  /** A payload that cannot be parsed; its message never quotes the payload, which may hold personal text. */
  public static final class MalformedPayloadException extends Exception {
    public MalformedPayloadException(String message) {
      super(message);
    }
  }

  private record ActionRow(String id, String action, String metadata, Instant createdAt) {}

  /** A conversation as the query returns it, its messages with their row ids (to drop duplicate rows). */
  private record ConversationRow(String id, String title, Instant createdAt, List<MessageRow> messages) {}

  private record MessageRow(String id, String role, Instant at, Integer length, String text) {
    Message message() {
      return new Message(role, at, length, text);
    }
  }

  public static UserActivity assemble(UserPayloads row) throws MalformedPayloadException {
    Counts counts = new Counts();
    UserProfile profile =
        chooseProfile(parseList(row.users(), "users", new TypeReference<List<UserProfile>>() {}), counts);
    List<Conversation> convs =
        mergeConversations(
            parseList(row.conversations(), "conversations", new TypeReference<List<ConversationRow>>() {}), counts);
    List<ServiceJob> jobList =
        distinctById(parseList(row.jobs(), "jobs", new TypeReference<List<ServiceJob>>() {}), ServiceJob::id, counts);
    List<UserAction> actionList =
        distinctById(
            parseList(row.actions(), "actions", new TypeReference<List<ActionRow>>() {}).stream()
                .map(action -> toAction(action, counts))
                .toList(),
            UserAction::id,
            counts);
    for (ServiceJob job : jobList) {
      if (job.creditsUsed() == null || job.creditsUsed() < 0) {
        counts.invalidCredits++;
      }
    }
    return new UserActivity(
        row.userId(), profile, convs, jobList, actionList, counts.toQuality(), sourceHash(row));
  }

  /** SHA-256 over the row's payloads, each length-prefixed so no two different rows can hash alike by shifting. */
  static String sourceHash(UserPayloads row) {
    MessageDigest sha = Sha256.create();
    sha.update(row.userId().getBytes(StandardCharsets.UTF_8));
    for (byte[] part : new byte[][] {row.users(), row.conversations(), row.jobs(), row.actions()}) {
      sha.update((part == null ? ":null:" : ":" + part.length + ":").getBytes(StandardCharsets.US_ASCII));
      if (part != null) {
        sha.update(part);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static final class Counts {
    int duplicateRows;
    int duplicateProfiles;
    int emptyMessages;
    int truncatedMessages;
    int unknownRoleMessages;
    int malformedMetadata;
    int invalidCredits;

    DataQuality toQuality() {
      return new DataQuality(
          duplicateRows,
          duplicateProfiles,
          emptyMessages,
          truncatedMessages,
          unknownRoleMessages,
          malformedMetadata,
          invalidCredits);
    }
  }

  /** A JSON array payload; null (no rows in that table) is an empty list. */
  private static <T> List<T> parseList(byte[] payload, String what, TypeReference<List<T>> type)
      throws MalformedPayloadException {
    if (payload == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (T item : parse(payload, what, type)) {
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private static <T> T parse(byte[] payload, String what, TypeReference<T> type) throws MalformedPayloadException {
    try {
      return Json.MAPPER.readValue(payload, type);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MalformedPayloadException(
          "malformed " + what + " payload (" + e.getClass().getSimpleName() + where + ")");
    } catch (IOException e) {
      // Reading a byte array does no I/O; anything else here is a malformed payload too.
      throw new MalformedPayloadException("unreadable " + what + " payload (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Duplicate users rows: prefer a known row, then the earliest signup, so the choice is stable. */
  static UserProfile chooseProfile(List<UserProfile> rows, Counts counts) {
    if (rows.isEmpty()) {
      return UserProfile.unknown();
    }
    counts.duplicateProfiles += rows.size() - 1;
    return rows.stream()
        .min(
            Comparator.comparing((UserProfile p) -> !p.known())
                .thenComparing(UserProfile::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Json::write))
        .orElseThrow();
  }

  private static List<Conversation> mergeConversations(List<ConversationRow> rows, Counts counts) {
    Map<String, ConversationRow> byId = new LinkedHashMap<>();
    for (ConversationRow row : rows) {
      ConversationRow seen = byId.get(row.id());
      if (seen == null) {
        byId.put(row.id(), row);
      } else {
        counts.duplicateRows++;
        List<MessageRow> merged = new ArrayList<>(seen.messages() == null ? List.of() : seen.messages());
        merged.addAll(row.messages() == null ? List.of() : row.messages());
        byId.put(row.id(), new ConversationRow(seen.id(), seen.title(), seen.createdAt(), merged));
      }
    }
    List<Conversation> out = new ArrayList<>();
    for (ConversationRow conversation : byId.values()) {
      List<MessageRow> rowsOnce = distinctById(
          conversation.messages() == null ? List.<MessageRow>of() : conversation.messages(), MessageRow::id, counts);
      List<MessageRow> orderedRows = new ArrayList<>(rowsOnce);
      orderedRows.sort(
          Comparator.comparing(MessageRow::at, Comparator.nullsLast(Comparator.naturalOrder()))
              .thenComparing(MessageRow::id, Comparator.nullsLast(Comparator.naturalOrder())));
      List<Message> ordered = orderedRows.stream().map(MessageRow::message).toList();
      for (Message message : ordered) {
        if (message.length() == null || message.length() == 0) {
          counts.emptyMessages++;
        }
        if (message.truncated()) {
          counts.truncatedMessages++;
        }
        if (!KNOWN_ROLES.contains(message.role())) {
          counts.unknownRoleMessages++;
        }
      }
      out.add(new Conversation(conversation.id(), conversation.title(), conversation.createdAt(), ordered));
    }
    return out;
  }

  static <T> List<T> distinctById(List<T> rows, java.util.function.Function<T, String> id, Counts counts) {
    Set<String> seen = new LinkedHashSet<>();
    List<T> out = new ArrayList<>(rows.size());
    for (T row : rows) {
      if (seen.add(String.valueOf(id.apply(row)))) {
        out.add(row);
      } else {
        counts.duplicateRows++;
      }
    }
    return out;
  }

  private static UserAction toAction(ActionRow row, Counts counts) {
    String metadata = null;
    boolean malformed = false;
    if (row.metadata() != null) {
      try {
        JsonNode node = Json.tree(row.metadata());
        if (node.isObject()) {
          metadata = Json.write(node);
        } else if (!node.isNull()) {
          malformed = true;
        }
      } catch (JsonProcessingException e) {
        malformed = true;
      }
    }
    if (malformed) {
      counts.malformedMetadata++;
    }
    return new UserAction(row.id(), row.action(), metadata, malformed, row.createdAt());
  }
}
