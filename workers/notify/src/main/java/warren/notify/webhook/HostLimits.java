package warren.notify.webhook;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What one target host may get from this process: a resilience4j {@link RateLimiter} named {@code
 * notify.webhook.<host>} (one permit every 1/rate seconds, so no burst at a period boundary) and a
 * cap on deliveries in flight to it. A delivery that cannot enter within {@link #deferAfter} is not
 * dropped: the caller puts it back at the end of the queue, so a busy or slow host never holds
 * every delivery thread while other hosts wait. Thread-safe.
 */
public final class HostLimits {
  private final RateLimiterRegistry rateLimiters;
  private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
  private final int maxInFlight;
  private final Duration deferAfter;

  /**
   * @param ratePerSecond deliveries per second per host
   * @param maxInFlight deliveries at once per host
   * @param deferAfter how long a delivery waits to enter before it is deferred
   */
  public HostLimits(int ratePerSecond, int maxInFlight, Duration deferAfter) {
    this.maxInFlight = maxInFlight;
    this.deferAfter = deferAfter;
    // A permit that is not available within the timeout is not reserved (AtomicRateLimiter), so
    // a deferred delivery leaves no gap in the host's schedule.
    this.rateLimiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / ratePerSecond))
                .timeoutDuration(deferAfter)
                .build());
  }

  /** Leave the host: frees the in-flight slot. */
  public interface Entry extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits up to {@code deferAfter} for an in-flight slot and a rate permit for {@code host}.
   *
   * @return the entry to close after the delivery, or empty: defer the delivery
   */
  public Optional<Entry> tryEnter(String host) throws InterruptedException {
    String key = host.toLowerCase(Locale.ROOT);
    Semaphore slots = inFlight.computeIfAbsent(key, k -> new Semaphore(maxInFlight, true));
    if (!slots.tryAcquire(deferAfter.toNanos(), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    if (!rateLimiters.rateLimiter("notify.webhook." + key).acquirePermission()) {
      slots.release();
      return Optional.empty();
    }
    return Optional.of(slots::release);
  }
}
