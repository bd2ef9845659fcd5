package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static warren.messaging.Fixtures.ECHO;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.messaging.Fixtures.Job;
import warren.testkit.IsolatedVhost;

class RecoveryIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final RpcEndpoint<Echo, Echoed> REJOINED =
      new RpcEndpoint<>("test.rejoined", Echo.class, Echoed.class);

  @Test
  void calls_fail_fast_while_the_connection_is_down_then_work_again_after_recovery() {
    try (Warren server = Fixtures.connect(broker, "test");
        Warren client = Fixtures.connect(broker, "caller")) {
      server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      assertEquals("before", client.call(ECHO, new Echo("before")).text());

      broker.closeConnections(6);
      waitUntil(Duration.ofSeconds(5), () -> !client.health().ready(), "the client to notice");

      int unavailable = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        long start = System.nanoTime();
        try {
          assertEquals("after", client.call(ECHO, new Echo("after"), Duration.ofSeconds(5)).text());
          break;
        } catch (BrokerUnavailableException e) {
          unavailable++;
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(ms < 1_000, "failing took " + ms + " ms; it must not wait for the deadline");
        } catch (DeadlineExceededException e) {
          // the server was not back within the deadline (a loaded machine); try again
        }
        if (System.nanoTime() > end) {
          fail("no recovery within 20 s");
        }
        sleep(50);
      }
      assertTrue(unavailable > 0, "the outage must have been seen as BrokerUnavailable");
      // The call needs only the publishing connection; the consuming one may still be recovering.
      waitUntil(Duration.ofSeconds(10), () -> client.health().ready(), "the client to be ready");
    }
  }

  @Test
  void a_reply_waits_for_the_servers_publishing_connection_instead_of_being_dropped() {
    try (Warren server =
            Warren.connect(
                Fixtures.config(broker, "test").recoveryInterval(Duration.ofSeconds(2)).build());
        Warren client = Fixtures.connect(broker, "caller")) {
      server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      assertEquals("before", client.call(ECHO, new Echo("before")).text());
      String publish = "test@" + server.config().instance() + "/publish";

      // The server's consuming connection stays up, so it takes the request at once; its reply
      // goes out on the publishing connection, which is back about 2 s later.
      assertEquals(1, broker.closeConnectionsOf(publish, 1), "only the publishing connection");
      waitUntil(
          Duration.ofSeconds(5),
          () -> "RECOVERING".equals(server.health().connections().get("publish")),
          "the server to notice");
      long start = System.nanoTime();
      assertEquals("during", client.call(ECHO, new Echo("during"), Duration.ofSeconds(10)).text());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms > 200, "answered in " + ms + " ms: the reply did not wait for the recovery");
    }
  }

  @Test
  void consumers_resume_after_the_broker_closed_their_connection() {
    List<Job> seen = new CopyOnWriteArrayList<>();
    try (Warren worker = Fixtures.connect(broker, "test");
        Warren sender = Fixtures.connect(broker, "sender")) {
      worker.consume(JOBS, (job, ctx) -> seen.add(job));

      broker.closeConnections(6);
      waitUntil(
          Duration.ofSeconds(5),
          () -> !worker.health().ready() && !sender.health().ready(),
          "both to notice");
      waitUntil(
          Duration.ofSeconds(20),
          () -> worker.health().ready() && sender.health().ready(),
          "both to reconnect");
      sender.send(JOBS, new Job("2", "after"));

      waitUntil(Duration.ofSeconds(10), () -> seen.size() == 1, "the consumer to resume");
    }
  }

  @Test
  void sends_fail_fast_while_the_confirm_connection_is_down_and_calls_go_on() {
    List<Job> seen = new CopyOnWriteArrayList<>();
    try (Warren worker = Fixtures.connect(broker, "test");
        Warren sender =
            Warren.connect(
                Fixtures.config(broker, "sender")
                    .recoveryInterval(Duration.ofSeconds(3))
                    .build())) {
      worker.consume(JOBS, (job, ctx) -> seen.add(job));
      worker.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      sender.send(JOBS, new Job("1", "before"));
      String confirm = sender.config().service() + "@" + sender.config().instance() + "/confirm";

      assertEquals(1, broker.closeConnectionsOf(confirm, 1), "only the confirm connection");
      waitUntil(Duration.ofSeconds(5), () -> !sender.health().ready(), "the sender to notice");
      assertEquals("RECOVERING", sender.health().connections().get("confirm"));
      assertEquals("UP", sender.health().connections().get("publish"));

      long start = System.nanoTime();
      try {
        sender.send(JOBS, new Job("2", "during"));
        fail("a send while its connection is down must fail");
      } catch (BrokerUnavailableException e) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 1_000, "failing took " + ms + " ms; it must not wait for a confirm");
      }
      assertEquals("during", sender.call(ECHO, new Echo("during")).text(), "calls go on");

      waitUntil(Duration.ofSeconds(20), () -> sender.health().ready(), "the sender to recover");
      sender.send(JOBS, new Job("3", "after"));
      waitUntil(Duration.ofSeconds(10), () -> seen.size() == 2, "both sent commands consumed");
      assertEquals(List.of("1", "3"), seen.stream().map(Job::id).sorted().toList());
    }
  }

  @Test
  void closing_stops_the_io_thread_of_the_confirm_connection() {
    Warren warren = Fixtures.connect(broker, "closing");
    String io = "warren-closing@" + warren.config().instance() + "-confirm-io";
    warren.send(JOBS, new Job("1", "x"));
    assertTrue(threadsNamed(io) > 0, "queued writes have an I/O thread, " + io);
    warren.close();
    waitUntil(Duration.ofSeconds(5), () -> threadsNamed(io) == 0, "the I/O thread to end");
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void a_broker_outage_does_not_leave_the_circuit_open_afterwards() {
    Warren client =
        Warren.connect(
            Fixtures.config(broker, "strict-caller")
                .circuitBreaker(
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindowSize(1)
                        .minimumNumberOfCalls(1)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(60))
                        .build())
                .build());
    try (Warren server = Fixtures.connect(broker, "test")) {
      server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ""));
      broker.closeConnections(6);
      waitUntil(Duration.ofSeconds(5), () -> !client.health().ready(), "the client to notice");
      int unavailable = 0;
      for (int i = 0; i < 10 && !client.health().ready(); i++) {
        try {
          client.call(ECHO, new Echo("during"), Duration.ofSeconds(2));
        } catch (BrokerUnavailableException e) {
          unavailable++;
        } catch (DeadlineExceededException e) {
          // recovered between the check and the call; the server may not consume yet
        }
      }
      waitUntil(
          Duration.ofSeconds(20),
          () -> client.health().ready() && server.health().ready(),
          "both to reconnect");
      assertTrue(unavailable >= 1, "the outage must have been seen as BrokerUnavailable");
      // One failure counted would open this circuit for 60 s.
      Echoed after = null;
      for (int i = 0; i < 20 && after == null; i++) {
        try {
          after = client.call(ECHO, new Echo("after"), Duration.ofSeconds(2));
        } catch (DeadlineExceededException e) {
          sleep(100);
        }
      }
      assertEquals("after", after == null ? null : after.text());
    } finally {
      client.close();
    }
  }

  @Test
  void a_consumer_whose_queue_was_deleted_consumes_again_once_the_queue_is_back() {
    // An RPC queue: classic queues cancel their consumers when deleted (RabbitMQ 3.10's quorum
    // queues did not always send the cancel in our runs, leaving nothing for a client to act on).
    try (Warren server = Fixtures.connect(broker, "test");
        Warren client = Fixtures.connect(broker, "caller")) {
      server.serve(REJOINED, (req, ctx) -> new Echoed(req.text(), "first"));
      broker.withChannel(ch -> ch.queueDelete(REJOINED.name()));
      // An operator (or `./warren topology apply`) declares the queue again.
      try (Warren declarer = Fixtures.connect(broker, "test")) {
        declarer.serve(REJOINED, (req, ctx) -> new Echoed(req.text(), "declarer"));
      }
      waitUntil(
          Duration.ofSeconds(20),
          // An idle endpoint consumes on one channel; more open only as its handlers get busy.
          () -> consumers(REJOINED.name()) == 1,
          "the first server to consume the queue again");

      assertEquals("first", client.call(REJOINED, new Echo("back")).by());
    }
  }

  private static int consumers(String queue) {
    return broker.withChannel(ch -> ch.queueDeclarePassive(queue).getConsumerCount());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
