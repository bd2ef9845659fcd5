package warren.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.testkit.Conditions.waitUntil;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.internal.Processor.Settle;
import warren.testkit.IsolatedVhost;

/**
 * Held acks on the real broker. What a channel had not acked when it closes goes back to the queue,
 * so the queue's depth after the close tells how many acks had been sent.
 */
class HeldAcksIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();

  private static final String QUEUE = "held.acks";
  private static final int PREFETCH = 32; // a quarter: 8 held at most
  private static final int MESSAGES = 10;

  private Connection connection;
  private Channel channel;
  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private final InHand inHand = new InHand();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch timersFree = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    broker.withChannel(ch -> ch.queueDeclare(QUEUE, true, false, false, null));
    for (int i = 1; i <= MESSAGES; i++) {
      broker.publishRaw("", QUEUE, ("m" + i).getBytes(StandardCharsets.UTF_8), null);
      inHand.received();
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(broker.amqpUri());
    connection = factory.newConnection("held-acks-test");
    channel = connection.createChannel();
    channel.basicQos(PREFETCH);
    channel.basicConsume(QUEUE, false, (tag, d) -> deliveries.add(d), tag -> {});
  }

  @AfterEach
  void stop() throws Exception {
    timersFree.countDown();
    timers.shutdownNow();
    connection.close();
    broker.withChannel(ch -> ch.queueDelete(QUEUE));
  }

  @Test
  void acks_wait_until_a_quarter_of_the_prefetch_is_held() throws Exception {
    HeldAcks acks = heldAcksWithStoppedTimer();
    settle(acks, 7, Settle.ACK);
    assertEquals(MESSAGES, depthAfterClose(MESSAGES), "7 acks held: none sent yet");
    assertEquals(MESSAGES, inHand.count());
  }

  @Test
  void the_ack_that_fills_the_quarter_sends_them_all_as_one() throws Exception {
    HeldAcks acks = heldAcksWithStoppedTimer();
    settle(acks, 8, Settle.ACK);
    assertEquals(2, depthAfterClose(2));
    assertEquals(2, inHand.count(), "the 8 acked are settled, the 2 never processed are not");
  }

  @Test
  void held_acks_are_sent_once_the_hold_has_passed() throws Exception {
    HeldAcks acks = new HeldAcks(QUEUE, inHand, PREFETCH, timers);
    settle(acks, 3, Settle.ACK);
    waitUntil(Duration.ofSeconds(5), () -> inHand.count() == MESSAGES - 3);
    assertEquals(MESSAGES - 3, depthAfterClose(MESSAGES - 3));
  }

  @Test
  void flush_sends_the_held_acks_at_once() throws Exception {
    HeldAcks acks = heldAcksWithStoppedTimer();
    settle(acks, 5, Settle.ACK);
    acks.flush();
    assertEquals(MESSAGES - 5, depthAfterClose(MESSAGES - 5));
  }

  @Test
  void a_requeue_first_sends_the_acks_held_before_it() throws Exception {
    HeldAcks acks = heldAcksWithStoppedTimer();
    settle(acks, 2, Settle.ACK);
    settle(acks, 1, Settle.REQUEUE);
    assertEquals(
        MESSAGES - 2, depthAfterClose(MESSAGES - 2), "2 acked, the third back in the queue");
  }

  @Test
  void after_a_delivery_left_unsettled_no_multiple_ack_settles_it() throws Exception {
    HeldAcks acks = heldAcksWithStoppedTimer();
    settle(acks, 1, Settle.ACK);
    Delivery unsettled = deliveries.poll(10, TimeUnit.SECONDS);
    acks.leftUnsettled(channel);
    settle(acks, 3, Settle.ACK);
    acks.flush();
    int depth = depthAfterClose(MESSAGES - 4);
    assertEquals(MESSAGES - 4, depth, "m1, m3, m4, m5 acked; m2 and the rest back");
    Set<String> back = new HashSet<>();
    for (int i = 0; i < depth; i++) {
      back.add(new String(broker.take(QUEUE).getBody(), StandardCharsets.UTF_8));
    }
    assertTrue(
        back.contains(new String(unsettled.getBody(), StandardCharsets.UTF_8)),
        "the unsettled delivery went back to the queue: " + back);
  }

  /** Held acks whose timer cannot run until the test ends, so only counts and flushes send. */
  private HeldAcks heldAcksWithStoppedTimer() {
    timers.execute(
        () -> {
          try {
            timersFree.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return new HeldAcks(QUEUE, inHand, PREFETCH, timers);
  }

  private void settle(HeldAcks acks, int count, Settle settle) throws InterruptedException {
    List<Delivery> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Delivery d = deliveries.poll(10, TimeUnit.SECONDS);
      assertTrue(d != null, "delivery " + (i + 1) + " of " + count + " arrived");
      taken.add(d);
    }
    for (Delivery d : taken) {
      acks.settle(channel, d.getEnvelope().getDeliveryTag(), settle);
    }
  }

  /**
   * Closes the consuming channel, and returns the queue's depth once the broker has put back what
   * the channel had not acked (it does so after the close returns), or after 5 s.
   */
  private int depthAfterClose(int expected) throws Exception {
    channel.close();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int depth;
    while ((depth = broker.queueDepth(QUEUE)) != expected && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return depth;
  }
}
