package warren.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Small waits used by several tests of this module. */
final class Conditions {
  private Conditions() {}

  static void waitForCount(AtomicInteger counter, int atLeast) {
    warren.testkit.Conditions.waitUntil(
        Duration.ofSeconds(10), () -> counter.get() >= atLeast, "count to reach " + atLeast);
  }
}
