package warren.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on conditions instead of sleeping. */
public final class Conditions {
  private Conditions() {}

  /**
   * Polls the condition every 20 ms until it holds, or fails with the description after the
   * timeout.
   */
  public static void waitUntil(Duration timeout, BooleanSupplier condition, String description) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for: " + description);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + description, e);
      }
    }
  }

  /** Sleeps, turning an interrupt back into the thread's flag. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void waitUntil(Duration timeout, BooleanSupplier condition) {
    waitUntil(timeout, condition, "condition");
  }
}
