package pmf.signals.transforms.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the ISO-8601 timestamps PostgreSQL writes into JSON ({@code 2026-11-23T10:00:00.123456+00:00}) by position,
 * falling back to {@link OffsetDateTime#parse} for any other shape. A user's history holds thousands of them, and
 * the general formatter was most of the cost of reading it.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {
  IsoInstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    String text = parser.getValueAsString();
    if (text == null) {
      return (Instant) context.handleUnexpectedToken(Instant.class, parser);
    }
    try {
      return parse(text.strip());
    } catch (DateTimeParseException | ArithmeticException e) {
      return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp");
    }
  }

  /** Pure: an ISO-8601 date-time with an offset (or Z) as an instant. */
  static Instant parse(String s) {
    Instant fast = fastPath(s);
    return fast != null ? fast : OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH[:mm])}, or null when the text has another shape. */
  private static Instant fastPath(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int scale = 100_000_000;
      i++;
      int start = i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        if (i - start < 9) {
          nanos += (s.charAt(i) - '0') * scale;
          scale /= 10;
        }
        i++;
      }
      if (i == start) {
        return null;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      int sign = s.charAt(i) == '+' ? 1 : -1;
      int rest = n - i - 1;
      int oh;
      int om = 0;
      if (rest == 2) {
        oh = digits(s, i + 1, 2);
      } else if (rest == 5 && s.charAt(i + 3) == ':') {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 4, 2);
      } else {
        return null;
      }
      if (oh < 0 || om < 0) {
        return null;
      }
      offsetSeconds = sign * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
