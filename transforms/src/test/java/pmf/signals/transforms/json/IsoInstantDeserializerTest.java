package pmf.signals.transforms.json;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.Test;

public class IsoInstantDeserializerTest {

  @Test
  public void agreesWithTheJdkOnEveryShapePostgresWrites() {
    String[] samples = {
      "2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00.5+00:00", "2026-11-23T10:00:00.123456+00:00",
      "2026-11-23T23:59:59.999999+05:30", "2026-02-28T00:00:00-08:00", "2024-02-29T12:00:00+01",
      "1999-12-31T23:59:59Z", "2099-01-01T00:00:00.000000001+00:00", "2026-11-23 10:00:00+00:00"
    };
    for (String sample : samples) {
      assertThat(sample, IsoInstantDeserializer.parse(sample),
          equalTo(OffsetDateTime.parse(sample.replace(' ', 'T')).toInstant()));
    }
  }

  @Test
  public void readsInstantsInsideJsonAndNulls() throws Exception {
    record Stamp(Instant at, Instant none) {}

    Stamp stamp = Json.read("{\"at\":\"2026-11-23T10:00:00.25+01:00\",\"none\":null}", Stamp.class);

    assertThat(stamp.at(), equalTo(Instant.parse("2026-11-23T09:00:00.250Z")));
    assertThat(stamp.none(), equalTo(null));
  }

  @Test
  public void rejectsWhatIsNotATimestamp() {
    record Stamp(Instant at) {}

    assertThrows(InvalidFormatException.class, () -> Json.read("{\"at\":\"yesterday\"}", Stamp.class));
    assertThrows(InvalidFormatException.class, () -> Json.read("{\"at\":\"2026-13-23T10:00:00+00:00\"}", Stamp.class));
  }
}
