package pmf.signals.transforms.read;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.model.DataQuality;
import pmf.signals.transforms.model.UserActivity;
import pmf.signals.transforms.model.UserPayloads;

public class ActivityPayloadsTest {
  private static final String PROFILE =
      "{\"known\":true,\"created_at\":\"2026-11-01T08:00:00+00:00\",\"plan\":\"pro\",\"credits_remaining\":5,"
          + "\"analytics_consent\":true,\"first_success_at\":null}";

  @Test
  public void givenPostgresJson_parsesTimestampsWithOffsets() throws Exception {
    String conversations =
        "[{\"id\":\"c1\",\"title\":\"t\",\"created_at\":\"2026-11-22T10:00:00.123+01:00\",\"messages\":"
            + "[{\"id\":\"m1\",\"role\":\"user\",\"at\":\"2026-11-22T10:00:00+01:00\",\"length\":2,\"text\":\"hi\"}]}]";

    UserActivity a = ActivityPayloads.assemble(UserPayloads.ofText("u1", "[" + PROFILE + "]", conversations, null, null));

    assertThat(a.profile().createdAt(), equalTo(Instant.parse("2026-11-01T08:00:00Z")));
    assertThat(a.conversations().get(0).messages().get(0).at(), equalTo(Instant.parse("2026-11-22T09:00:00Z")));
    assertThat(a.quality(), equalTo(DataQuality.clean()));
  }

  @Test
  public void givenDuplicateRowsAndBadMessages_keepsOneOfEachAndCountsEveryRepair() throws Exception {
    String big = "x".repeat(100);
    String conversations =
        "[{\"id\":\"c1\",\"created_at\":null,\"messages\":["
            + "{\"id\":\"m1\",\"role\":\"user\",\"at\":\"2026-11-22T10:00:00Z\",\"length\":null,\"text\":null},"
            + "{\"id\":\"m1\",\"role\":\"user\",\"at\":\"2026-11-22T10:00:00Z\",\"length\":null,\"text\":null},"
            + "{\"id\":\"m2\",\"role\":\"function\",\"at\":\"2026-11-22T10:01:00Z\",\"length\":0,\"text\":\"\"},"
            + "{\"id\":\"m3\",\"role\":\"assistant\",\"at\":\"2026-11-22T10:02:00Z\",\"length\":2000000,\"text\":\""
            + big + "\"}]},"
            + "{\"id\":\"c1\",\"created_at\":null,\"messages\":[]}]";
    String jobs =
        "[{\"id\":\"j1\",\"status\":\"failed\",\"credits_used\":null},{\"id\":\"j1\",\"status\":\"failed\","
            + "\"credits_used\":null},{\"id\":\"j2\",\"status\":\"succeeded\",\"credits_used\":-3}]";
    String actions =
        "[{\"id\":\"a1\",\"action\":\"download\",\"metadata\":\"{not json\"},"
            + "{\"id\":\"a2\",\"action\":\"share\",\"metadata\":\"[1,2]\"},"
            + "{\"id\":\"a3\",\"action\":\"share\",\"metadata\":\"null\"},"
            + "{\"id\":\"a4\",\"action\":\"share\",\"metadata\":\"{\\\"channel\\\":\\\"x\\\"}\"}]";

    UserActivity a =
        ActivityPayloads.assemble(
            UserPayloads.ofText("u1", "[" + PROFILE + "," + PROFILE + "]", conversations, jobs, actions));

    assertThat(a.conversations(), hasSize(1));
    assertThat(a.conversations().get(0).messages(), hasSize(3));
    assertThat(a.jobs(), hasSize(2));
    // duplicates: conversation c1 twice, message m1 twice, job j1 twice
    assertThat(
        a.quality(),
        equalTo(new DataQuality(3, 1, 2, 1, 1, 2, 2)));
    assertTrue(a.actions().get(0).metadataMalformed());
    assertFalse(a.actions().get(2).metadataMalformed());
    assertThat(a.actions().get(2).metadata(), nullValue());
    assertThat(a.actions().get(3).metadata(), equalTo("{\"channel\":\"x\"}"));
  }

  @Test
  public void givenNoUsersRow_userIsUnknownAndNotConsenting() throws Exception {
    String unknown = "{\"known\":false}";

    UserActivity a = ActivityPayloads.assemble(UserPayloads.ofText("ghost", "[" + unknown + "]", null, null, null));

    assertFalse(a.profile().known());
    assertFalse(a.profile().consented());
  }

  @Test
  public void givenUnparseablePayload_errorNamesTheTableButNeverQuotesTheContent() {
    String secret = "[{\"id\":\"c1\",\"messages\":[{\"text\": my-secret-password}]}]";

    ActivityPayloads.MalformedPayloadException e =
        assertThrows(
            ActivityPayloads.MalformedPayloadException.class,
            () -> ActivityPayloads.assemble(UserPayloads.ofText("u1", "[" + PROFILE + "]", secret, null, null)));

    assertThat(e.getMessage(), containsString("malformed conversations payload"));
    assertThat(e.getMessage(), not(containsString("secret")));
  }

  @Test
  public void messagesAreOrderedByTimeWhateverTheInputOrder() throws Exception {
    String conversations =
        "[{\"id\":\"c1\",\"messages\":["
            + "{\"id\":\"m2\",\"role\":\"assistant\",\"at\":\"2026-11-22T10:05:00Z\",\"length\":1,\"text\":\"b\"},"
            + "{\"id\":\"m1\",\"role\":\"user\",\"at\":\"2026-11-22T10:00:00Z\",\"length\":1,\"text\":\"a\"}]}]";

    UserActivity a = ActivityPayloads.assemble(UserPayloads.ofText("u1", "[" + PROFILE + "]", conversations, null, null));

    assertThat(a.conversations().get(0).messages().stream().map(m -> m.text()).toList(), contains("a", "b"));
  }

  @Test
  public void sourceHashIsEqualForEqualRowsAndDiffersWhenAnyPayloadDoes() throws Exception {
    UserPayloads row = UserPayloads.ofText("u1", "[" + PROFILE + "]", "[]", null, "[]");

    String hash = ActivityPayloads.assemble(row).sourceHash();

    assertThat(ActivityPayloads.assemble(UserPayloads.ofText("u1", "[" + PROFILE + "]", "[]", null, "[]")).sourceHash(),
        equalTo(hash));
    assertThat(ActivityPayloads.assemble(UserPayloads.ofText("u1", "[" + PROFILE + "]", "[]", "[]", "[]")).sourceHash(),
        not(equalTo(hash)));
    assertThat(ActivityPayloads.assemble(UserPayloads.ofText("u2", "[" + PROFILE + "]", "[]", null, "[]")).sourceHash(),
        not(equalTo(hash)));
  }
}
