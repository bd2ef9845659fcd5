package warren.messaging.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.ops.OpsFixtures.orders;
import static warren.testkit.Conditions.waitUntil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.CommandEndpoint;
import warren.messaging.EndpointOptions;
import warren.messaging.EventType;
import warren.messaging.RetryPolicy;
import warren.messaging.ServiceError;
import warren.messaging.Warren;
import warren.messaging.WarrenException;
import warren.messaging.internal.Headers;
import warren.messaging.internal.TopologyDeclarer;
import warren.messaging.ops.OpsFixtures.Order;
import warren.testkit.IsolatedVhost;
import warren.testkit.MessageFixtures;

class DeadLettersIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  /** One retry after 1 s, so a failing command dead-letters after two attempts. */
  private static final EndpointOptions ONE_RETRY =
      EndpointOptions.defaults().retry(RetryPolicy.of(Duration.ofSeconds(1)));

  private Warren worker;
  private Warren sender;
  private DeadLetters deadLetters;

  /** The fault: while set, the handler throws for the payload "poison". */
  private final AtomicBoolean broken = new AtomicBoolean(true);

  /** Applied orders, by id, with how often each was applied. */
  private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

  private final List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
  private final List<Long> replaysSeen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void connect() {
    worker = OpsFixtures.warren(broker, "test", "w1");
    sender = OpsFixtures.warren(broker, "sender", "s1");
    deadLetters = OpsFixtures.deadLetters(broker);
  }

  @AfterEach
  void close() {
    deadLetters.close();
    sender.close();
    worker.close();
  }

  /** A worker whose handler fails for "poison" while broken, and refuses "refused" for good. */
  private void serve(CommandEndpoint<Order> endpoint) {
    worker.consume(
        endpoint,
        (order, ctx) -> {
          if (order.item().equals("refused")) {
            throw new ServiceError("out_of_stock", "no " + order.id() + " left");
          }
          if (order.item().equals("poison") && broken.get()) {
            throw new IllegalStateException("cannot cook order " + order.id());
          }
          attemptsSeen.add(ctx.attempt());
          replaysSeen.add(Headers.number(ctx.headers(), Headers.REPLAY_COUNT, 0));
          applied.computeIfAbsent(order.id(), id -> new AtomicInteger()).incrementAndGet();
        },
        ONE_RETRY);
  }

  private void awaitDeadLetters(String queue, int n) {
    waitUntil(
        Duration.ofSeconds(20),
        () -> broker.queueDepth(queue + ".dlq") == n,
        n + " dead letters in " + queue + ".dlq");
  }

  private void garbage(String queue, String body) {
    broker.publishRaw("warren.commands", queue, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  void poison_ends_in_the_dead_letter_queue_with_the_right_reason_and_error() {
    CommandEndpoint<Order> endpoint = orders("test.kitchen");
    serve(endpoint);

    sender.send(endpoint, new Order("good", "soup"));
    String poison = sender.send(endpoint, new Order("p1", "poison"));
    String refused = sender.send(endpoint, new Order("r1", "refused"));
    garbage("test.kitchen", "not json {");
    awaitDeadLetters("test.kitchen", 3);

    Map<String, DeadLetter> byReason =
        deadLetters.read("test.kitchen.dlq").stream()
            .collect(Collectors.toMap(DeadLetter::reason, l -> l));
    assertEquals(
        List.of("failed", "rejected", "unreadable"), byReason.keySet().stream().sorted().toList());

    DeadLetter failed = byReason.get("failed");
    assertEquals(poison, failed.id());
    assertEquals("warren.commands", failed.originalExchange());
    assertEquals("test.kitchen", failed.originalRoutingKey());
    assertEquals(IllegalStateException.class.getName(), failed.error().errorClass());
    assertEquals("cannot cook order p1", failed.error().message());
    assertEquals(2, failed.attempts(), "one attempt and one retry");
    assertNotEquals(null, failed.firstDeadAt());
    assertTrue(failed.body().contains("\"p1\""), failed.body());

    DeadLetter rejected = byReason.get("rejected");
    assertEquals(refused, rejected.id());
    assertEquals("out_of_stock", rejected.error().code());
    assertEquals(1, rejected.attempts(), "a ServiceError is not retried");

    DeadLetter unreadable = byReason.get("unreadable");
    assertEquals("not json {", unreadable.body());
    assertTrue(unreadable.error().errorClass().endsWith("UnreadableMessageException"));

    assertEquals(List.of(new DeadLetterQueue("test.kitchen.dlq", 3)), deadLetters.queues());
    OpsFixtures.Run list = OpsFixtures.cli(broker, "dlq", "list");
    assertTrue(list.out().contains("       3  test.kitchen.dlq"), list.out());
    OpsFixtures.Run show = OpsFixtures.cli(broker, "dlq", "show", "test.kitchen.dlq");
    assertTrue(show.out().contains(poison + "  failed  attempts=2"), show.out());
    assertTrue(show.out().contains("java.lang.IllegalStateException: cannot cook order p1"));
    assertTrue(show.out().contains("3 message(s) in test.kitchen.dlq (nothing was removed)"));
    OpsFixtures.Run groups = OpsFixtures.cli(broker, "dlq", "groups", "test.kitchen.dlq");
    assertTrue(
        groups.out().contains("1  java.lang.IllegalStateException@test.kitchen"), groups.out());
    assertEquals(1, applied.size(), "only the good order was applied");
  }

  @Test
  void reading_twice_shows_the_same_messages_in_the_same_order_with_the_same_attempts() {
    CommandEndpoint<Order> endpoint = orders("test.browse");
    serve(endpoint);
    for (int i = 0; i < 6; i++) {
      sender.send(endpoint, new Order("b" + i, i % 2 == 0 ? "poison" : "refused"));
    }
    garbage("test.browse", "[1, 2");
    awaitDeadLetters("test.browse", 7);

    List<DeadLetter> first = deadLetters.read("test.browse.dlq");
    List<DeadLetter> partly = deadLetters.read("test.browse.dlq", 3);
    List<DeadLetter> second = deadLetters.read("test.browse.dlq");

    assertEquals(7, first.size());
    assertEquals(first, second, "same ids, order, attempts, headers and bodies");
    assertEquals(first.subList(0, 3), partly);
    assertEquals(7, broker.queueDepth("test.browse.dlq"), "reading removed nothing");
    assertEquals(
        first.stream().map(DeadLetter::attempts).toList(),
        second.stream().map(DeadLetter::attempts).toList());
    assertTrue(
        second.stream().noneMatch(l -> l.headers().containsKey("x-delivery-count")),
        "the broker's own return count, bumped by browsing, is not shown");

    List<DeadLetterGroup> groups = deadLetters.groups("test.browse.dlq");
    assertEquals(
        Map.of(
            "java.lang.IllegalStateException@test.browse", 3,
            "warren.messaging.ServiceError@test.browse", 3),
        groups.stream()
            .filter(g -> !g.errorClass().endsWith("UnreadableMessageException"))
            .collect(Collectors.toMap(DeadLetterGroup::group, DeadLetterGroup::count)));
    DeadLetterGroup cooked = groups.get(0);
    assertTrue(cooked.firstSeen().compareTo(cooked.lastSeen()) <= 0);
  }

  @Test
  void reads_of_one_queue_from_many_threads_take_turns_and_all_see_every_message()
      throws Exception {
    CommandEndpoint<Order> endpoint = orders("test.busy");
    serve(endpoint);
    for (int i = 0; i < 5; i++) {
      sender.send(endpoint, new Order("c" + i, "refused"));
    }
    awaitDeadLetters("test.busy", 5);

    List<java.util.concurrent.Future<Integer>> reads = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 8; i++) {
        reads.add(pool.submit(() -> deadLetters.read("test.busy.dlq").size()));
      }
    }
    for (var read : reads) {
      assertEquals(5, read.get());
    }
    assertEquals(5, broker.queueDepth("test.busy.dlq"));
  }

  @Test
  void after_the_fault_is_fixed_replay_applies_each_command_exactly_once() {
    CommandEndpoint<Order> endpoint = orders("test.replay");
    serve(endpoint);
    for (int i = 0; i < 10; i++) {
      sender.send(endpoint, new Order("o" + i, "poison"));
    }
    awaitDeadLetters("test.replay", 10);
    assertTrue(applied.isEmpty());

    broken.set(false);
    ReplayResult result = deadLetters.replay("test.replay.dlq", Selection.all(), false);

    assertEquals(10, result.replayed());
    assertNull(result.plan());
    waitUntil(Duration.ofSeconds(10), () -> applied.size() == 10, "10 orders applied");
    assertEquals(0, broker.queueDepth("test.replay.dlq"));
    assertTrue(applied.values().stream().allMatch(n -> n.get() == 1), applied.toString());
    assertTrue(
        attemptsSeen.stream().allMatch(a -> a == 1), "attempts start again: " + attemptsSeen);
    assertTrue(replaysSeen.stream().allMatch(r -> r == 1), "replay count: " + replaysSeen);
  }

  @Test
  void a_replayed_message_that_fails_again_shows_its_replay_count_and_first_dead_time() {
    CommandEndpoint<Order> endpoint = orders("test.again");
    serve(endpoint);
    sender.send(endpoint, new Order("a1", "poison"));
    awaitDeadLetters("test.again", 1);
    DeadLetter before = deadLetters.read("test.again.dlq").get(0);

    deadLetters.replay("test.again.dlq", Selection.ids(List.of(before.id())), false);
    waitUntil(
        Duration.ofSeconds(20),
        () ->
            broker.queueDepth("test.again.dlq") == 1
                && deadLetters
                    .read("test.again.dlq")
                    .get(0)
                    .headers()
                    .containsKey(Headers.REPLAY_COUNT),
        "dead-lettered again");

    DeadLetter after = deadLetters.read("test.again.dlq").get(0);
    assertEquals(before.id(), after.id());
    assertEquals(1L, ((Number) after.headers().get(Headers.REPLAY_COUNT)).longValue());
    assertEquals(before.firstDeadAt(), after.firstDeadAt());
    assertEquals(2, after.attempts(), "it had its full retries again");
  }

  @Test
  void a_dry_run_answers_the_plan_and_moves_nothing() {
    CommandEndpoint<Order> endpoint = orders("test.dry");
    serve(endpoint);
    String id = sender.send(endpoint, new Order("d1", "refused"));
    awaitDeadLetters("test.dry", 1);
    List<DeadLetter> before = deadLetters.read("test.dry.dlq");

    ReplayResult plan = deadLetters.replay("test.dry.dlq", Selection.all(), true);

    assertEquals(0, plan.replayed());
    assertEquals(List.of(new ReplayResult.Planned(id, "warren.commands", "test.dry")), plan.plan());
    assertEquals(before, deadLetters.read("test.dry.dlq"));
    OpsFixtures.Run cli =
        OpsFixtures.cli(broker, "dlq", "replay", "test.dry.dlq", "--all", "--dry-run");
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.out().contains(id + " -> exchange 'warren.commands' key 'test.dry'"), cli.out());
    assertEquals(1, broker.queueDepth("test.dry.dlq"));
    assertTrue(applied.isEmpty());
  }

  @Test
  void replay_by_id_and_by_group_and_discard_by_id_and_all_touch_only_what_was_chosen() {
    CommandEndpoint<Order> endpoint = orders("test.pick");
    serve(endpoint);
    String p1 = sender.send(endpoint, new Order("p1", "poison"));
    String p2 = sender.send(endpoint, new Order("p2", "poison"));
    String r1 = sender.send(endpoint, new Order("r1", "refused"));
    String r2 = sender.send(endpoint, new Order("r2", "refused"));
    garbage("test.pick", "garbage");
    awaitDeadLetters("test.pick", 5);
    broken.set(false);

    assertEquals(
        1, deadLetters.replay("test.pick.dlq", Selection.ids(List.of(p1)), false).replayed());
    waitUntil(Duration.ofSeconds(10), () -> applied.containsKey("p1"));
    assertEquals(
        1,
        deadLetters
            .replay(
                "test.pick.dlq",
                Selection.group("java.lang.IllegalStateException@test.pick"),
                false)
            .replayed());
    waitUntil(Duration.ofSeconds(10), () -> applied.containsKey("p2"));
    // The worker dead-letters with several threads: r1 and r2 may land in either order.
    assertEquals(Set.of(r1, r2), Set.copyOf(ids()));

    assertEquals(1, deadLetters.discard("test.pick.dlq", Selection.ids(List.of(r1))).discarded());
    assertEquals(List.of(r2), ids());
    assertEquals(2, deadLetters.discard("test.pick.dlq", Selection.all()).discarded());
    assertEquals(0, broker.queueDepth("test.pick.dlq"));
    assertEquals(2, applied.size());
    assertNotEquals(p1, p2);
  }

  private List<String> ids() {
    return deadLetters.read("test.pick.dlq").stream()
        .filter(l -> !l.reason().equals("unreadable"))
        .map(DeadLetter::id)
        .toList();
  }

  @Test
  void an_unknown_queue_id_or_group_is_a_clear_error_and_changes_nothing() {
    CommandEndpoint<Order> endpoint = orders("test.unknown");
    serve(endpoint);
    sender.send(endpoint, new Order("u1", "refused"));
    awaitDeadLetters("test.unknown", 1);

    DeadLetterNotFoundException noQueue =
        assertThrows(DeadLetterNotFoundException.class, () -> deadLetters.read("test.nothing.dlq"));
    assertTrue(
        noQueue.getMessage().contains("no dead-letter queue test.nothing.dlq"),
        noQueue.getMessage());
    assertThrows(DeadLetterNotFoundException.class, () -> deadLetters.read("test.unknown"));
    DeadLetterNotFoundException noId =
        assertThrows(
            DeadLetterNotFoundException.class,
            () -> deadLetters.discard("test.unknown.dlq", Selection.ids(List.of("nope"))));
    assertTrue(noId.getMessage().contains("no message with id nope"), noId.getMessage());
    assertThrows(
        DeadLetterNotFoundException.class,
        () -> deadLetters.replay("test.unknown.dlq", Selection.group("no.Such@x"), false));
    assertEquals(1, broker.queueDepth("test.unknown.dlq"), "nothing moved");

    OpsFixtures.Run show = OpsFixtures.cli(broker, "dlq", "show", "test.nothing.dlq");
    assertEquals(2, show.exit());
    assertTrue(show.err().contains("error: no dead-letter queue test.nothing.dlq"), show.err());
    OpsFixtures.Run replay =
        OpsFixtures.cli(broker, "dlq", "replay", "test.unknown.dlq", "--id", "nope,other");
    assertEquals(2, replay.exit());
    assertTrue(replay.err().contains("no message with id nope, other"), replay.err());
    OpsFixtures.Run discard =
        OpsFixtures.cli(broker, "dlq", "discard", "test.unknown.dlq", "--all");
    assertEquals(1, discard.exit(), "without --yes it only says what it would do");
    assertTrue(discard.out().contains("1 message(s) of test.unknown.dlq would be discarded"));
    assertEquals(1, broker.queueDepth("test.unknown.dlq"));
  }

  /** A dead letter, as Warren would have written it, put straight into {@code <queue>.dlq}. */
  private void deadLetter(String queue, String exchange, String id) {
    broker.withChannel(
        ch -> {
          ch.queueDeclare(queue + ".dlq", true, false, false, Map.of("x-queue-type", "quorum"));
          ch.confirmSelect();
          ch.basicPublish(
              "",
              queue + ".dlq",
              new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                  .messageId(id)
                  .deliveryMode(2)
                  .headers(
                      Map.of(
                          Headers.REASON, "failed",
                          Headers.ORIGINAL_EXCHANGE, exchange,
                          Headers.ORIGINAL_ROUTING_KEY, queue))
                  .build(),
              "{}".getBytes(StandardCharsets.UTF_8));
          ch.waitForConfirmsOrDie(5_000);
          return null;
        });
  }

  @Test
  void a_replay_that_cannot_be_routed_stops_and_leaves_the_message_dead_lettered() {
    deadLetter("test.gone", "warren.commands", "g1");

    WarrenException e =
        assertThrows(
            WarrenException.class,
            () -> deadLetters.replay("test.gone.dlq", Selection.all(), false));

    assertTrue(
        e.getMessage().contains("replay of g1 to exchange 'warren.commands'"), e.getMessage());
    assertTrue(e.getMessage().contains("no queue is bound there"), e.getMessage());
    assertTrue(e.getMessage().contains("0 message(s) were replayed before it"), e.getMessage());
    assertEquals(
        List.of("g1"), deadLetters.read("test.gone.dlq").stream().map(DeadLetter::id).toList());
  }

  @Test
  void a_replay_the_broker_refuses_stops_and_leaves_the_message_dead_lettered() {
    broker.withChannel(
        ch ->
            ch.queueDeclare(
                "test.full",
                true,
                false,
                false,
                Map.of("x-max-length", 0, "x-overflow", "reject-publish")));
    deadLetter("test.full", "", "f1");

    WarrenException e =
        assertThrows(
            WarrenException.class,
            () -> deadLetters.replay("test.full.dlq", Selection.all(), false));

    assertTrue(e.getMessage().contains("the broker refused it (nack)"), e.getMessage());
    assertEquals(1, broker.queueDepth("test.full.dlq"));
  }

  @Test
  void a_message_the_broker_dead_letters_at_its_delivery_limit_reads_as_delivery_limit() {
    // The work queue as Warren declares it (x-delivery-limit 20), and a raw consumer that gives
    // the message back every time, as one crashing on it would.
    broker.withChannel(
        ch -> {
          ch.exchangeDeclare("warren.commands", "direct", true);
          ch.exchangeDeclare("warren.dlx", "direct", true);
          ch.queueDeclare("test.crash.dlq", true, false, false, Map.of("x-queue-type", "quorum"));
          ch.queueBind("test.crash.dlq", "warren.dlx", "test.crash");
          ch.queueDeclare(
              "test.crash", true, false, false, TopologyDeclarer.workQueueArguments("test.crash"));
          ch.queueBind("test.crash", "warren.commands", "test.crash");
          return null;
        });
    broker.publishRaw(
        "warren.commands", "test.crash", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    broker.withChannel(
        ch -> {
          for (int i = 0; i < 100 && broker.queueDepth("test.crash.dlq") == 0; i++) {
            com.rabbitmq.client.GetResponse r = ch.basicGet("test.crash", false);
            if (r != null) {
              ch.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
            }
          }
          return null;
        });
    awaitDeadLetters("test.crash", 1);

    DeadLetter letter = deadLetters.read("test.crash.dlq").get(0);

    assertEquals("delivery_limit", letter.reason());
    assertEquals("warren.commands", letter.originalExchange());
    assertEquals("test.crash", letter.originalRoutingKey());
    assertNull(letter.error());
    assertNotEquals(null, letter.firstDeadAt());
    assertEquals("delivery_limit@test.crash", deadLetters.groups("test.crash.dlq").get(0).group());
    assertEquals(
        List.of(new ReplayResult.Planned(letter.id(), "warren.commands", "test.crash")),
        deadLetters.replay("test.crash.dlq", Selection.all(), true).plan());
  }

  @Test
  void an_event_is_replayed_only_to_the_subscriber_that_failed() {
    EventType<Order> cooked = new EventType<>("order.cooked", Order.class);
    List<String> billed = new CopyOnWriteArrayList<>();
    List<String> shipped = new CopyOnWriteArrayList<>();
    worker.subscribe("test.billing", cooked, (order, ctx) -> billed.add(order.id()));
    worker.subscribe(
        "test.shipping",
        List.of("order.cooked"),
        Order.class,
        (order, ctx) -> {
          if (broken.get()) {
            throw new ServiceError("no_address", "no address for " + order.id());
          }
          shipped.add(order.id());
        },
        ONE_RETRY);

    sender.publish(cooked, new Order("e1", "soup"));
    awaitDeadLetters("test.shipping", 1);
    broken.set(false);
    ReplayResult plan = deadLetters.replay("test.shipping.dlq", Selection.all(), true);
    assertEquals("", plan.plan().get(0).exchange(), "straight to the failed queue");
    assertEquals("test.shipping", plan.plan().get(0).routingKey());
    deadLetters.replay("test.shipping.dlq", Selection.all(), false);

    waitUntil(Duration.ofSeconds(10), () -> shipped.size() == 1, "shipped after replay");
    assertEquals(List.of("e1"), billed, "the other subscriber did not get it twice");
  }

  @Test
  void an_export_loads_back_as_fixtures_with_the_same_headers_and_bodies() throws Exception {
    CommandEndpoint<Order> endpoint = orders("test.export");
    serve(endpoint);
    sender.send(endpoint, new Order("x1", "refused"));
    garbage("test.export", "{\"half\":");
    awaitDeadLetters("test.export", 2);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(2, deadLetters.export("test.export.dlq", out));
    List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
    OpsFixtures.Run cli = OpsFixtures.cli(broker, "dlq", "export", "test.export.dlq");
    assertEquals(String.join("\n", lines) + "\n", cli.out());

    List<MessageFixtures.Message> fixtures = MessageFixtures.parse(lines, "export");
    List<DeadLetter> original = deadLetters.read("test.export.dlq");
    assertEquals(
        original.stream().map(DeadLetter::body).toList(),
        fixtures.stream().map(MessageFixtures.Message::body).toList());
    assertEquals("warren.commands", fixtures.get(0).exchange());

    // Loaded into another dead-letter queue, they read back the same.
    broker.withChannel(
        ch -> {
          ch.queueDeclare("test.fixture.dlq", true, false, false, Map.of("x-queue-type", "quorum"));
          return null;
        });
    MessageFixtures.publish(broker, fixtures, "", "test.fixture.dlq");
    List<DeadLetter> loaded = deadLetters.read("test.fixture.dlq");
    assertEquals(
        original.stream()
            .map(l -> List.of(l.id(), l.reason(), l.attempts(), l.body(), l.headers()))
            .toList(),
        loaded.stream()
            .map(l -> List.of(l.id(), l.reason(), l.attempts(), l.body(), l.headers()))
            .toList());
  }
}
