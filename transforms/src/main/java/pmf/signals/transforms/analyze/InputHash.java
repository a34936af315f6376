package pmf.signals.transforms.analyze;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import pmf.signals.privacy.Sha256;
import pmf.signals.transforms.model.UserActivity;

/**
 * SHA-256 of what an analyzer reads: the user, the analyzer's fingerprint of their input (their source rows, or the
 * prompt context it would send), the prompt version and the model. Equal hash, equal input.
 */
public final class InputHash {
  private InputHash() {}

  public static String of(UserActivity activity, String promptVersion, String model) {
    return of(activity.userId(), activity.sourceHash(), promptVersion, model);
  }

  public static String of(String userId, String fingerprint, String promptVersion, String model) {
    MessageDigest sha = Sha256.create();
    for (String part : new String[] {userId, fingerprint, promptVersion, model}) {
      sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
