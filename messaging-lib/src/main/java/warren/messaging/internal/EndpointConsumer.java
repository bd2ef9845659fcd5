package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.EndpointOptions;
import warren.messaging.WarrenException;

/**
 * Consumes one queue with manual acks: the broker pushes up to {@code prefetch} messages, {@code
 * concurrency} named handler threads process them off the connection's thread, and each is acked
 * only after its processor returned. Thread rules: the channel is used by the dispatch thread
 * (delivery) and the handler threads (ack), which amqp-client serializes.
 */
final class EndpointConsumer {
  private static final Logger log = LoggerFactory.getLogger(EndpointConsumer.class);

  private final String queue;
  private final EndpointOptions options;
  private final BrokerConnection connection;
  private final Processor processor;
  private final ThreadPoolExecutor handlers;
  private final AtomicInteger inHand = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicBoolean restarting = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile Channel channel;
  private volatile String consumerTag;

  EndpointConsumer(
      String service,
      String queue,
      EndpointOptions options,
      BrokerConnection connection,
      Processor processor) {
    this.queue = queue;
    this.options = options;
    this.connection = connection;
    this.processor = processor;
    this.handlers =
        new ThreadPoolExecutor(
            options.concurrency(),
            options.concurrency(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("warren-" + service + "-" + queue + "-", 1).factory());
  }

  void start() {
    try {
      consume();
    } catch (IOException | RuntimeException e) {
      throw new WarrenException(
          "cannot consume " + queue + " on " + connection.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts consuming on the current channel, or on a new one when it is gone. The delivery callback
   * keeps the channel it came from, since a delivery tag is only valid there.
   */
  private synchronized void consume() throws IOException {
    Channel ch = channel != null && channel.isOpen() ? channel : newChannel();
    channel = ch;
    consumerTag =
        ch.basicConsume(
            queue,
            false,
            "warren-"
                + connection.name()
                + "-"
                + queue
                + (restarts.get() == 0 ? "" : "-" + restarts.get()),
            (tag, delivery) -> deliver(ch, delivery),
            tag -> {
              log.warn("consumer of {} cancelled by the broker (queue deleted?)", queue);
              restartLater("the broker cancelled the consumer");
            });
  }

  private Channel newChannel() throws IOException {
    Channel ch = connection.createChannel();
    ch.basicQos(options.prefetch());
    // Automatic recovery restores channels only after a connection failure. A channel closed by
    // a channel-level error (a queue deleted under us, a broker-side precondition) stays closed,
    // and the endpoint would silently stop consuming.
    ch.addShutdownListener(
        cause -> {
          if (!cause.isHardError() && !cause.isInitiatedByApplication()) {
            restartLater("channel closed: " + cause.getMessage());
          }
        });
    return ch;
  }

  /** Consumes again once the queue can be consumed, backing off up to 30 s between tries. */
  private void restartLater(String why) {
    if (stopped || !restarting.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("warren-restart-" + queue)
        .start(
            () -> {
              long delayMs = 500;
              try {
                while (!stopped) {
                  Thread.sleep(delayMs);
                  try {
                    restarts.incrementAndGet();
                    consume();
                    log.info("consuming {} again after: {}", queue, why);
                    return;
                  } catch (IOException | RuntimeException e) {
                    log.warn(
                        "cannot consume {} yet ({}); retrying in {} ms",
                        queue,
                        e.getMessage(),
                        delayMs);
                    delayMs = Math.min(30_000, delayMs * 2);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                restarting.set(false);
              }
            });
  }

  private void deliver(Channel ch, Delivery delivery) {
    inHand.incrementAndGet();
    try {
      handlers.execute(() -> handle(ch, delivery));
    } catch (RejectedExecutionException stopping) {
      inHand.decrementAndGet();
      // Shutting down: not acked, so the broker gives it to another consumer.
    }
  }

  private void handle(Channel ch, Delivery delivery) {
    try {
      Processor.Settle settle = processor.process(new Incoming(queue, delivery));
      long tag = delivery.getEnvelope().getDeliveryTag();
      if (settle == Processor.Settle.ACK) {
        ch.basicAck(tag, false);
      } else {
        ch.basicNack(tag, false, true);
      }
    } catch (IOException | RuntimeException e) {
      // The channel died under us; the broker redelivers the unacked message after recovery.
      log.warn("could not settle a message of {}: {}", queue, e.toString());
    } finally {
      inHand.decrementAndGet();
    }
  }

  /** Stops taking new messages; those already delivered are still handled and acked. */
  void stopTaking() {
    stopped = true;
    try {
      if (channel != null && channel.isOpen() && consumerTag != null) {
        channel.basicCancel(consumerTag);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cancel {}: {}", queue, e.toString());
    }
    handlers.shutdown();
  }

  /** Waits for the handlers in hand, then closes the channel. */
  boolean awaitAndClose(long deadlineNanos) {
    boolean finished;
    try {
      finished =
          handlers.awaitTermination(
              Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      handlers.shutdownNow();
    }
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      log.debug("close {}: {}", queue, e.toString());
    }
    return finished;
  }

  String queue() {
    return queue;
  }

  int inHand() {
    return inHand.get();
  }

  EndpointOptions options() {
    return options;
  }
}
