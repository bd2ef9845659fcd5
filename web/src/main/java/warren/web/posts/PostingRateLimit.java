package warren.web.posts;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import warren.web.http.ApiException;

/**
 * How often one user may post: {@code limit} posts per {@code period}, one resilience4j {@link
 * RateLimiter} per user named {@code web.posts.<userId>}. Counted per web instance: behind a
 * balancer with N instances a user gets at most N times the limit. Thread-safe.
 */
public final class PostingRateLimit {
  public static final int DEFAULT_LIMIT = 20;
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

  private final RateLimiterRegistry registry;

  public PostingRateLimit(int limit, Duration period) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          "WARREN_POST_RATE_LIMIT must be at least 1 post per period, was " + limit);
    }
    if (period == null || !period.isPositive()) {
      throw new IllegalArgumentException(
          "WARREN_POST_RATE_PERIOD must be a positive duration like PT1M, was " + period);
    }
    this.registry =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  /**
   * Takes one post's permit for the user.
   *
   * @throws ApiException 429 {@code rate_limited} with the wait in {@code Retry-After}
   */
  public void acquire(String userId) {
    RateLimiter limiter = registry.rateLimiter("web.posts." + userId);
    if (!limiter.acquirePermission()) {
      Duration wait = Duration.ofNanos(Math.max(0, nanosToWait(limiter)));
      throw new ApiException(
          429,
          "rate_limited",
          "You are posting too fast: wait "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + " seconds and try again.",
          wait);
    }
  }

  private static long nanosToWait(RateLimiter limiter) {
    if (limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter atomic) {
      return atomic.getDetailedMetrics().getNanosToWait();
    }
    return limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
  }
}
