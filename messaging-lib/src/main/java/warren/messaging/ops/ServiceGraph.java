package warren.messaging.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import warren.messaging.internal.AmqpCaller;
import warren.messaging.internal.TopologyDeclarer;
import warren.messaging.management.Binding;
import warren.messaging.management.ConnectionInfo;
import warren.messaging.management.ConsumerInfo;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.Permission;
import warren.messaging.management.QueueStats;
import warren.messaging.management.TopicPermission;
import warren.messaging.topology.Definitions;

/**
 * Who talks to whom and how: the body of {@code GET /api/v1/ops/graph} (serialize it with Jackson
 * as is), drawn from the topology and what the broker sees now. Immutable.
 *
 * <p>How it is drawn, by {@link #of}:
 *
 * <ul>
 *   <li>A queue's <b>receiver</b> is the service of its live consumers (the part before {@code @}
 *       of the connection name Warren gives, {@code store@host:pid/consume}, else the connection's
 *       user), or, with none running, the service its name starts with ({@code store.follow}).
 *   <li>Its <b>senders</b> are the services whose RabbitMQ user may write to the exchange bound to
 *       it ({@code rabbit-definitions.json} permissions; for a topic exchange, the topic permission
 *       must allow the binding key too). When the receiver may itself write to that exchange, the
 *       queue is taken to be its own work queue and it the only sender (notify's webhook
 *       deliveries): the least-privilege permissions cannot say which command key each service
 *       sends.
 *   <li>The <b>kind</b> comes from the exchange: {@code warren.rpc} rpc, {@code warren.commands}
 *       command, {@code warren.events} event, {@code warren.notify} notify. Dead-letter and retry
 *       plumbing is left out of the edges.
 *   <li>The <b>rate</b> is what the management API last sampled as published into the queue, per
 *       second, summed over an edge's queues.
 *   <li><b>Replicas</b> are the distinct {@code service@instance} names among the connections.
 * </ul>
 *
 * @param nodes the services, then the dead-letter queues that hold messages
 * @param edges one per sender, receiver, queue (or exchange, for server-named queues) and kind
 * @param alerts what stands out, in words: a queue without consumer, a dead-letter queue holding
 *     messages (and whether it is filling)
 */
public record ServiceGraph(List<Node> nodes, List<Edge> edges, List<String> alerts) {
  private static final Map<String, String> KINDS =
      Map.of(
          AmqpCaller.RPC_EXCHANGE, "rpc",
          TopologyDeclarer.COMMANDS_EXCHANGE, "command",
          TopologyDeclarer.EVENTS_EXCHANGE, "event",
          TopologyDeclarer.NOTIFY_EXCHANGE, "notify");

  /**
   * A participant.
   *
   * @param id a service name, or a dead-letter queue's name
   * @param kind {@code service} or {@code dead-letter-queue}
   * @param replicas running instances of a service; messages held, for a dead-letter queue
   */
  public record Node(String id, String kind, int replicas) {}

  /**
   * Messages flowing from one service to another.
   *
   * @param from the sending service
   * @param to the receiving service
   * @param via the queue (or, for server-named {@code amq.*} queues, the exchange) they pass
   *     through
   * @param kind {@code rpc}, {@code command}, {@code event} or {@code notify}
   * @param rate messages per second published into {@code via}, as last sampled
   */
  public record Edge(String from, String to, String via, String kind, double rate) {}

  /** Draws the graph of one vhost from the definitions and what the management API sees now. */
  public static ServiceGraph of(
      Definitions definitions, ManagementClient management, String vhost) {
    List<QueueStats> stats = management.queueStats(vhost);
    List<ConsumerInfo> consumers = management.consumers(vhost);
    List<ConnectionInfo> connections = management.connections(vhost);
    return draw(definitions, stats, consumers, connections, management.bindings(vhost));
  }

  /**
   * The graph from data already fetched ({@link #of} fetches it); live bindings add to the file's.
   */
  static ServiceGraph draw(
      Definitions definitions,
      List<QueueStats> stats,
      List<ConsumerInfo> consumers,
      List<ConnectionInfo> connections,
      List<Binding> liveBindings) {
    List<Binding> bindings =
        Stream.concat(definitions.bindings().stream(), liveBindings.stream())
            .map(b -> b.withVhost(""))
            .distinct()
            .toList();
    Map<String, QueueStats> byQueue = new TreeMap<>();
    stats.forEach(s -> byQueue.put(s.name(), s));
    Set<String> known = services(definitions);

    Map<String, Set<String>> instances = new TreeMap<>();
    Map<String, ConnectionInfo> byName = new TreeMap<>();
    for (ConnectionInfo c : connections) {
      byName.put(c.name(), c);
      String service = service(c.clientName(), c.user());
      if (known.contains(service)) {
        instances.computeIfAbsent(service, s -> new TreeSet<>()).add(instance(c.clientName()));
      }
    }
    Map<String, Set<String>> receivers = new TreeMap<>();
    for (ConsumerInfo c : consumers) {
      ConnectionInfo connection = byName.get(c.connectionName());
      receivers
          .computeIfAbsent(c.queue(), q -> new TreeSet<>())
          .add(service(connection == null ? "" : connection.clientName(), c.user()));
    }

    // Per edge, the rate of each distinct queue it passes through (a queue bound with several
    // keys, or listed both in the file and by the broker, counts once).
    Map<List<String>, Map<String, Double>> flows =
        new TreeMap<>(Comparator.comparing(Object::toString));
    for (Binding b : bindings) {
      String kind = KINDS.get(b.source());
      if (kind == null || !b.destinationType().equals("queue")) {
        continue;
      }
      Set<String> to = receivers.getOrDefault(b.destination(), Set.of());
      if (to.isEmpty()) {
        to = owner(b.destination(), known).map(Set::of).orElse(Set.of());
      }
      // Server-named queues (web's notification queues) come and go: show their exchange.
      String via = b.destination().startsWith("amq.") ? b.source() : b.destination();
      double rate =
          Optional.ofNullable(byQueue.get(b.destination()))
              .map(QueueStats::publishRate)
              .orElse(0.0);
      for (String receiver : to) {
        for (String sender : senders(definitions, b, receiver, known)) {
          flows
              .computeIfAbsent(List.of(sender, receiver, via, kind), k -> new TreeMap<>())
              .put(b.destination(), rate);
        }
      }
    }
    List<Edge> edges = new ArrayList<>();
    flows.forEach(
        (k, queues) -> {
          double rate = queues.values().stream().mapToDouble(Double::doubleValue).sum();
          edges.add(
              new Edge(k.get(0), k.get(1), k.get(2), k.get(3), Math.round(rate * 100) / 100.0));
        });

    List<Node> nodes = new ArrayList<>();
    Set<String> services = new TreeSet<>(instances.keySet());
    edges.forEach(
        e -> {
          services.add(e.from());
          services.add(e.to());
        });
    services.forEach(
        s -> nodes.add(new Node(s, "service", instances.getOrDefault(s, Set.of()).size())));

    List<String> alerts = new ArrayList<>();
    for (QueueStats q : byQueue.values()) {
      boolean deadLetters = q.name().endsWith(TopologyDeclarer.DLQ_SUFFIX);
      if (deadLetters && q.depth() > 0) {
        nodes.add(
            new Node(q.name(), "dead-letter-queue", (int) Math.min(q.depth(), Integer.MAX_VALUE)));
        alerts.add(
            "dead-letter queue "
                + q.name()
                + " holds "
                + q.depth()
                + " message(s)"
                + (q.publishRate() > 0 ? ", filling at " + q.publishRate() + "/s" : "")
                + ": 'warren dlq show "
                + q.name()
                + "'");
      } else if (!deadLetters
          && !q.name().startsWith(TopologyDeclarer.RETRY_PREFIX)
          && definitions.queue(q.name()).isPresent()
          && q.consumers() == 0
          // The queue's own count and the consumer list are sampled apart: trust either.
          && !receivers.containsKey(q.name())) {
        alerts.add(
            "queue "
                + q.name()
                + " has no consumer ("
                + q.depth()
                + " message(s) waiting): is "
                + owner(q.name(), known).orElse("its service")
                + " running?");
      }
    }
    return new ServiceGraph(List.copyOf(nodes), List.copyOf(edges), List.copyOf(alerts));
  }

  /** The graph as lines of text, for a terminal. */
  public String toText() {
    StringBuilder out = new StringBuilder("services\n");
    nodes.stream()
        .filter(n -> n.kind().equals("service"))
        .forEach(n -> out.append(String.format("  %-10s %d replica(s)%n", n.id(), n.replicas())));
    out.append("edges\n");
    edges.forEach(
        e ->
            out.append(
                String.format(
                    "  %-8s -> %-8s %-8s via %-28s %6.2f/s%n",
                    e.from(), e.to(), e.kind(), e.via(), e.rate())));
    if (!alerts.isEmpty()) {
      out.append("alerts\n");
      alerts.forEach(a -> out.append("  ! ").append(a).append('\n'));
    }
    return out.toString();
  }

  /**
   * The graph in Graphviz DOT ({@code warren graph --dot | dot -Tsvg > graph.svg}): services as
   * boxes with their replica counts, dead-letter queues holding messages in red, an edge per
   * service pair, kind and queue, dashed when its queue has no consumer, red when its dead-letter
   * queue holds messages.
   */
  public String toDot() {
    StringBuilder out = new StringBuilder("digraph warren {\n  rankdir=LR;\n");
    out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    for (Node n : nodes) {
      if (n.kind().equals("service")) {
        out.append(
            String.format(
                "  %s [label=\"%s\\n%d replica(s)\"%s];%n",
                quote(n.id()), n.id(), n.replicas(), n.replicas() == 0 ? ", color=grey" : ""));
      } else {
        out.append(
            String.format(
                "  %s [shape=cylinder, color=red, label=\"%s\\n%d dead letter(s)\"];%n",
                quote(n.id()), n.id(), n.replicas()));
      }
    }
    for (Edge e : edges) {
      boolean failing =
          nodes.stream().anyMatch(n -> n.id().equals(e.via() + TopologyDeclarer.DLQ_SUFFIX));
      boolean idle = alerts.stream().anyMatch(a -> a.startsWith("queue " + e.via() + " has no"));
      out.append(
          String.format(
              "  %s -> %s [label=\"%s %s\\n%.2f/s\"%s%s];%n",
              quote(e.from()),
              quote(e.to()),
              e.kind(),
              e.via(),
              e.rate(),
              failing ? ", color=red" : "",
              idle ? ", style=dashed" : ""));
      if (failing) {
        out.append(
            String.format(
                "  %s -> %s [style=dotted, color=red];%n",
                quote(e.to()), quote(e.via() + TopologyDeclarer.DLQ_SUFFIX)));
      }
    }
    return out.append("}\n").toString();
  }

  private static String quote(String id) {
    return '"' + id.replace("\"", "\\\"") + '"';
  }

  /** {@code store} of {@code store@host:1234/consume}; the user when the name is not Warren's. */
  static String service(String connectionName, String user) {
    int at = connectionName == null ? -1 : connectionName.indexOf('@');
    return at > 0 ? connectionName.substring(0, at) : user;
  }

  /** {@code store@host:1234} of {@code store@host:1234/consume}. */
  private static String instance(String connectionName) {
    int slash = connectionName.lastIndexOf('/');
    return slash > 0 ? connectionName.substring(0, slash) : connectionName;
  }

  private static Optional<String> owner(String queue, Set<String> services) {
    int dot = queue.indexOf('.');
    return dot > 0 && services.contains(queue.substring(0, dot))
        ? Optional.of(queue.substring(0, dot))
        : Optional.empty();
  }

  /**
   * The services that may send into the binding's queue. A receiver that may write to the exchange
   * is its queue's only sender, and a service that receives from the exchange itself sends only to
   * its own queues: the least-privilege permissions say who may write to {@code warren.commands},
   * not with which key, and a worker that may send commands does so to itself (notify's webhook
   * deliveries). Where a topic permission names the sender's keys (events), it decides alone.
   */
  private static List<String> senders(
      Definitions definitions, Binding b, String receiver, Set<String> services) {
    List<String> senders = new ArrayList<>();
    for (Permission p : definitions.permissions()) {
      if (services.contains(p.user())
          && Pattern.matches(p.write(), b.source())
          && topicAllows(definitions, p.user(), b)) {
        senders.add(p.user());
      }
    }
    // A topic permission names the keys a sender may use, so it is taken at its word; the guesses
    // below are only for exchanges where the permissions cannot tell keys apart.
    if (senders.contains(receiver) && !keyed(definitions, receiver, b)) {
      return List.of(receiver);
    }
    senders.removeIf(
        sender ->
            !keyed(definitions, sender, b)
                && definitions.bindings().stream()
                    .anyMatch(
                        other ->
                            other.source().equals(b.source())
                                && owner(other.destination(), services).orElse("").equals(sender)));
    return senders;
  }

  /**
   * The users that are services: those that may configure something of their own. An operator user
   * ({@code ops}, which replays dead letters) configures nothing, and neither sends nor receives in
   * the mesh, so it is no node and no sender.
   */
  static Set<String> services(Definitions definitions) {
    Set<String> services = new TreeSet<>();
    for (Permission p : definitions.permissions()) {
      if (!p.configure().isEmpty() && !p.configure().equals("^$")) {
        services.add(p.user());
      }
    }
    return services;
  }

  private static boolean keyed(Definitions definitions, String user, Binding b) {
    return definitions.topicPermissions().stream()
        .anyMatch(t -> t.user().equals(user) && t.exchange().equals(b.source()));
  }

  private static boolean topicAllows(Definitions definitions, String user, Binding b) {
    for (TopicPermission t : definitions.topicPermissions()) {
      if (t.user().equals(user) && t.exchange().equals(b.source())) {
        return Pattern.matches(t.write(), b.routingKey());
      }
    }
    return true;
  }
}
