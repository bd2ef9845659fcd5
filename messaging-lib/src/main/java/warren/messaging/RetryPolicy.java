package warren.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a failing command or event is retried before it is dead-lettered: one delay per retry, each
 * served by a delay queue {@code warren.retry.<delay>} whose TTL is that delay. The delays survive
 * a broker restart because they are durable queues, not timers in this process.
 *
 * @param delays the wait before retry 1, 2, ...; empty means dead-letter on the first failure
 */
public record RetryPolicy(List<Duration> delays) {
  /** The delay tiers declared by the library and in {@code rabbit-definitions.json}. */
  public static final Set<Duration> TIERS =
      Set.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));

  /** 1 s, 5 s, 30 s: four attempts in about 36 s, then the dead-letter queue. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));

  public RetryPolicy {
    delays = List.copyOf(delays);
    for (Duration delay : delays) {
      if (!TIERS.contains(delay)) {
        throw new IllegalArgumentException(
            "retry delay "
                + delay.toMillis()
                + " ms has no delay queue: use one of 1000, 5000, 30000 ms, or declare"
                + " warren.retry."
                + tierName(delay)
                + " in rabbit-definitions.json and add it to RetryPolicy.TIERS");
      }
    }
  }

  /** Retries with the given delays, in order. */
  public static RetryPolicy of(Duration... delays) {
    return new RetryPolicy(List.of(delays));
  }

  /** Dead-letters a message the first time its handler fails. */
  public static RetryPolicy none() {
    return new RetryPolicy(List.of());
  }

  /** Total deliveries to the handler, the first included. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** The delay after the given failed attempt (1-based), or null when none is left. */
  public Duration delayAfter(int attempt) {
    return attempt >= 1 && attempt <= delays.size() ? delays.get(attempt - 1) : null;
  }

  /** The suffix of a tier's exchange and queue: {@code 1s}, {@code 5s}, {@code 30s}. */
  public static String tierName(Duration delay) {
    return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + "s" : delay.toMillis() + "ms";
  }
}
