package warren.messaging.topology;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import warren.messaging.internal.AmqpCaller;
import warren.messaging.management.Binding;
import warren.messaging.management.Exchange;
import warren.messaging.management.Permission;
import warren.messaging.management.Policy;
import warren.messaging.management.Queue;
import warren.messaging.management.TopicPermission;
import warren.messaging.management.User;

/**
 * The parsed content of a RabbitMQ definitions file ({@code rabbit-definitions.json}), the single
 * source of truth for Warren's topology: the format {@code rabbitmqctl import_definitions} and the
 * management API's {@code /api/definitions} read. Keys this model does not know ({@code
 * parameters}, {@code global_parameters}...) are ignored. Immutable.
 *
 * <p>Reading checks that the file holds exactly one virtual host and that every resource, binding
 * and permission refers to things the file declares, and says which entry is wrong.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Definitions(
    List<Vhost> vhosts,
    List<User> users,
    List<Permission> permissions,
    @JsonProperty("topic_permissions") List<TopicPermission> topicPermissions,
    List<Policy> policies,
    List<Exchange> exchanges,
    List<Queue> queues,
    List<Binding> bindings) {

  /** The file's name in the repository root, and of its copy bundled with this library. */
  public static final String FILE_NAME = "rabbit-definitions.json";

  private static final String BUNDLED = "/warren/messaging/topology/" + FILE_NAME;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A virtual host entry of the file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Vhost(String name) {}

  public Definitions {
    vhosts = List.copyOf(orEmpty(vhosts));
    users = List.copyOf(orEmpty(users));
    permissions = List.copyOf(orEmpty(permissions));
    topicPermissions = List.copyOf(orEmpty(topicPermissions));
    policies = List.copyOf(orEmpty(policies));
    exchanges = List.copyOf(orEmpty(exchanges));
    queues = List.copyOf(orEmpty(queues));
    bindings = List.copyOf(orEmpty(bindings));
  }

  /** Reads and checks a definitions file. */
  public static Definitions read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toAbsolutePath().toString());
    } catch (NoSuchFileException e) {
      throw new TopologyException(
          "no definitions file at "
              + file.toAbsolutePath()
              + ": run from the repository root"
              + " or pass --file <path to "
              + FILE_NAME
              + ">");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  /** The copy of the repository's {@value #FILE_NAME} bundled in this library's jar. */
  public static Definitions bundled() {
    try (InputStream in = Definitions.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new TopologyException(
            BUNDLED + " is not on the classpath: the messaging-lib jar was built without it");
      }
      return parse(in, "classpath:" + BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath:" + BUNDLED, e);
    }
  }

  /** Parses and checks definitions; {@code source} names them in errors. */
  public static Definitions parse(InputStream in, String source) throws IOException {
    Definitions definitions;
    try {
      definitions = JSON.readValue(in, Definitions.class);
    } catch (JsonProcessingException e) {
      throw new TopologyException(
          source
              + " is not a valid definitions file: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    }
    List<String> problems = definitions.problems();
    if (!problems.isEmpty()) {
      throw new TopologyException(source + " is inconsistent: " + String.join("; ", problems));
    }
    return definitions;
  }

  /** The one virtual host the file describes. */
  public String vhost() {
    return vhosts.get(0).name();
  }

  /** The same definitions with every resource and permission moved to another virtual host. */
  public Definitions retargeted(String target) {
    return new Definitions(
        List.of(new Vhost(target)),
        users,
        map(permissions, p -> p.withVhost(target)),
        map(topicPermissions, p -> p.withVhost(target)),
        map(policies, p -> p.withVhost(target)),
        map(exchanges, e -> e.withVhost(target)),
        map(queues, q -> q.withVhost(target)),
        map(bindings, b -> b.withVhost(target)));
  }

  /**
   * The same definitions with every RPC queue (a queue bound from {@code warren.rpc}) of that type.
   * The file declares them classic, which is the same as {@link RpcQueueType#CLASSIC}.
   */
  public Definitions withRpcQueues(RpcQueueType type) {
    if (type == RpcQueueType.CLASSIC) {
      return this;
    }
    Set<String> rpcQueues =
        bindings.stream()
            .filter(
                b ->
                    b.source().equals(AmqpCaller.RPC_EXCHANGE)
                        && b.destinationType().equals("queue"))
            .map(Binding::destination)
            .collect(Collectors.toSet());
    return new Definitions(
        vhosts,
        users,
        permissions,
        topicPermissions,
        policies,
        exchanges,
        map(queues, q -> rpcQueues.contains(q.name()) ? q.withType(type.brokerName()) : q),
        bindings);
  }

  /** The queue of that name, if the file declares one. */
  public Optional<Queue> queue(String name) {
    return queues.stream().filter(q -> q.name().equals(name)).findFirst();
  }

  /** The bindings whose destination is that queue. */
  public List<Binding> bindingsTo(String queue) {
    return bindings.stream().filter(b -> b.destination().equals(queue)).toList();
  }

  private List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (vhosts.size() != 1) {
      problems.add("it must declare exactly one vhost, declares " + vhosts.size());
      return problems;
    }
    String vhost = vhost();
    Set<String> exchangeNames = names(exchanges, Exchange::name);
    Set<String> queueNames = names(queues, Queue::name);
    Set<String> userNames = names(users, User::name);
    exchanges.stream()
        .filter(e -> !vhost.equals(e.vhost()))
        .forEach(e -> problems.add("exchange " + e.name() + " is in vhost " + e.vhost()));
    queues.stream()
        .filter(q -> !vhost.equals(q.vhost()))
        .forEach(q -> problems.add("queue " + q.name() + " is in vhost " + q.vhost()));
    for (Binding b : bindings) {
      if (!exchangeNames.contains(b.source()) && !b.source().startsWith("amq.")) {
        problems.add("binding " + b.describe() + " comes from an undeclared exchange");
      }
      Set<String> targets = b.destinationType().equals("queue") ? queueNames : exchangeNames;
      if (!targets.contains(b.destination()) || !vhost.equals(b.vhost())) {
        problems.add("binding " + b.describe() + " goes to an undeclared " + b.destinationType());
      }
    }
    permissions.stream()
        .filter(p -> !userNames.contains(p.user()) || !vhost.equals(p.vhost()))
        .forEach(
            p ->
                problems.add(
                    "permission of "
                        + p.user()
                        + " on "
                        + p.vhost()
                        + " is for an undeclared user or vhost"));
    topicPermissions.stream()
        .filter(p -> !userNames.contains(p.user()))
        .forEach(p -> problems.add("topic permission of undeclared user " + p.user()));
    return problems;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <T> List<T> map(List<T> list, Function<T, T> change) {
    return list.stream().map(change).toList();
  }

  private static <T> Set<String> names(List<T> list, Function<T, String> name) {
    return list.stream().map(name).collect(Collectors.toSet());
  }
}
