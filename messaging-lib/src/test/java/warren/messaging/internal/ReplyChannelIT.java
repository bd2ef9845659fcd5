package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.RpcEndpoint;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.WarrenException;
import warren.testkit.IsolatedVhost;

/**
 * The caller's reply lanes on the real broker: one lane for one calling thread, another lane when
 * the first is busy, each reply back to its own call from many threads at once, and every lane
 * working again after the broker dropped the connection.
 */
class ReplyChannelIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  record Msg(String text) {}

  private static final RpcEndpoint<Msg, Msg> ECHO =
      new RpcEndpoint<>("lanes.echo", Msg.class, Msg.class);

  private final Json json = new Json();
  private final AtomicLong ids = new AtomicLong();
  private final CountDownLatch release = new CountDownLatch(1);
  private Warren server;
  private BrokerConnection connection;
  private ReplyChannel replies;
  private ScheduledExecutorService timers;

  @BeforeEach
  void start() {
    WarrenConfig config =
        WarrenConfig.builder()
            .service("lanes")
            .uri(broker.amqpUri())
            .recoveryInterval(Duration.ofMillis(250))
            .shutdownTimeout(Duration.ofSeconds(1))
            .build();
    server = Warren.connect(config);
    server.serve(
        ECHO,
        (request, context) -> {
          if (request.text().equals("hold")) {
            release.await(20, TimeUnit.SECONDS);
          }
          return request;
        });
    connection = BrokerConnection.open(config, "caller");
    timers = Executors.newSingleThreadScheduledExecutor();
    replies = new ReplyChannel(connection, timers);
  }

  @AfterEach
  void stop() {
    release.countDown();
    connection.close();
    server.close();
    timers.shutdownNow();
  }

  @Test
  void a_call_past_its_deadline_is_dropped_by_the_sweep_and_its_late_reply_ignored()
      throws Exception {
    CompletableFuture<String> expired = new CompletableFuture<>();
    AtomicLong lateReplies = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    replies.request(
        AmqpCaller.RPC_EXCHANGE,
        ECHO.name(),
        new AMQP.BasicProperties.Builder()
            .correlationId("late")
            .replyTo(ReplyChannel.DIRECT_REPLY_TO)
            .build(),
        json.write(new Msg("hold")),
        new ReplyChannel.Waiter() {
          @Override
          public boolean onReply(AMQP.BasicProperties replyProps, byte[] body) {
            lateReplies.incrementAndGet();
            return true;
          }

          @Override
          public void onFailure(WarrenException failure) {
            expired.completeExceptionally(failure);
          }

          @Override
          public long deadlineNanos() {
            return deadline;
          }

          @Override
          public void onDeadline() {
            expired.complete(
                "deadline after " + (System.nanoTime() - deadline) / 1_000_000 + " ms");
          }
        });

    String outcome = expired.get(5, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - deadline >= 0, outcome);
    assertEquals(0, replies.inFlight(), "the expired waiter is dropped");
    release.countDown(); // the handler answers now, after the caller gave up
    assertEquals("after", call("after").get(10, TimeUnit.SECONDS));
    assertEquals(0, lateReplies.get(), "a reply after the deadline reaches nobody");
  }

  @Test
  void one_calling_thread_uses_one_lane() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertEquals("n" + i, call("n" + i).get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, replies.lanesOpen());
  }

  @Test
  void a_call_takes_the_next_free_lane_while_the_first_ones_are_busy() throws Exception {
    assertEquals("first", call("first").get(10, TimeUnit.SECONDS));
    for (int busy = 1; busy < Lanes.COUNT; busy++) {
      String text = "with " + busy + " busy";
      assertEquals(text, whileLanesBusy(busy, text).get(10, TimeUnit.SECONDS));
      assertEquals(busy + 1, replies.lanesOpen());
    }
  }

  @Test
  void many_threads_calling_at_once_each_get_their_own_reply() throws Exception {
    int threads = 16;
    int perThread = 200;
    List<CompletableFuture<List<String>>> callers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      callers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  List<CompletableFuture<String>> calls = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    calls.add(call(prefix + i));
                  }
                  List<String> got = new ArrayList<>();
                  for (CompletableFuture<String> c : calls) {
                    got.add(c.get(20, TimeUnit.SECONDS));
                  }
                  return got;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              r -> Thread.ofPlatform().start(r)));
    }
    go.countDown();
    for (int t = 0; t < threads; t++) {
      List<String> got = callers.get(t).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < perThread; i++) {
        assertEquals("t" + t + "-" + i, got.get(i));
      }
    }
    // A waiter is dropped just after its call completed, on the dispatch thread.
    waitUntil(Duration.ofSeconds(5), () -> replies.inFlight() == 0, "every waiter to be dropped");
  }

  @Test
  void every_lane_answers_again_after_the_connection_was_lost() throws Exception {
    for (int busy = 0; busy < Lanes.COUNT; busy++) {
      assertEquals("before", whileLanesBusy(busy, "before").get(10, TimeUnit.SECONDS));
    }
    assertEquals(Lanes.COUNT, replies.lanesOpen());
    // A call in flight on a lane other than the first when the connection goes.
    CompletableFuture<String> held = whileLanesBusy(1, "hold");
    waitUntil(Duration.ofSeconds(5), () -> replies.inFlight() == 1, "the held call to be out");

    broker.closeConnections(4);

    ExecutionException lost =
        assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
    assertInstanceOf(BrokerUnavailableException.class, lost.getCause());
    release.countDown();
    waitUntil(
        Duration.ofSeconds(20),
        () -> connection.state() == BrokerConnection.State.UP,
        "the caller's connection to recover");
    for (int busy = 0; busy < Lanes.COUNT; busy++) {
      assertEquals("after", untilAnswered(busy, "after"), "lane " + busy);
    }
    assertEquals(Lanes.COUNT, replies.lanesOpen(), "recovered lanes, not new ones");
  }

  /** Calls again until answered: the server's consumer may still be recovering. */
  private String untilAnswered(int busy, String text) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return whileLanesBusy(busy, text).get(2, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        if (System.nanoTime() > end) {
          fail("lane " + busy + " gave no answer within 20 s after recovery: " + e);
        }
      }
    }
  }

  /** Holds the first {@code busy} lanes from this thread while another thread makes the call. */
  private CompletableFuture<String> whileLanesBusy(int busy, String text) throws Exception {
    List<ReentrantLock> held = new ArrayList<>();
    try {
      for (int i = 0; i < busy; i++) {
        ReentrantLock lock = replies.laneLock(i);
        lock.lock();
        held.add(lock);
      }
      CompletableFuture<CompletableFuture<String>> made = new CompletableFuture<>();
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  made.complete(call(text));
                } catch (RuntimeException e) {
                  made.completeExceptionally(e);
                }
              });
      // Would time out if the call waited for a lane this thread holds.
      return made.get(5, TimeUnit.SECONDS);
    } finally {
      held.forEach(ReentrantLock::unlock);
    }
  }

  private CompletableFuture<String> call(String text) {
    CompletableFuture<String> reply = new CompletableFuture<>();
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .correlationId("c" + ids.incrementAndGet())
            .replyTo(ReplyChannel.DIRECT_REPLY_TO)
            .expiration("20000")
            .build();
    replies.request(
        AmqpCaller.RPC_EXCHANGE,
        ECHO.name(),
        props,
        json.write(new Msg(text)),
        new ReplyChannel.Waiter() {
          @Override
          public boolean onReply(AMQP.BasicProperties replyProps, byte[] body) {
            reply.complete(json.read(body, Msg.class).text());
            return true;
          }

          @Override
          public void onFailure(WarrenException failure) {
            reply.completeExceptionally(failure);
          }
        });
    return reply;
  }
}
