package warren.notify.webhook;

import java.time.Duration;
import java.util.Map;
import warren.messaging.RetryPolicy;
import warren.messaging.service.Environment;

/**
 * How webhooks are checked and delivered.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code WARREN_WEBHOOK_ALLOW_PRIVATE}</td><td>false</td>
 *       <td>allow loopback, private and link-local targets (tests only)</td></tr>
 *   <tr><td>{@code WARREN_WEBHOOK_RATE_PER_SECOND}</td><td>{@value #DEFAULT_RATE_PER_SECOND}</td>
 *       <td>most deliveries per second to one target host; more wait, none are dropped</td></tr>
 *   <tr><td>{@code WARREN_WEBHOOK_TIMEOUT}</td><td>{@code PT5S}</td>
 *       <td>connect and response timeout of one delivery (ISO-8601)</td></tr>
 *   <tr><td>{@code WARREN_WEBHOOK_CONCURRENCY}</td><td>{@value #DEFAULT_CONCURRENCY}</td>
 *       <td>deliveries in flight per notify process</td></tr>
 * </table>
 *
 * @param allowPrivate whether internal addresses are allowed as targets
 * @param ratePerSecond deliveries per second per target host, 1 to 1000
 * @param timeout connect timeout and whole-request timeout of one POST
 * @param concurrency consumers of the delivery queue in one process, 1 to 256
 * @param retry how failed deliveries are retried before they are dead-lettered
 */
public record WebhookSettings(
    boolean allowPrivate, int ratePerSecond, Duration timeout, int concurrency, RetryPolicy retry) {
  public static final int DEFAULT_RATE_PER_SECOND = 5;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_CONCURRENCY = 16;

  public WebhookSettings {
    if (ratePerSecond < 1 || ratePerSecond > 1000) {
      throw new IllegalArgumentException(
          "WARREN_WEBHOOK_RATE_PER_SECOND must be between 1 and 1000, was " + ratePerSecond);
    }
    if (timeout == null || !timeout.isPositive()) {
      throw new IllegalArgumentException(
          "WARREN_WEBHOOK_TIMEOUT must be a positive duration like PT5S, was " + timeout);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new IllegalArgumentException(
          "WARREN_WEBHOOK_CONCURRENCY must be between 1 and 256, was " + concurrency);
    }
    if (retry == null) {
      throw new IllegalArgumentException("retry is required, e.g. RetryPolicy.DEFAULT");
    }
  }

  /** Reads the variables of the table above, with their defaults. */
  public static WebhookSettings fromEnvironment(Map<String, String> env) {
    return new WebhookSettings(
        Environment.flag(env, "WARREN_WEBHOOK_ALLOW_PRIVATE", false),
        Environment.integer(env, "WARREN_WEBHOOK_RATE_PER_SECOND", DEFAULT_RATE_PER_SECOND),
        Environment.duration(env, "WARREN_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT),
        Environment.integer(env, "WARREN_WEBHOOK_CONCURRENCY", DEFAULT_CONCURRENCY),
        RetryPolicy.DEFAULT);
  }

  /**
   * Deliveries in flight to one host: a quarter of the threads, so a slow host leaves the rest to
   * the others.
   */
  public int perHostConcurrency() {
    return Math.max(1, concurrency / 4);
  }

  /**
   * How long a delivery waits for its host's permit before it goes back to the end of the queue:
   * two permit intervals, at least a quarter second, so a backlog to one host churns slowly.
   */
  public Duration deferAfter() {
    return Duration.ofMillis(Math.max(250, 2_000 / ratePerSecond));
  }

  public WebhookSettings withAllowPrivate(boolean value) {
    return new WebhookSettings(value, ratePerSecond, timeout, concurrency, retry);
  }

  public WebhookSettings withRatePerSecond(int value) {
    return new WebhookSettings(allowPrivate, value, timeout, concurrency, retry);
  }

  public WebhookSettings withTimeout(Duration value) {
    return new WebhookSettings(allowPrivate, ratePerSecond, value, concurrency, retry);
  }

  public WebhookSettings withRetry(RetryPolicy value) {
    return new WebhookSettings(allowPrivate, ratePerSecond, timeout, concurrency, value);
  }
}
