package warren.notify.webhook;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * One resilience4j {@link RateLimiter} per target host, named {@code notify.webhook.<host>}: at
 * most {@code ratePerSecond} deliveries per second to a host from this process, spread evenly (one
 * permit every 1/rate seconds, so no burst at a period boundary). A delivery over the limit waits
 * for its permit; none is dropped. Thread-safe.
 */
public final class HostRateLimits {
  /** How long a delivery may wait for its permit: in practice forever, short of a shutdown. */
  static final Duration MAX_WAIT = Duration.ofHours(1);

  private final RateLimiterRegistry registry;

  public HostRateLimits(int ratePerSecond) {
    this.registry =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / ratePerSecond))
                .timeoutDuration(MAX_WAIT)
                .build());
  }

  /**
   * Blocks until a delivery to {@code host} may go.
   *
   * @throws IllegalStateException when no permit came within {@link #MAX_WAIT} or the thread was
   *     interrupted (shutdown); the delivery is then retried
   */
  public void acquire(String host) {
    RateLimiter limiter = registry.rateLimiter("notify.webhook." + host.toLowerCase(Locale.ROOT));
    if (!limiter.acquirePermission()) {
      throw new IllegalStateException(
          "no delivery permit for " + host + " within " + MAX_WAIT + "; will retry");
    }
  }
}
