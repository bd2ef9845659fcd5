package warren.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches every replica's {@code /readyz} during a fault, twice a second on its own thread, so that
 * a drill can say whether each one reported the outage and when all were ready again.
 */
final class Outage implements AutoCloseable {
  /** One reading: when (ms since the watch started), which replica, what status. */
  record Reading(long atMillis, String label, int status) {}

  private final RunningSystem system;
  private final List<Reading> readings = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final long startedNanos = System.nanoTime();
  private final Thread thread;

  Outage(RunningSystem system) {
    this.system = system;
    this.thread = Thread.ofPlatform().daemon().name("readyz-watch").start(this::watch);
  }

  private void watch() {
    while (!stopped.get()) {
      for (String label : system.expectedLabels()) {
        int status = system.readyz(label);
        synchronized (readings) {
          readings.add(new Reading(millis(), label, status));
        }
      }
      Waiting.pause(Duration.ofMillis(500));
    }
  }

  long millis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /**
   * For each of {@code labels}: whether it answered something other than 200 between {@code
   * fromMillis} and {@code toMillis}.
   */
  Map<String, Boolean> reportedOutage(List<String> labels, long fromMillis, long toMillis) {
    Map<String, Boolean> reported = new LinkedHashMap<>();
    synchronized (readings) {
      for (String label : labels) {
        reported.put(
            label,
            readings.stream()
                .anyMatch(
                    r ->
                        r.label().equals(label)
                            && r.atMillis() >= fromMillis
                            && r.atMillis() <= toMillis
                            && r.status() != 200));
      }
    }
    return reported;
  }

  @Override
  public void close() throws InterruptedException {
    stopped.set(true);
    thread.join();
  }
}
