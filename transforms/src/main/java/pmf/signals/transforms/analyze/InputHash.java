package pmf.signals.transforms.analyze;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import pmf.signals.transforms.digest.Sha256;
import pmf.signals.transforms.model.UserActivity;

/**
 * SHA-256 of what an analyzer reads: the user's source rows (their {@code sourceHash}), the prompt version and the
 * model. Equal hash, equal input.
 */
public final class InputHash {
  private InputHash() {}

  public static String of(UserActivity activity, String promptVersion, String model) {
    MessageDigest sha = Sha256.create();
    for (String part : new String[] {activity.userId(), activity.sourceHash(), promptVersion, model}) {
      sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
