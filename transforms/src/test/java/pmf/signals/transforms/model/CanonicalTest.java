package pmf.signals.transforms.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.time.Instant;
import org.junit.Test;

/** Few-valued fields share one instance per value, however many rows parsed them. */
public class CanonicalTest {
  @Test
  public void rowsParsedApartShareTheirRolesServicesStatusesErrorsAndActions() {
    Instant at = Instant.parse("2026-11-23T08:00:00Z");
    Message a = new Message(new String("user"), at, 2, "hi");
    Message b = new Message(new String("user"), at, 2, "yo");
    ServiceJob j1 = new ServiceJob("j1", null, new String("upscale"), new String("failed"), 1, new String("timeout"),
        at, null);
    ServiceJob j2 = new ServiceJob("j2", null, new String("upscale"), new String("failed"), 1, new String("timeout"),
        at, null);
    UserAction x1 = new UserAction("x1", new String("share"), null, false, at);
    UserAction x2 = new UserAction("x2", new String("share"), null, false, at);

    assertSame(a.role(), b.role());
    assertSame(j1.service(), j2.service());
    assertSame(j1.status(), j2.status());
    assertSame(j1.error(), j2.error());
    assertSame(x1.action(), x2.action());
    assertEquals("user", a.role());
    assertNull(Canonical.of(null));
  }
}
