package warren.messaging;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything a {@link Warren} needs, checked once when built. Immutable.
 *
 * <pre>{@code
 * WarrenConfig config = WarrenConfig.builder()
 *     .service("store")
 *     .uri(URI.create("amqp://store:secret@127.0.0.1:5672/warren"))
 *     .build();
 * }</pre>
 */
public final class WarrenConfig {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,30}");

  private final String service;
  private final String instance;
  private final List<URI> uris;
  private final Duration defaultDeadline;
  private final Duration confirmTimeout;
  private final Duration shutdownTimeout;
  private final Duration recoveryInterval;
  private final Duration heartbeat;
  private final EndpointOptions endpointDefaults;
  private final boolean declareTopology;
  private final MeterRegistry meterRegistry;
  private final Clock clock;
  private final List<PublishHook> publishHooks;
  private final List<DeliveryHook> deliveryHooks;
  private final CircuitBreakerConfig circuitBreaker;
  private final Map<String, URI> httpRoutes;

  private WarrenConfig(Builder b) {
    this.service = b.service;
    this.instance = b.instance;
    this.uris = List.copyOf(b.uris);
    this.defaultDeadline = b.defaultDeadline;
    this.confirmTimeout = b.confirmTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.recoveryInterval = b.recoveryInterval;
    this.heartbeat = b.heartbeat;
    this.endpointDefaults = b.endpointDefaults;
    this.declareTopology = b.declareTopology;
    this.meterRegistry = b.meterRegistry;
    this.clock = b.clock;
    this.publishHooks = List.copyOf(b.publishHooks);
    this.deliveryHooks = List.copyOf(b.deliveryHooks);
    this.circuitBreaker = b.circuitBreaker;
    this.httpRoutes = Map.copyOf(b.httpRoutes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The service this process belongs to, e.g. {@code store}. */
  public String service() {
    return service;
  }

  /** This process's name among the service's replicas, e.g. {@code host-1:4711}. */
  public String instance() {
    return instance;
  }

  /** Broker addresses; the first one's credentials and vhost are used for all. */
  public List<URI> uris() {
    return uris;
  }

  public Duration defaultDeadline() {
    return defaultDeadline;
  }

  /** How long {@code send} waits for the broker's publisher confirm. */
  public Duration confirmTimeout() {
    return confirmTimeout;
  }

  /** How long {@code close} waits for handlers in hand to finish. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  public Duration recoveryInterval() {
    return recoveryInterval;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public EndpointOptions endpointDefaults() {
    return endpointDefaults;
  }

  /**
   * Whether this process declares the exchanges and queues it uses (tests, development), or only
   * checks that they exist (production, where {@code ./warren topology apply} owns them).
   */
  public boolean declareTopology() {
    return declareTopology;
  }

  /** Null when Warren should make its own Prometheus registry. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public Clock clock() {
    return clock;
  }

  public List<PublishHook> publishHooks() {
    return publishHooks;
  }

  public List<DeliveryHook> deliveryHooks() {
    return deliveryHooks;
  }

  public CircuitBreakerConfig circuitBreaker() {
    return circuitBreaker;
  }

  /** Services whose RPC endpoints are called over HTTP instead of AMQP, by base URI. */
  public Map<String, URI> httpRoutes() {
    return httpRoutes;
  }

  /** Builds a {@link WarrenConfig}; {@link #build()} validates. */
  public static final class Builder {
    private String service;
    private String instance = defaultInstance();
    private final List<URI> uris = new ArrayList<>();
    private Duration defaultDeadline = DEFAULT_DEADLINE;
    private Duration confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration recoveryInterval = DEFAULT_RECOVERY_INTERVAL;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private EndpointOptions endpointDefaults = EndpointOptions.defaults();
    private boolean declareTopology = true;
    private MeterRegistry meterRegistry;
    private Clock clock = Clock.systemUTC();
    private final List<PublishHook> publishHooks = new ArrayList<>();
    private final List<DeliveryHook> deliveryHooks = new ArrayList<>();
    private CircuitBreakerConfig circuitBreaker =
        CircuitBreakerConfig.custom()
            // Every call's outcome is recorded from the reply threads at once; the default
            // synchronized window was a contended lock in the bench's profile.
            .slidingWindowSynchronizationStrategy(
                CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
            .slidingWindowSize(20)
            .minimumNumberOfCalls(10)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(10))
            .build();
    private final Map<String, URI> httpRoutes = new TreeMap<>();

    private Builder() {}

    public Builder service(String value) {
      this.service = value;
      return this;
    }

    public Builder instance(String value) {
      this.instance = value;
      return this;
    }

    /** Adds a broker address; give several for a cluster. */
    public Builder uri(URI value) {
      this.uris.add(Objects.requireNonNull(value, "uri"));
      return this;
    }

    /** Adds broker addresses from a comma-separated list of amqp:// URIs. */
    public Builder uris(String commaSeparated) {
      for (String part : commaSeparated.split(",")) {
        if (!part.isBlank()) {
          uri(URI.create(part.strip()));
        }
      }
      return this;
    }

    public Builder defaultDeadline(Duration value) {
      this.defaultDeadline = value;
      return this;
    }

    public Builder confirmTimeout(Duration value) {
      this.confirmTimeout = value;
      return this;
    }

    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
      return this;
    }

    public Builder recoveryInterval(Duration value) {
      this.recoveryInterval = value;
      return this;
    }

    public Builder heartbeat(Duration value) {
      this.heartbeat = value;
      return this;
    }

    public Builder endpointDefaults(EndpointOptions value) {
      this.endpointDefaults = Objects.requireNonNull(value, "endpointDefaults");
      return this;
    }

    public Builder declareTopology(boolean value) {
      this.declareTopology = value;
      return this;
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder publishHook(PublishHook hook) {
      this.publishHooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    public Builder deliveryHook(DeliveryHook hook) {
      this.deliveryHooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    public Builder circuitBreaker(CircuitBreakerConfig value) {
      this.circuitBreaker = Objects.requireNonNull(value, "circuitBreaker");
      return this;
    }

    /**
     * Calls the RPC endpoints of {@code service} over HTTP at {@code baseUri} (its {@code POST
     * /rpc/{endpoint}} transport) instead of over RabbitMQ. Handler and calling code stay the same.
     */
    public Builder httpRoute(String service, URI baseUri) {
      this.httpRoutes.put(service, Objects.requireNonNull(baseUri, "baseUri"));
      return this;
    }

    public WarrenConfig build() {
      if (service == null || !SERVICE.matcher(service).matches()) {
        throw new IllegalArgumentException(
            "service must be 1-31 lower-case letters, digits or '-', starting with a letter, was "
                + (service == null ? "null: call service(\"store\")" : "'" + service + "'"));
      }
      if (uris.isEmpty()) {
        throw new IllegalArgumentException(
            "no broker URI: call uri(URI.create(\"amqp://user:pass@host:5672/vhost\")) or set"
                + " WARREN_AMQP_URI");
      }
      for (URI uri : uris) {
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
          throw new IllegalArgumentException(
              "broker URI must start with amqp:// or amqps://, was " + redact(uri));
        }
      }
      positive("defaultDeadline", defaultDeadline);
      positive("confirmTimeout", confirmTimeout);
      positive("shutdownTimeout", shutdownTimeout);
      positive("recoveryInterval", recoveryInterval);
      positive("heartbeat", heartbeat);
      return new WarrenConfig(this);
    }

    private static void positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
      }
    }

    private static String defaultInstance() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
      return host + ":" + ProcessHandle.current().pid();
    }
  }

  /** The URI without its password, for messages and logs. */
  public static String redact(URI uri) {
    String userInfo = uri.getUserInfo();
    if (userInfo == null) {
      return uri.toString();
    }
    String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
    return uri.toString().replace(userInfo + "@", user + ":***@");
  }
}
