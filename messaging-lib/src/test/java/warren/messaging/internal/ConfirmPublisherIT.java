package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.NoRouteException;
import warren.messaging.WarrenConfig;
import warren.testkit.IsolatedVhost;

/**
 * The confirming publisher's lanes on the real broker: one channel for one publishing thread,
 * another while the first is busy, every message of many threads at once confirmed, and an
 * unroutable mandatory message reported on whichever lane it took.
 */
class ConfirmPublisherIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final String QUEUE = "lanes.sink";

  private BrokerConnection connection;
  private ConfirmPublisher publisher;

  @BeforeEach
  void start() {
    broker.withChannel(ch -> ch.queueDeclare(QUEUE, true, false, false, null));
    WarrenConfig config =
        WarrenConfig.builder()
            .service("lanes")
            .uri(broker.amqpUri())
            .recoveryInterval(Duration.ofMillis(250))
            .build();
    connection = BrokerConnection.open(config, "publish");
    publisher = new ConfirmPublisher(connection);
  }

  @AfterEach
  void stop() {
    connection.close();
    broker.withChannel(ch -> ch.queueDelete(QUEUE));
  }

  @Test
  void one_publishing_thread_uses_one_lane() throws Exception {
    for (int i = 0; i < 50; i++) {
      publish(QUEUE, "n" + i).get(10, TimeUnit.SECONDS);
    }
    assertEquals(1, publisher.lanesOpen());
    assertEquals(50, broker.queueDepth(QUEUE));
  }

  @Test
  void a_publish_takes_the_next_free_lane_while_the_first_ones_are_busy() throws Exception {
    publish(QUEUE, "first").get(10, TimeUnit.SECONDS);
    for (int busy = 1; busy < Lanes.COUNT; busy++) {
      whileLanesBusy(busy, QUEUE).get(10, TimeUnit.SECONDS);
      assertEquals(busy + 1, publisher.lanesOpen());
    }
    assertEquals(Lanes.COUNT, broker.queueDepth(QUEUE));
  }

  @Test
  void an_unroutable_mandatory_message_fails_with_NoRoute_on_any_lane() throws Exception {
    for (int busy = 0; busy < Lanes.COUNT; busy++) {
      CompletableFuture<Void> confirm = whileLanesBusy(busy, "lanes.nowhere");
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> confirm.get(10, TimeUnit.SECONDS));
      assertInstanceOf(NoRouteException.class, e.getCause(), "lane " + busy);
    }
  }

  @Test
  void many_threads_publishing_at_once_each_get_their_confirms() throws Exception {
    int threads = 16;
    int perThread = 200;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<List<CompletableFuture<Void>>>> publishers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      publishers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                List<CompletableFuture<Void>> confirms = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  confirms.add(publish(QUEUE, "m" + i));
                }
                return confirms;
              },
              r -> Thread.ofPlatform().start(r)));
    }
    go.countDown();
    for (CompletableFuture<List<CompletableFuture<Void>>> p : publishers) {
      for (CompletableFuture<Void> confirm : p.get(30, TimeUnit.SECONDS)) {
        confirm.get(30, TimeUnit.SECONDS);
      }
    }
    assertEquals(0, publisher.inFlight());
    waitUntil(
        Duration.ofSeconds(5),
        () -> broker.queueDepth(QUEUE) == threads * perThread,
        "every message in the queue");
  }

  private CompletableFuture<Void> publish(String routingKey, String text) {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .messageId(UUID.randomUUID().toString())
            .build();
    return publisher.publish("", routingKey, true, props, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Holds the first {@code busy} lanes from this thread while another thread publishes. */
  private CompletableFuture<Void> whileLanesBusy(int busy, String routingKey) throws Exception {
    List<ReentrantLock> held = new ArrayList<>();
    try {
      for (int i = 0; i < busy; i++) {
        ReentrantLock lock = publisher.laneLock(i);
        lock.lock();
        held.add(lock);
      }
      CompletableFuture<CompletableFuture<Void>> made = new CompletableFuture<>();
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  made.complete(publish(routingKey, "while " + busy + " busy"));
                } catch (RuntimeException e) {
                  made.completeExceptionally(e);
                }
              });
      // Would time out if the publish waited for a lane this thread holds.
      return made.get(5, TimeUnit.SECONDS);
    } finally {
      held.forEach(ReentrantLock::unlock);
    }
  }
}
