package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.NoRouteException;
import warren.messaging.WarrenConfig;
import warren.testkit.IsolatedVhost;

/**
 * The confirming publisher on the real broker: every message confirmed, of one thread or many at
 * once on its one channel, and an unroutable mandatory message reported without closing it.
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
  void one_publishing_thread_gets_every_publish_confirmed() throws Exception {
    for (int i = 0; i < 50; i++) {
      publish(QUEUE, "n" + i).get(10, TimeUnit.SECONDS);
    }
    assertEquals(1, publisher.lanesOpen());
    assertEquals(50, broker.queueDepth(QUEUE));
  }

  @Test
  void an_unroutable_mandatory_message_fails_with_NoRoute() throws Exception {
    CompletableFuture<Void> confirm = publish("lanes.nowhere", "lost");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> confirm.get(10, TimeUnit.SECONDS));
    assertInstanceOf(NoRouteException.class, e.getCause());
    publish(QUEUE, "after").get(10, TimeUnit.SECONDS);
    assertEquals(1, broker.queueDepth(QUEUE), "the channel still publishes");
  }

  @Test
  void many_threads_publishing_at_once_each_get_their_confirms() throws Exception {
    int threads = 16;
    int perThread = 200;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<List<CompletableFuture<Void>>>> publishers =
        onThreads(
            threads,
            go,
            () -> {
              List<CompletableFuture<Void>> confirms = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                confirms.add(publish(QUEUE, "m" + i));
              }
              return confirms;
            });
    go.countDown();
    for (CompletableFuture<List<CompletableFuture<Void>>> p : publishers) {
      for (CompletableFuture<Void> confirm : p.get(30, TimeUnit.SECONDS)) {
        confirm.get(30, TimeUnit.SECONDS);
      }
    }
    assertEquals(0, publisher.inFlight());
    assertEquals(1, publisher.lanesOpen(), "one channel for every thread");
    waitUntil(
        Duration.ofSeconds(5),
        () -> broker.queueDepth(QUEUE) == threads * perThread,
        "every message in the queue");
  }

  @Test
  void a_threads_messages_keep_their_order_while_others_publish_at_once() throws Exception {
    int others = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Object>> noise =
        onThreads(
            others,
            go,
            () -> {
              for (int i = 0; i < 200; i++) {
                publish(QUEUE, "other").get(30, TimeUnit.SECONDS);
              }
              return null;
            });
    go.countDown();
    List<CompletableFuture<Void>> mine = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      mine.add(publish(QUEUE, "mine-" + i));
    }
    for (CompletableFuture<Void> confirm : mine) {
      confirm.get(30, TimeUnit.SECONDS);
    }
    for (CompletableFuture<Object> n : noise) {
      n.get(30, TimeUnit.SECONDS);
    }

    List<Integer> order =
        broker.withChannel(
            ch -> {
              List<Integer> seen = new ArrayList<>();
              GetResponse message;
              while ((message = ch.basicGet(QUEUE, true)) != null) {
                String text = new String(message.getBody(), StandardCharsets.UTF_8);
                if (text.startsWith("mine-")) {
                  seen.add(Integer.parseInt(text.substring(5)));
                }
              }
              return seen;
            });
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      expected.add(i);
    }
    assertEquals(expected, order);
  }

  /** Runs {@code work} on {@code threads} platform threads, each once {@code go} opens. */
  private static <T> List<CompletableFuture<T>> onThreads(
      int threads, CountDownLatch go, Callable<T> work) {
    List<CompletableFuture<T>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  return work.call();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              r -> Thread.ofPlatform().start(r)));
    }
    return results;
  }

  private CompletableFuture<Void> publish(String routingKey, String text) {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .messageId(UUID.randomUUID().toString())
            .build();
    return publisher.publish("", routingKey, true, props, text.getBytes(StandardCharsets.UTF_8));
  }
}
