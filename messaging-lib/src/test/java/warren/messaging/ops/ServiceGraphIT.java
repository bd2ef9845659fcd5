package warren.messaging.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.testkit.Conditions.waitUntil;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.CommandEndpoint;
import warren.messaging.EventType;
import warren.messaging.NotificationListener;
import warren.messaging.RpcEndpoint;
import warren.messaging.Warren;
import warren.messaging.ops.OpsFixtures.Order;
import warren.messaging.ops.ServiceGraph.Edge;
import warren.messaging.topology.Definitions;
import warren.testkit.IsolatedVhost;

/**
 * The graph of a small running system shaped like Warren's own (web, auth, store with two replicas,
 * notify), in an isolated vhost, against the permissions of the bundled definitions.
 */
class ServiceGraphIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  record Login(String user) {}

  record Session(String token) {}

  static final RpcEndpoint<Login, Session> LOGIN =
      new RpcEndpoint<>("auth.login", Login.class, Session.class);
  static final RpcEndpoint<Login, Session> TIMELINE =
      new RpcEndpoint<>("store.timeline", Login.class, Session.class);
  static final CommandEndpoint<Order> CREATE_POST =
      new CommandEndpoint<>("store.create-post", Order.class);
  static final EventType<Order> POST_CREATED = new EventType<>("post.created", Order.class);

  private final Definitions definitions = Definitions.bundled();
  private final AtomicReference<ServiceGraph> last = new AtomicReference<>();

  /** Waits for the condition on fresh graphs; on failure says what the last graph was. */
  private void awaitGraph(java.util.function.Predicate<ServiceGraph> condition, String what) {
    try {
      waitUntil(Duration.ofSeconds(30), () -> condition.test(graph()), what);
    } catch (AssertionError e) {
      ServiceGraph g = last.get();
      System.out.println("live graph:\n" + g.toText());
      throw new AssertionError(
          e.getMessage() + "; last graph:\n" + (g == null ? null : g.toText()), e);
    }
  }

  private ServiceGraph graph() {
    ServiceGraph graph = ServiceGraph.of(definitions, OpsFixtures.management(), broker.vhost());
    last.set(graph);
    return graph;
  }

  private static Optional<Edge> edge(
      ServiceGraph g, String from, String to, String kind, String via) {
    return g.edges().stream()
        .filter(
            e ->
                e.from().equals(from)
                    && e.to().equals(to)
                    && e.kind().equals(kind)
                    && e.via().equals(via))
        .findFirst();
  }

  private static int replicas(ServiceGraph g, String service) {
    return g.nodes().stream()
        .filter(n -> n.id().equals(service))
        .mapToInt(ServiceGraph.Node::replicas)
        .findFirst()
        .orElse(-1);
  }

  @Test
  void the_graph_shows_who_talks_to_whom_and_marks_a_queue_whose_consumers_stopped()
      throws Exception {
    Warren auth = OpsFixtures.warren(broker, "auth", "a1");
    Warren store1 = OpsFixtures.warren(broker, "store", "s1");
    Warren store2 = OpsFixtures.warren(broker, "store", "s2");
    Warren notify = OpsFixtures.warren(broker, "notify", "n1");
    Warren web = OpsFixtures.warren(broker, "web", "w1");
    AtomicBoolean sending = new AtomicBoolean(true);
    try {
      auth.serve(LOGIN, (q, ctx) -> new Session("t"));
      for (Warren store : List.of(store1, store2)) {
        store.serve(TIMELINE, (q, ctx) -> new Session("t"));
        store.consume(CREATE_POST, (post, ctx) -> store.publish(POST_CREATED, post));
      }
      notify.subscribe(
          "notify.post-created", POST_CREATED, (post, ctx) -> notify.notify("user.1", post));
      NotificationListener listener = web.listen(Order.class, (key, post) -> {});
      listener.bind("user.1");
      // Traffic, so that the rates have something to show.
      Thread traffic =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; sending.get(); i++) {
                      web.send(CREATE_POST, new Order("p" + i, "hello"));
                      web.call(LOGIN, new Login("ann"));
                      try {
                        Thread.sleep(50);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });

      awaitGraph(
          live -> {
            return replicas(live, "store") == 2
                && edge(live, "web", "store", "command", "store.create-post")
                    .filter(e -> e.rate() > 0)
                    .isPresent()
                && edge(live, "notify", "web", "notify", "warren.notify").isPresent()
                && live.alerts().isEmpty();
          },
          "the live graph, with rates");
      ServiceGraph g = last.get();
      System.out.println("live graph:\n" + g.toText());
      assertTrue(edge(g, "web", "auth", "rpc", "auth.login").isPresent(), g.toText());
      assertTrue(edge(g, "web", "store", "rpc", "store.timeline").isPresent(), g.toText());
      assertTrue(
          edge(g, "store", "notify", "event", "notify.post-created").isPresent(), g.toText());
      // auth only announces sign-ups, to the store's user list.
      assertTrue(
          g.edges().stream()
              .filter(e -> e.from().equals("auth"))
              .allMatch(e -> e.kind().equals("event") && e.to().equals("store")),
          g.toText());
      assertEquals(1, replicas(g, "auth"));
      assertEquals(1, replicas(g, "web"));
      assertTrue(
          g.alerts().stream().noneMatch(a -> a.contains("store.create-post")),
          g.alerts().toString());

      OpsFixtures.Run dot = OpsFixtures.cli(broker, "graph", "--dot");
      assertEquals(0, dot.exit(), dot.err());
      assertTrue(dot.out().startsWith("digraph warren {"), dot.out());
      assertTrue(
          dot.out().contains("\"web\" -> \"store\" [label=\"command store.create-post"), dot.out());
      OpsFixtures.Run text = OpsFixtures.cli(broker, "graph");
      assertTrue(text.out().contains("store      2 replica(s)"), text.out());

      sending.set(false);
      traffic.join();
      store1.close();
      store2.close();
      broker.publishRaw(
          "warren.dlx",
          "store.create-post",
          "{".getBytes(StandardCharsets.UTF_8),
          Map.of("x-warren-reason", "unreadable"));

      awaitGraph(
          now ->
              now.alerts().stream()
                      .anyMatch(a -> a.startsWith("queue store.create-post has no consumer"))
                  && now.nodes().stream().anyMatch(n -> n.id().equals("store.create-post.dlq")),
          "the stopped consumers and the dead letter stand out");
      ServiceGraph stopped = last.get();
      System.out.println("after store stopped:\n" + stopped.toText() + stopped.toDot());
      assertTrue(
          edge(stopped, "web", "store", "command", "store.create-post").isPresent(),
          "the edge stays, drawn from the topology: " + stopped.toText());
      assertEquals(0, replicas(stopped, "store"));
      assertTrue(stopped.toDot().contains("style=dashed"), stopped.toDot());
      assertTrue(stopped.toDot().contains("color=red"), stopped.toDot());
    } finally {
      sending.set(false);
      for (Warren w : List.of(web, notify, store2, store1, auth)) {
        w.close();
      }
    }
  }
}
