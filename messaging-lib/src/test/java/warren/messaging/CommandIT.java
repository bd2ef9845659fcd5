package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.JOBS;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Job;
import warren.messaging.internal.Headers;
import warren.testkit.IsolatedVhost;

class CommandIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final EndpointOptions QUICK_RETRY =
      EndpointOptions.defaults()
          .retry(RetryPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(1)));

  private Warren worker;
  private Warren sender;

  @BeforeEach
  void connect() {
    worker = Fixtures.connect(broker, "test");
    sender = Fixtures.connect(broker, "sender");
  }

  @AfterEach
  void close() {
    sender.close();
    worker.close();
    Fixtures.purgeJobs(broker);
  }

  @Test
  void a_sent_command_is_confirmed_then_handled_once() {
    List<Job> seen = new CopyOnWriteArrayList<>();
    List<Map<String, Object>> headers = new CopyOnWriteArrayList<>();
    worker.consume(
        JOBS,
        (job, ctx) -> {
          seen.add(job);
          headers.add(ctx.headers());
        });

    String id = sender.send(JOBS, new Job("1", "hello"));

    assertNotNull(id);
    waitUntil(Duration.ofSeconds(5), () -> seen.size() == 1);
    assertEquals(new Job("1", "hello"), seen.get(0));
    assertEquals(Map.of(), headers.get(0), "no trace, no hooks: no header (the sender is app_id)");
  }

  @Test
  void a_command_nobody_consumes_fails_with_NoRoute_instead_of_vanishing() {
    CommandEndpoint<Job> nowhere = new CommandEndpoint<>("test.nowhere", Job.class);

    assertThrows(NoRouteException.class, () -> sender.send(nowhere, new Job("1", "x")));
  }

  @Test
  void a_failing_command_is_retried_with_its_attempt_counted_then_dead_lettered_with_why() {
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> seenAttempts = new CopyOnWriteArrayList<>();
    worker.consume(
        JOBS,
        (job, ctx) -> {
          attempts.incrementAndGet();
          seenAttempts.add(ctx.attempt());
          throw new IllegalStateException("always fails: " + "x".repeat(10_000));
        },
        QUICK_RETRY);

    String id = sender.send(JOBS, new Job("1", "boom"));

    waitUntil(Duration.ofSeconds(15), () -> broker.queueDepth("test.jobs.dlq") == 1, "dead letter");
    assertEquals(List.of(1, 2, 3), seenAttempts);
    GetResponse dead = broker.take("test.jobs.dlq");
    Map<String, Object> h = dead.getProps().getHeaders();
    assertEquals(id, dead.getProps().getMessageId());
    assertEquals("sender", dead.getProps().getAppId(), "the sending service, kept on the copy");
    assertEquals("sender", Headers.string(h, Headers.SENT_BY), "and shown to the ops views");
    assertEquals("failed", Headers.string(h, Headers.REASON));
    assertEquals(3L, Headers.number(h, Headers.ATTEMPT, -1));
    assertEquals("warren.commands", Headers.string(h, Headers.ORIGINAL_EXCHANGE));
    assertEquals("test.jobs", Headers.string(h, Headers.ORIGINAL_ROUTING_KEY));
    assertEquals(IllegalStateException.class.getName(), Headers.string(h, Headers.ERROR_CLASS));
    String error = Headers.string(h, Headers.ERROR_MESSAGE);
    assertTrue(error.length() < 2_100, "error text is capped, was " + error.length());
    assertTrue(error.endsWith("truncated)"), error.substring(error.length() - 40));
  }

  @Test
  void an_unreadable_message_goes_straight_to_its_dead_letter_queue() {
    AtomicInteger handled = new AtomicInteger();
    worker.consume(JOBS, (job, ctx) -> handled.incrementAndGet(), QUICK_RETRY);

    broker.publishRaw(
        "warren.commands", "test.jobs", "not json {".getBytes(StandardCharsets.UTF_8), Map.of());
    broker.publishRaw(
        "warren.commands",
        "test.jobs",
        "{\"wrong\":\"shape\"}".getBytes(StandardCharsets.UTF_8),
        Map.of());

    waitUntil(
        Duration.ofSeconds(5), () -> broker.queueDepth("test.jobs.dlq") == 2, "2 dead letters");
    assertEquals(0, handled.get());
    GetResponse dead = broker.take("test.jobs.dlq");
    assertEquals("unreadable", Headers.string(dead.getProps().getHeaders(), Headers.REASON));
    assertEquals(1L, Headers.number(dead.getProps().getHeaders(), Headers.ATTEMPT, -1));
  }

  @Test
  void a_service_error_is_dead_lettered_at_once_as_rejected() {
    worker.consume(
        JOBS,
        (job, ctx) -> {
          throw new ServiceError("invalid_follow", "cannot follow yourself");
        },
        QUICK_RETRY);

    sender.send(JOBS, new Job("1", "self"));

    waitUntil(Duration.ofSeconds(5), () -> broker.queueDepth("test.jobs.dlq") == 1);
    GetResponse dead = broker.take("test.jobs.dlq");
    assertEquals("rejected", Headers.string(dead.getProps().getHeaders(), Headers.REASON));
    assertEquals(
        "invalid_follow", Headers.string(dead.getProps().getHeaders(), Headers.ERROR_CODE));
  }

  @Test
  void a_poison_message_does_not_block_the_messages_behind_it() {
    List<String> done = new CopyOnWriteArrayList<>();
    worker.consume(
        JOBS,
        (job, ctx) -> {
          if (job.payload().equals("poison")) {
            throw new IllegalStateException("poison");
          }
          done.add(job.id());
        },
        EndpointOptions.defaults()
            .prefetch(1)
            .concurrency(1)
            .retry(RetryPolicy.of(Duration.ofSeconds(5))));

    sender.send(JOBS, new Job("p", "poison"));
    for (int i = 0; i < 20; i++) {
      sender.send(JOBS, new Job("g" + i, "good"));
    }

    // All 20 good ones finish while the poison one waits out its 5 s retry delay.
    waitUntil(Duration.ofSeconds(4), () -> done.size() == 20, "good messages past the poison one");
  }
}
