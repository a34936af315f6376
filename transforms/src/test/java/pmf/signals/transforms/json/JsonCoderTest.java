package pmf.signals.transforms.json;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import pmf.signals.transforms.Fixtures;
import pmf.signals.transforms.model.UserActivity;

public class JsonCoderTest {

  @Test
  public void roundTripsARecordAndEncodesEqualValuesToEqualBytes() throws Exception {
    UserActivity activity =
        Fixtures.activity(
            "u1",
            Fixtures.consenting("2026-11-01T00:00:00Z", "free"),
            List.of(Fixtures.conversation("c1", Fixtures.user("m1", "2026-11-22T10:00:00Z", "héllo \t\n 🎨"))),
            List.of(Fixtures.job("j1", "c1", "image_generation", "succeeded", 3, null, "2026-11-22T10:01:00Z")),
            List.of(Fixtures.action("a1", "download", "2026-11-22T10:02:00Z")));
    JsonCoder<UserActivity> coder = JsonCoder.of(UserActivity.class);

    byte[] first = CoderUtils.encodeToByteArray(coder, activity);
    UserActivity decoded = CoderUtils.decodeFromByteArray(coder, first);

    assertThat(decoded, equalTo(activity));
    assertThat(CoderUtils.encodeToByteArray(coder, decoded), equalTo(first));
  }

  @Test
  public void writesSnakeCaseKeys() {
    assertThat(
        Json.write(Fixtures.consenting("2026-11-01T00:00:00Z", "pro")),
        containsString("\"analytics_consent\":true"));
  }
}
