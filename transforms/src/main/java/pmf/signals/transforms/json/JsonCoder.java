package pmf.signals.transforms.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Encodes a domain record as its canonical JSON. Records stay plain Java (no Beam annotations) and Jackson is far
 * cheaper per element than Java serialization.
 */
public final class JsonCoder<T> extends CustomCoder<T> {
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();
  private final Class<T> type;

  private JsonCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonCoder<T> of(Class<T> type) {
    return new JsonCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    BYTES.encode(Json.MAPPER.writeValueAsBytes(value), out);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    return Json.MAPPER.readValue(BYTES.decode(in), type);
  }

  @Override
  public void verifyDeterministic() {
    // Sorted keys and canonical number forms make the encoding deterministic.
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonCoder && ((JsonCoder<?>) other).type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "JsonCoder<" + type.getSimpleName() + ">";
  }
}
