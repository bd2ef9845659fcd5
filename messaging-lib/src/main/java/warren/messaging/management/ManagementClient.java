package warren.messaging.management;

import static warren.messaging.management.ManagementHttp.bindingPath;
import static warren.messaging.management.ManagementHttp.exchangePath;
import static warren.messaging.management.ManagementHttp.queuePath;
import static warren.messaging.management.ManagementHttp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client of the RabbitMQ management HTTP API, for the topology tooling and the ops code:
 * virtual hosts, users, permissions, exchanges, queues, bindings, policies, connections.
 *
 * <p>Every method is one or a few blocking HTTP requests, bounded by the request timeout, and
 * throws {@link ManagementException} with the URL, the status and the fix when the API cannot be
 * reached or refuses. Declaring is idempotent (declaring what exists is a no-op, declaring it with
 * other properties fails); deleting what does not exist returns false. Immutable and safe to share
 * between threads.
 *
 * <pre>{@code
 * ManagementClient mgmt = ManagementClient.builder().uri(URI.create("http://127.0.0.1:15672"))
 *     .credentials("guest", "guest").build();
 * QueueStats stats = mgmt.queueStats("warren", "store.create-post").orElseThrow();
 * }</pre>
 */
public final class ManagementClient {
  public static final URI DEFAULT_URI = URI.create("http://127.0.0.1:15672");
  public static final String DEFAULT_USER = "guest";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ManagementHttp http;
  private final String user;

  private ManagementClient(Builder builder) {
    this.user = builder.user;
    this.http =
        new ManagementHttp(
            builder.uri,
            builder.user,
            builder.password,
            builder.connectTimeout,
            builder.requestTimeout);
  }

  /** Starts a client with the defaults: {@link #DEFAULT_URI}, guest/guest, the default timeouts. */
  public static Builder builder() {
    return new Builder();
  }

  /** The API's base URI, as given. */
  public URI uri() {
    return http.base();
  }

  /** The user this client authenticates as. */
  public String user() {
    return user;
  }

  /** The broker at a glance; also the cheapest way to check the API answers. */
  public Overview overview() {
    return Overview.fromJson(http.get("/api/overview"));
  }

  public List<String> vhosts() {
    List<String> names = new ArrayList<>();
    http.get("/api/vhosts").forEach(vhost -> names.add(vhost.path("name").asText()));
    return names;
  }

  public boolean vhostExists(String vhost) {
    return http.find("/api/vhosts/" + segment(vhost)).isPresent();
  }

  /**
   * Creates the virtual host if missing. The broker gives the user who creates a virtual host
   * through the API full permissions on it.
   */
  public void createVhost(String vhost) {
    http.put("/api/vhosts/" + segment(vhost), Map.of());
  }

  /** Deletes the virtual host and everything in it. Returns false if it did not exist. */
  public boolean deleteVhost(String vhost) {
    return http.delete("/api/vhosts/" + segment(vhost), null);
  }

  public List<User> users() {
    return http.list("/api/users", User.class);
  }

  public Optional<User> user(String name) {
    return http.find("/api/users/" + segment(name)).map(u -> http.convert(u, User.class));
  }

  /** Creates or replaces a user with the given password hash and tags. */
  public void putUser(User user) {
    Objects.requireNonNull(user.passwordHash(), () -> "user " + user.name() + " has no hash");
    String algorithm =
        Objects.requireNonNullElse(user.hashingAlgorithm(), "rabbit_password_hashing_sha256");
    http.put(
        "/api/users/" + segment(user.name()),
        Map.of(
            "password_hash", user.passwordHash(),
            "hashing_algorithm", algorithm,
            "tags", String.join(",", user.tags())));
  }

  public List<Permission> permissions(String vhost) {
    return http.list("/api/vhosts/" + segment(vhost) + "/permissions", Permission.class);
  }

  /** Creates or replaces one user's permissions on one virtual host. */
  public void putPermission(Permission p) {
    http.put(
        "/api/permissions/" + segment(p.vhost()) + "/" + segment(p.user()),
        Map.of("configure", p.configure(), "write", p.write(), "read", p.read()));
  }

  public boolean deletePermission(String vhost, String user) {
    return http.delete("/api/permissions/" + segment(vhost) + "/" + segment(user), null);
  }

  public List<TopicPermission> topicPermissions(String vhost) {
    return http.list("/api/vhosts/" + segment(vhost) + "/topic-permissions", TopicPermission.class);
  }

  /** Creates or replaces one user's routing-key limits on one topic exchange. */
  public void putTopicPermission(TopicPermission p) {
    http.put(
        "/api/topic-permissions/" + segment(p.vhost()) + "/" + segment(p.user()),
        Map.of("exchange", p.exchange(), "write", p.write(), "read", p.read()));
  }

  public List<Exchange> exchanges(String vhost) {
    return http.list("/api/exchanges/" + segment(vhost), Exchange.class);
  }

  public void declareExchange(Exchange e) {
    http.put(
        exchangePath(e.vhost(), e.name()),
        Map.of(
            "type", e.type(),
            "durable", e.durable(),
            "auto_delete", e.autoDelete(),
            "internal", e.internal(),
            "arguments", e.arguments()));
  }

  public boolean deleteExchange(String vhost, String name) {
    return http.delete(exchangePath(vhost, name), null);
  }

  public List<Queue> queues(String vhost) {
    return http.list("/api/queues/" + segment(vhost), Queue.class);
  }

  public void declareQueue(Queue q) {
    http.put(
        queuePath(q.vhost(), q.name()),
        Map.of("durable", q.durable(), "auto_delete", q.autoDelete(), "arguments", q.arguments()));
  }

  public boolean deleteQueue(String vhost, String name) {
    return http.delete(queuePath(vhost, name), null);
  }

  /** Depth, consumers and rates of every queue in the virtual host. */
  public List<QueueStats> queueStats(String vhost) {
    List<QueueStats> stats = new ArrayList<>();
    http.get("/api/queues/" + segment(vhost)).forEach(q -> stats.add(QueueStats.fromJson(q)));
    return stats;
  }

  /** Depth, consumers and rates of one queue, or empty if it does not exist. */
  public Optional<QueueStats> queueStats(String vhost, String queue) {
    return http.find(queuePath(vhost, queue)).map(QueueStats::fromJson);
  }

  /** The bindings in the virtual host, without the implicit ones of the default exchange. */
  public List<Binding> bindings(String vhost) {
    return http.list("/api/bindings/" + segment(vhost), Binding.class).stream()
        .filter(b -> !b.source().isEmpty())
        .toList();
  }

  public void bind(Binding b) {
    http.post(bindingPath(b), Map.of("routing_key", b.routingKey(), "arguments", b.arguments()));
  }

  /** Removes the binding. Returns false if it did not exist. */
  public boolean unbind(Binding b) {
    for (JsonNode live : http.get(bindingPath(b))) {
      Binding candidate = http.convert(live, Binding.class);
      if (candidate.routingKey().equals(b.routingKey())
          && candidate.arguments().equals(b.arguments())) {
        return http.delete(
            bindingPath(b) + "/" + segment(live.path("properties_key").asText()), null);
      }
    }
    return false;
  }

  public List<Policy> policies(String vhost) {
    return http.list("/api/policies/" + segment(vhost), Policy.class);
  }

  /** Creates or replaces a policy. */
  public void putPolicy(Policy p) {
    http.put(
        "/api/policies/" + segment(p.vhost()) + "/" + segment(p.name()),
        Map.of(
            "pattern",
            p.pattern(),
            "apply-to",
            p.applyTo(),
            "definition",
            p.definition(),
            "priority",
            p.priority()));
  }

  /** The client connections to the virtual host. */
  public List<ConnectionInfo> connections(String vhost) {
    List<ConnectionInfo> connections = new ArrayList<>();
    http.get("/api/vhosts/" + segment(vhost) + "/connections")
        .forEach(c -> connections.add(ConnectionInfo.fromJson(c)));
    return connections;
  }

  /** The consumers of every queue in the virtual host. */
  public List<ConsumerInfo> consumers(String vhost) {
    List<ConsumerInfo> consumers = new ArrayList<>();
    http.get("/api/consumers/" + segment(vhost))
        .forEach(c -> consumers.add(ConsumerInfo.fromJson(c)));
    return consumers;
  }

  /** Closes one connection, the reason shown to the client. False if it was already gone. */
  public boolean closeConnection(String name, String reason) {
    return http.delete("/api/connections/" + segment(name), reason);
  }

  /** Closes every client connection to the virtual host; returns how many were closed. */
  public int closeConnections(String vhost, String reason) {
    int closed = 0;
    for (ConnectionInfo connection : connections(vhost)) {
      closed += closeConnection(connection.name(), reason) ? 1 : 0;
    }
    return closed;
  }

  /**
   * Builds a {@link ManagementClient}; every value is checked when set. Not thread-safe; the client
   * it builds is.
   */
  public static final class Builder {
    private URI uri = DEFAULT_URI;
    private String user = DEFAULT_USER;
    private String password = DEFAULT_USER;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /** The management API's base, for example {@code http://127.0.0.1:15672}. */
    public Builder uri(URI uri) {
      this.uri = ManagementHttp.checkedUri(uri);
      return this;
    }

    /** The user (with the administrator tag) and its password. */
    public Builder credentials(String user, String password) {
      this.user = ManagementHttp.checkedUser(user, password);
      this.password = password;
      return this;
    }

    /** How long to wait for the TCP connection; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = ManagementHttp.positive("connect timeout", timeout);
      return this;
    }

    /** How long to wait for each answer; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = ManagementHttp.positive("request timeout", timeout);
      return this;
    }

    public ManagementClient build() {
      return new ManagementClient(this);
    }
  }
}
