package warren.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.messaging.Fixtures.ECHO;
import static warren.testkit.Conditions.waitUntil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Fixtures.Echo;
import warren.messaging.Fixtures.Echoed;
import warren.testkit.IsolatedVhost;

class RpcIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private Warren server;
  private Warren client;

  @BeforeEach
  void connect() {
    server = Fixtures.connect(broker, "test");
    client = Fixtures.connect(broker, "caller");
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void a_call_gets_the_handlers_reply() {
    server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), ctx.endpoint()));

    Echoed reply = client.call(ECHO, new Echo("hello"));

    assertEquals(new Echoed("hello", "test.echo"), reply);
  }

  @Test
  void an_endpoint_runs_as_many_handlers_at_once_as_its_concurrency() {
    // Each handler runs on its own channel's dispatch thread: more handlers than amqp-client's
    // default work pool (2 threads per core) must still all be running at the same time.
    int concurrency = 2 * Runtime.getRuntime().availableProcessors() + 4;
    CountDownLatch allIn = new CountDownLatch(concurrency);
    server.serve(
        ECHO,
        (req, ctx) -> {
          allIn.countDown();
          if (!allIn.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + allIn.getCount() + " handlers short");
          }
          return new Echoed(req.text(), Thread.currentThread().getName());
        },
        EndpointOptions.defaults().prefetch(concurrency).concurrency(concurrency));
    List<CompletableFuture<Echoed>> calls = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      calls.add(client.callAsync(ECHO, new Echo("n" + i), Duration.ofSeconds(20)));
    }
    java.util.Set<String> threads = new java.util.HashSet<>();
    for (int i = 0; i < concurrency; i++) {
      threads.add(calls.get(i).join().by());
    }
    assertEquals(concurrency, threads.size(), "one thread per handler in hand: " + threads);
    assertEquals(concurrency, consumers(ECHO.name()), "a channel opened for each busy handler");
  }

  @Test
  void a_slow_handler_opens_channels_for_the_calls_behind_it() {
    server.serve(
        ECHO,
        (req, ctx) -> {
          Thread.sleep(200);
          return new Echoed(req.text(), Thread.currentThread().getName());
        },
        EndpointOptions.defaults().prefetch(4).concurrency(4));
    // Each of the four channels may hold one: the first call takes the only open one, and the
    // channels opened while it sleeps take the others, so all four end in about one sleep, not
    // four.
    long start = System.nanoTime();
    List<CompletableFuture<Echoed>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(client.callAsync(ECHO, new Echo("n" + i), Duration.ofSeconds(10)));
    }
    java.util.Set<String> threads = new java.util.HashSet<>();
    calls.forEach(c -> threads.add(c.join().by()));

    assertEquals(4, threads.size(), "four channels' threads: " + threads);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis < 700, "four 200 ms calls took " + millis + " ms");
    assertEquals(4, consumers(ECHO.name()));
    // Quiet now: the channels close again, the last opened first, one a second or so.
    waitUntil(Duration.ofSeconds(10), () -> consumers(ECHO.name()) == 1, "back to one channel");
    assertEquals("again", client.call(ECHO, new Echo("again"), Duration.ofSeconds(5)).text());
  }

  private static int consumers(String queue) {
    return broker.withChannel(ch -> ch.queueDeclarePassive(queue).getConsumerCount());
  }

  @Test
  void many_calls_in_flight_on_one_connection_each_get_their_own_reply() {
    server.serve(ECHO, (req, ctx) -> new Echoed(req.text(), "s"), EndpointOptions.defaults());
    List<CompletableFuture<Echoed>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(client.callAsync(ECHO, new Echo("n" + i)));
    }
    for (int i = 0; i < 200; i++) {
      assertEquals("n" + i, calls.get(i).join().text());
    }
  }

  @Test
  void a_service_error_reaches_the_caller_with_its_code_and_message() {
    server.serve(
        ECHO,
        (req, ctx) -> {
          throw new ServiceError("username_taken", "ada is taken");
        });

    RemoteException e = assertThrows(RemoteException.class, () -> client.call(ECHO, new Echo("x")));

    assertEquals("username_taken", e.code());
    assertEquals("ada is taken", e.remoteMessage());
  }

  @Test
  void an_unexpected_handler_exception_reaches_the_caller_as_internal_with_its_type() {
    server.serve(
        ECHO,
        (req, ctx) -> {
          throw new IllegalStateException("disk on fire");
        });

    RemoteException e = assertThrows(RemoteException.class, () -> client.call(ECHO, new Echo("x")));

    assertEquals("internal", e.code());
    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
  }

  @Test
  void a_call_to_an_endpoint_nobody_declared_fails_with_NoRoute() {
    RpcEndpoint<Echo, Echoed> nowhere = new RpcEndpoint<>("test.nowhere", Echo.class, Echoed.class);
    long start = System.nanoTime();

    assertThrows(NoRouteException.class, () -> client.call(nowhere, new Echo("x")));

    assertTrue(elapsedMs(start) < 2_000, "no-route must not wait for the deadline");
  }

  @Test
  void a_call_whose_queue_has_no_consumer_fails_after_its_deadline_saying_so() {
    server.serve(ECHO, (req, ctx) -> new Echoed("", ""));
    server.close(); // the queue stays, its consumer is gone
    long start = System.nanoTime();

    DeadlineExceededException e =
        assertThrows(
            DeadlineExceededException.class,
            () -> client.call(ECHO, new Echo("x"), Duration.ofMillis(300)));

    assertInstanceOf(NoConsumerException.class, e);
    assertTrue(elapsedMs(start) >= 300);
    assertTrue(e.getMessage().contains("deadline of 300 ms"), e.getMessage());
  }

  @Test
  void a_worker_skips_a_request_whose_deadline_passed_while_it_waited_in_the_queue()
      throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    server.serve(
        ECHO,
        (req, ctx) -> {
          handled.incrementAndGet();
          if (req.text().equals("slow")) {
            busy.await(5, TimeUnit.SECONDS);
          }
          return new Echoed(req.text(), "");
        },
        EndpointOptions.defaults().prefetch(1).concurrency(1));
    CompletableFuture<Echoed> slow =
        client.callAsync(ECHO, new Echo("slow"), Duration.ofSeconds(5));
    Conditions.waitForCount(handled, 1);
    CompletableFuture<Echoed> late =
        client.callAsync(ECHO, new Echo("late"), Duration.ofMillis(200));

    assertThrows(Exception.class, late::join);
    busy.countDown();
    slow.join();
    Thread.sleep(300); // give the worker time to see (and skip) the expired request

    assertEquals(1, handled.get(), "the expired request must not reach the handler");
  }

  @Test
  void the_circuit_opens_after_repeated_failures_and_calls_then_fail_at_once() {
    Warren strict =
        Warren.connect(
            Fixtures.config(broker, "strict")
                .circuitBreaker(
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .build())
                .build());
    try {
      RpcEndpoint<Echo, Echoed> nowhere =
          new RpcEndpoint<>("test.nowhere", Echo.class, Echoed.class);
      for (int i = 0; i < 4; i++) {
        assertThrows(NoRouteException.class, () -> strict.call(nowhere, new Echo("x")));
      }
      assertThrows(CircuitOpenException.class, () -> strict.call(nowhere, new Echo("x")));
    } finally {
      strict.close();
    }
  }

  private static long elapsedMs(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
