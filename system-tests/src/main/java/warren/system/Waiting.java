package warren.system;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on conditions, never on the clock alone. */
final class Waiting {
  private Waiting() {}

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  /** Polls {@code condition} every 200 ms; true when it held before {@code timeout}. */
  static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(Duration.ofMillis(200));
    }
    return true;
  }
}
