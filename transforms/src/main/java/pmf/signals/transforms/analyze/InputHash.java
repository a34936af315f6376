package pmf.signals.transforms.analyze;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import pmf.signals.transforms.json.Json;
import pmf.signals.transforms.model.UserActivity;

/** SHA-256 of what an analyzer reads: the user's activity, the prompt version and the model. Equal hash, equal input. */
public final class InputHash {
  private InputHash() {}

  public static String of(UserActivity activity, String promptVersion, String model) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Stream the canonical JSON into the digest: no copy of a large user's history is built.
      Json.MAPPER.writeValue(new DigestOutputStream(OutputStream.nullOutputStream(), sha), activity);
      sha.update((byte) 0);
      sha.update(String.valueOf(promptVersion).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(String.valueOf(model).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
