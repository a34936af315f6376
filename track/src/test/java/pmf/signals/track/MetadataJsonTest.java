package pmf.signals.track;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class MetadataJsonTest {
  private static String json(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return MetadataJson.of(map);
  }

  @Test
  public void noMetadataIsAnEmptyObject() {
    assertThat(MetadataJson.of(null), equalTo("{}"));
    assertThat(MetadataJson.of(Map.of()), equalTo("{}"));
  }

  @Test
  public void scalarsAreWrittenAsJsonScalars() {
    assertThat(json("s", "png", "i", 3, "l", 4L, "d", 0.5, "f", 1.5f, "t", true, "n", null),
        equalTo("{\"s\":\"png\",\"i\":3,\"l\":4,\"d\":0.5,\"f\":1.5,\"t\":true,\"n\":null}"));
    assertThat(json("big", new BigInteger("123456789012345678901234567890"), "dec", new BigDecimal("1.50")),
        equalTo("{\"big\":123456789012345678901234567890,\"dec\":1.50}"));
  }

  @Test
  public void numbersJsonCannotHoldBecomeNull() {
    assertThat(json("a", Double.NaN, "b", Double.POSITIVE_INFINITY, "c", Float.NEGATIVE_INFINITY),
        equalTo("{\"a\":null,\"b\":null,\"c\":null}"));
  }

  @Test
  public void stringsAreEscaped() {
    assertThat(json("q\"k", "a \"quote\", a \\ and a /"), equalTo("{\"q\\\"k\":\"a \\\"quote\\\", a \\\\ and a /\"}"));
    assertThat(json("c", "\n\r\t\b\f\u0001\u001f"), equalTo("{\"c\":\"\\n\\r\\t\\b\\f\\u0001\\u001f\"}"));
    assertThat(json("u", "é 😀 \u2028"), equalTo("{\"u\":\"é 😀 \u2028\"}"));
  }

  @Test
  public void nulWhichJsonbRefusesBecomesAReplacementCharacter() {
    assertThat(json("z", "a\0b"), equalTo("{\"z\":\"a\uFFFDb\"}"));
  }

  @Test
  public void otherValuesAndNullKeysAreWrittenAsStrings() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(null, LocalDate.of(2026, 11, 23));
    assertThat(MetadataJson.of(map), equalTo("{\"null\":\"2026-11-23\"}"));
  }
}
