package warren.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import warren.messaging.service.Environment;
import warren.web.ops.WorkerMetrics;
import warren.web.posts.PostingRateLimit;

/**
 * The web tier's settings, read once from the environment at start-up and checked there (README's
 * configuration table).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code WARREN_HTTP_PORT}</td><td>8080</td></tr>
 *   <tr><td>{@code WARREN_HTTP_HOST}</td><td>0.0.0.0</td></tr>
 *   <tr><td>{@code WARREN_AMQP_URI}</td><td>{@value #DEFAULT_AMQP_URI}</td></tr>
 *   <tr><td>{@code WARREN_ADMINS}</td><td>none</td></tr>
 *   <tr><td>{@code WARREN_OPS_TOKEN}</td><td>unset</td></tr>
 *   <tr><td>{@code WARREN_MGMT_URI}, {@code _USER}, {@code _PASSWORD}</td>
 *       <td>http://127.0.0.1:15672, guest, guest</td></tr>
 *   <tr><td>{@code WARREN_CALL_DEADLINE}</td><td>PT5S: after it, 504</td></tr>
 *   <tr><td>{@code WARREN_POST_RATE_LIMIT}, {@code WARREN_POST_RATE_PERIOD}</td>
 *       <td>20 posts per PT1M per user</td></tr>
 *   <tr><td>{@code WARREN_STREAM_KEEPALIVE}</td><td>PT10S, at most PT15S</td></tr>
 *   <tr><td>{@code WARREN_DRAIN_DELAY}</td><td>PT5S: /readyz says draining this long before
 *       the server stops</td></tr>
 *   <tr><td>{@code WARREN_OPS_AMQP_URI}</td><td>{@value #DEFAULT_OPS_AMQP_URI}: the operator
 *       user that reads, replays and discards dead letters</td></tr>
 *   <tr><td>{@code WARREN_WORKER_METRICS}</td><td>{@code local}: the workers' {@code /metrics}
 *       for scaling hints ({@link WorkerMetrics})</td></tr>
 *   <tr><td>{@code WARREN_DECLARE_TOPOLOGY}</td><td>false: {@code ./warren topology apply}
 *       declares the exchanges; web's broker user may not</td></tr>
 * </table>
 */
public record WebConfig(
    String host,
    int port,
    String amqpUris,
    Set<String> admins,
    String opsToken,
    URI managementUri,
    String managementUser,
    String managementPassword,
    Duration callDeadline,
    int postRateLimit,
    Duration postRatePeriod,
    Duration streamKeepAlive,
    Duration drainDelay,
    boolean declareTopology,
    URI opsAmqpUri,
    String workerMetrics) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_AMQP_URI = "amqp://web:web-dev-password@127.0.0.1:5672/warren";
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_STREAM_KEEPALIVE = Duration.ofSeconds(10);

  /** API.md: a comment line at least every 15 s. */
  public static final Duration MAX_STREAM_KEEPALIVE = Duration.ofSeconds(15);

  public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);

  /**
   * The operator user of rabbit-definitions.json: reads the dead-letter queues, writes only where
   * replays go, configures nothing.
   */
  public static final String DEFAULT_OPS_AMQP_URI =
      "amqp://ops:ops-dev-password@127.0.0.1:5672/warren";

  public WebConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "WARREN_HTTP_PORT must be 0 to 65535 (0 picks a free port), was " + port);
    }
    admins = Set.copyOf(admins);
    positive("WARREN_CALL_DEADLINE", callDeadline);
    positive("WARREN_STREAM_KEEPALIVE", streamKeepAlive);
    if (streamKeepAlive.compareTo(MAX_STREAM_KEEPALIVE) > 0) {
      throw new IllegalArgumentException(
          "WARREN_STREAM_KEEPALIVE must be at most PT15S (API.md promises a comment line at least"
              + " every 15 s), was "
              + streamKeepAlive);
    }
    if (drainDelay == null || drainDelay.isNegative()) {
      throw new IllegalArgumentException(
          "WARREN_DRAIN_DELAY must be zero or a positive duration like PT5S, was " + drainDelay);
    }
    new PostingRateLimit(postRateLimit, postRatePeriod); // validates both
    if (opsAmqpUri == null
        || !("amqp".equals(opsAmqpUri.getScheme()) || "amqps".equals(opsAmqpUri.getScheme()))) {
      throw new IllegalArgumentException(
          "WARREN_OPS_AMQP_URI must be an amqp:// URI like "
              + DEFAULT_OPS_AMQP_URI
              + ", was "
              + (opsAmqpUri == null ? null : redacted(opsAmqpUri)));
    }
    WorkerMetrics.parse(workerMetrics); // validates
  }

  /**
   * Without the ops settings: dead letters are worked on through the first broker URI, and the
   * scaling hints use assumed processing times (tests, where that URI's user may do everything).
   */
  public WebConfig(
      String host,
      int port,
      String amqpUris,
      Set<String> admins,
      String opsToken,
      URI managementUri,
      String managementUser,
      String managementPassword,
      Duration callDeadline,
      int postRateLimit,
      Duration postRatePeriod,
      Duration streamKeepAlive,
      Duration drainDelay,
      boolean declareTopology) {
    this(
        host,
        port,
        amqpUris,
        admins,
        opsToken,
        managementUri,
        managementUser,
        managementPassword,
        callDeadline,
        postRateLimit,
        postRatePeriod,
        streamKeepAlive,
        drainDelay,
        declareTopology,
        URI.create(amqpUris.split(",")[0].strip()),
        WorkerMetrics.NONE);
  }

  /** Every setting at its default. */
  public static WebConfig defaults() {
    return fromEnv(Map.of());
  }

  /**
   * Reads the variables above from {@code env} (usually {@link System#getenv()}).
   *
   * @throws IllegalArgumentException naming the variable, what it holds and what it should hold
   */
  public static WebConfig fromEnv(Map<String, String> env) {
    return new WebConfig(
        Environment.text(env, "WARREN_HTTP_HOST", "0.0.0.0"),
        Environment.integer(env, "WARREN_HTTP_PORT", DEFAULT_PORT),
        Environment.text(env, "WARREN_AMQP_URI", DEFAULT_AMQP_URI),
        Arrays.stream(Environment.text(env, "WARREN_ADMINS", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        env.get("WARREN_OPS_TOKEN") == null || env.get("WARREN_OPS_TOKEN").isBlank()
            ? null
            : env.get("WARREN_OPS_TOKEN"),
        uri(env, "WARREN_MGMT_URI", "http://127.0.0.1:15672"),
        Environment.text(env, "WARREN_MGMT_USER", "guest"),
        Environment.text(env, "WARREN_MGMT_PASSWORD", "guest"),
        Environment.duration(env, "WARREN_CALL_DEADLINE", DEFAULT_CALL_DEADLINE),
        Environment.integer(env, "WARREN_POST_RATE_LIMIT", PostingRateLimit.DEFAULT_LIMIT),
        Environment.duration(env, "WARREN_POST_RATE_PERIOD", PostingRateLimit.DEFAULT_PERIOD),
        Environment.duration(env, "WARREN_STREAM_KEEPALIVE", DEFAULT_STREAM_KEEPALIVE),
        Environment.duration(env, "WARREN_DRAIN_DELAY", DEFAULT_DRAIN_DELAY),
        Environment.flag(env, "WARREN_DECLARE_TOPOLOGY", false),
        uri(env, "WARREN_OPS_AMQP_URI", DEFAULT_OPS_AMQP_URI),
        Environment.text(env, "WARREN_WORKER_METRICS", WorkerMetrics.LOCAL));
  }

  /** The virtual host of the first broker URI ({@code /warren} → {@code warren}), for ops. */
  public String vhost() {
    String first = amqpUris.split(",")[0].strip();
    String path = URI.create(first).getRawPath();
    if (path == null || path.length() <= 1) {
      return "/";
    }
    return URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
  }

  /** Never shows the ops token or passwords. */
  @Override
  public String toString() {
    return "WebConfig[host="
        + host
        + ", port="
        + port
        + ", admins="
        + admins
        + ", opsToken="
        + (opsToken == null ? "unset" : "<set>")
        + ", managementUri="
        + managementUri
        + ", callDeadline="
        + callDeadline
        + ", postRate="
        + postRateLimit
        + "/"
        + postRatePeriod
        + ", streamKeepAlive="
        + streamKeepAlive
        + ", drainDelay="
        + drainDelay
        + ", opsAmqpUri="
        + redacted(opsAmqpUri)
        + ", workerMetrics="
        + workerMetrics
        + "]";
  }

  private static String redacted(URI uri) {
    String info = uri.getRawUserInfo();
    return info == null
        ? uri.toString()
        : uri.toString().replace(info, info.split(":")[0] + ":***");
  }

  private static URI uri(Map<String, String> env, String name, String fallback) {
    String value = Environment.text(env, name, fallback);
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + " must be a URI like " + fallback + ", was '" + value + "'", e);
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || !value.isPositive()) {
      throw new IllegalArgumentException(
          name + " must be a positive duration like PT5S, was " + value);
    }
  }
}
