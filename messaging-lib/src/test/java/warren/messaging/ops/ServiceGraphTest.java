package warren.messaging.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import warren.messaging.management.Binding;
import warren.messaging.management.ConnectionInfo;
import warren.messaging.management.ConsumerInfo;
import warren.messaging.management.QueueStats;
import warren.messaging.topology.Definitions;

/** The graph drawn from Warren's own definitions and a made-up snapshot of the broker. */
class ServiceGraphTest {
  private final Definitions definitions = Definitions.bundled();

  private static QueueStats queue(String name, long ready, int consumers, double rate) {
    return new QueueStats(name, "warren", "quorum", ready, 0, consumers, rate, 0, 0);
  }

  private static ConnectionInfo connection(String name, String clientName) {
    return new ConnectionInfo(name, "warren", "guest", clientName, "127.0.0.1", 1, "running", 1);
  }

  private static List<String> edges(ServiceGraph g) {
    return g.edges().stream()
        .map(e -> e.from() + " -" + e.kind() + "-> " + e.to() + " via " + e.via())
        .toList();
  }

  @Test
  void the_topology_alone_gives_the_expected_edges_and_no_false_senders() {
    ServiceGraph g = ServiceGraph.draw(definitions, List.of(), List.of(), List.of(), List.of());

    List<String> edges = edges(g);
    assertTrue(edges.contains("web -rpc-> auth via auth.login"), edges.toString());
    assertTrue(edges.contains("web -rpc-> store via store.timeline"), edges.toString());
    assertTrue(edges.contains("web -command-> store via store.create-post"), edges.toString());
    assertTrue(edges.contains("store -event-> notify via notify.post-created"), edges.toString());
    assertTrue(edges.contains("auth -event-> store via store.users"), edges.toString());
    assertTrue(
        edges.stream().noneMatch(e -> e.startsWith("store -event-> store")), edges.toString());
    assertTrue(
        edges.contains("notify -command-> notify via notify.webhook-deliveries"), edges.toString());
    assertTrue(
        edges.stream().noneMatch(e -> e.startsWith("web -command-> notify")), edges.toString());
    assertTrue(
        edges.stream().noneMatch(e -> e.startsWith("notify -command-> store")), edges.toString());
    assertTrue(edges.stream().noneMatch(e -> e.contains("dlq") || e.contains("retry")));
  }

  @Test
  void live_consumers_give_replicas_rates_and_the_notify_edge_and_idle_queues_stand_out() {
    List<ConnectionInfo> connections =
        List.of(
            connection("c1", "web@h:1/consume"),
            connection("c2", "web@h:1/publish"),
            connection("c3", "store@h:2/consume"),
            connection("c4", "store@h:3/consume"));
    List<ConsumerInfo> consumers =
        List.of(
            new ConsumerInfo("amq.gen-abc", "c1", "guest", "t1"),
            new ConsumerInfo("store.timeline", "c3", "guest", "t2"),
            new ConsumerInfo("store.timeline", "c4", "guest", "t3"));
    List<QueueStats> stats =
        List.of(
            queue("store.timeline", 0, 2, 4.0),
            queue("store.create-post", 7, 0, 1.5),
            queue("store.create-post.dlq", 3, 0, 0.2),
            queue("amq.gen-abc", 0, 1, 2.0));
    List<Binding> live =
        List.of(
            new Binding("warren.notify", "warren", "amq.gen-abc", "queue", "user.1", Map.of()),
            new Binding("warren.notify", "warren", "amq.gen-abc", "queue", "user.2", Map.of()));

    ServiceGraph g = ServiceGraph.draw(definitions, stats, consumers, connections, live);

    assertTrue(g.nodes().contains(new ServiceGraph.Node("store", "service", 2)), g.toText());
    assertTrue(g.nodes().contains(new ServiceGraph.Node("web", "service", 1)), g.toText());
    assertTrue(
        g.nodes().contains(new ServiceGraph.Node("store.create-post.dlq", "dead-letter-queue", 3)));
    assertTrue(
        g.edges().contains(new ServiceGraph.Edge("notify", "web", "warren.notify", "notify", 2.0)),
        "two keys to one queue count its rate once: " + g.toText());
    assertTrue(
        g.edges().contains(new ServiceGraph.Edge("web", "store", "store.timeline", "rpc", 4.0)));
    assertTrue(
        g.alerts().stream().anyMatch(a -> a.startsWith("queue store.create-post has no consumer")),
        g.alerts().toString());
    assertTrue(
        g.alerts().stream()
            .anyMatch(a -> a.startsWith("dead-letter queue store.create-post.dlq holds 3")));
    String dot = g.toDot();
    assertTrue(dot.contains("\"store\" [label=\"store\\n2 replica(s)\"]"), dot);
    assertTrue(dot.contains("command store.create-post"), dot);
    assertEquals(1, g.toText().lines().filter(l -> l.contains("notify   -> web")).count());
  }

  @Test
  void the_operator_user_is_neither_a_node_nor_a_sender() {
    List<ConnectionInfo> connections = List.of(connection("c1", "ops@h:9/dead-letters"));

    ServiceGraph g = ServiceGraph.draw(definitions, List.of(), List.of(), connections, List.of());

    assertTrue(g.nodes().stream().noneMatch(n -> n.id().equals("ops")), g.toText());
    assertTrue(
        g.edges().stream().noneMatch(e -> e.from().equals("ops") || e.to().equals("ops")),
        g.toText());
  }
}
