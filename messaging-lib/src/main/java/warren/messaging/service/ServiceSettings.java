package warren.messaging.service;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import warren.messaging.WarrenConfig;

/**
 * What every worker process reads from its environment: where the broker and the database are,
 * which port serves health, which replica it is. Checked when built; each message names the
 * variable and what it should hold.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code WARREN_AMQP_URI}</td>
 *       <td>{@code amqp://<service>:<service>-dev-password@127.0.0.1:5672/warren}</td>
 *       <td>broker address(es), comma-separated; the service's own RabbitMQ user</td></tr>
 *   <tr><td>{@code WARREN_DB_URL}</td><td>{@value #DEFAULT_DATABASE_URL}</td>
 *       <td>JDBC URL of the PostgreSQL database holding the service's schema</td></tr>
 *   <tr><td>{@code WARREN_DB_POOL_SIZE}</td><td>{@value #DEFAULT_DATABASE_POOL_SIZE}</td>
 *       <td>most open database connections of one process</td></tr>
 *   <tr><td>{@code WARREN_HEALTH_PORT}</td><td>the service's base port + replica - 1</td>
 *       <td>port of {@code /healthz}, {@code /readyz}, {@code /metrics}; 0 picks a free one</td></tr>
 *   <tr><td>{@code WARREN_HTTP_RPC}</td><td>false</td>
 *       <td>also serve the RPC endpoints as {@code POST /rpc/<endpoint>} on the health port (the
 *       HTTP transport; no authentication of its own: keep that port inside the network)</td></tr>
 *   <tr><td>{@code WARREN_REPLICA}</td><td>1</td><td>replica index, names the instance</td></tr>
 * </table>
 *
 * @param service the service name, also the RabbitMQ user and the database schema
 * @param amqpUris comma-separated {@code amqp://} URIs
 * @param databaseUrl a {@code jdbc:postgresql:} URL
 * @param databasePoolSize 1 to {@value #MAX_DATABASE_POOL_SIZE}
 * @param healthPort 0 to 65535 (0: any free port), or {@link #NO_HEALTH_SERVER}
 * @param httpRpc whether the health server also serves the HTTP transport
 * @param replica 1 or more
 * @param declareTopology whether Warren declares queues, exchanges and bindings itself. False in
 *     production: service users may only configure {@code <service>.*}, and the topology comes from
 *     {@code rabbit-definitions.json}. True in tests on a fresh vhost.
 */
public record ServiceSettings(
    String service,
    String amqpUris,
    String databaseUrl,
    int databasePoolSize,
    int healthPort,
    boolean httpRpc,
    int replica,
    boolean declareTopology) {
  public static final String DEFAULT_DATABASE_URL =
      "jdbc:postgresql://127.0.0.1:5432/warren?user=postgres";
  public static final int DEFAULT_DATABASE_POOL_SIZE = 10;
  public static final int MAX_DATABASE_POOL_SIZE = 200;

  /** {@link #healthPort} value for processes that serve no health endpoints (some tests). */
  public static final int NO_HEALTH_SERVER = -1;

  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9]{0,30}");

  public ServiceSettings {
    Objects.requireNonNull(service, "service");
    if (!SERVICE.matcher(service).matches()) {
      throw new IllegalArgumentException(
          "service must be lower-case letters and digits (it names the schema and the user), was '"
              + service
              + "'");
    }
    if (amqpUris == null || amqpUris.isBlank()) {
      throw new IllegalArgumentException(
          "WARREN_AMQP_URI must be an amqp:// URI such as " + defaultAmqpUri(service));
    }
    if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "WARREN_DB_URL must be a PostgreSQL JDBC URL such as "
              + DEFAULT_DATABASE_URL
              + ", was '"
              + (databaseUrl == null ? null : ServiceDatabase.redact(databaseUrl))
              + "'");
    }
    if (databasePoolSize < 1 || databasePoolSize > MAX_DATABASE_POOL_SIZE) {
      throw new IllegalArgumentException(
          "WARREN_DB_POOL_SIZE must be between 1 and "
              + MAX_DATABASE_POOL_SIZE
              + ", was "
              + databasePoolSize);
    }
    if (healthPort < NO_HEALTH_SERVER || healthPort > 65535) {
      throw new IllegalArgumentException(
          "WARREN_HEALTH_PORT must be between 0 and 65535, was " + healthPort);
    }
    if (replica < 1) {
      throw new IllegalArgumentException("WARREN_REPLICA must be 1 or more, was " + replica);
    }
  }

  /** The broker URI a service uses on this machine when WARREN_AMQP_URI is not set. */
  public static String defaultAmqpUri(String service) {
    return "amqp://" + service + ":" + service + "-dev-password@127.0.0.1:5672/warren";
  }

  /**
   * The settings from these environment variables (usually {@link System#getenv()}), with the
   * defaults for this machine for those not set; never declares topology.
   *
   * @param baseHealthPort the health port of replica 1, e.g. 8181 for auth
   * @throws IllegalArgumentException naming the variable, what it holds and what it should hold
   */
  public static ServiceSettings fromEnvironment(
      String service, int baseHealthPort, Map<String, String> env) {
    int replica = Environment.integer(env, "WARREN_REPLICA", 1);
    return new ServiceSettings(
        service,
        env.getOrDefault("WARREN_AMQP_URI", defaultAmqpUri(service)),
        env.getOrDefault("WARREN_DB_URL", DEFAULT_DATABASE_URL),
        Environment.integer(env, "WARREN_DB_POOL_SIZE", DEFAULT_DATABASE_POOL_SIZE),
        Environment.integer(env, "WARREN_HEALTH_PORT", baseHealthPort + replica - 1),
        Environment.flag(env, "WARREN_HTTP_RPC", false),
        replica,
        false);
  }

  /**
   * Settings for a worker started inside a test: the given broker (usually an isolated vhost as
   * guest) and database, topology declared by Warren, health on a free port.
   */
  public static ServiceSettings forTest(String service, URI amqpUri, String databaseUrl) {
    return new ServiceSettings(service, amqpUri.toString(), databaseUrl, 4, 0, false, 1, true);
  }

  /** The same settings with another health port ({@link #NO_HEALTH_SERVER} for none). */
  public ServiceSettings withHealthPort(int port) {
    return new ServiceSettings(
        service, amqpUris, databaseUrl, databasePoolSize, port, httpRpc, replica, declareTopology);
  }

  /** The Warren configuration these settings describe, to be completed by the caller. */
  public WarrenConfig.Builder warrenConfig() {
    return WarrenConfig.builder()
        .service(service)
        .instance(service + "-" + replica + "@" + hostName())
        .uris(amqpUris)
        .declareTopology(declareTopology);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public String toString() {
    return "ServiceSettings[service="
        + service
        + ", database="
        + ServiceDatabase.redact(databaseUrl)
        + ", healthPort="
        + healthPort
        + ", httpRpc="
        + httpRpc
        + ", replica="
        + replica
        + ", declareTopology="
        + declareTopology
        + "]";
  }
}
