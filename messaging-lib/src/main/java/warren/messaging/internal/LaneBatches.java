package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch side of one {@link EndpointConsumer} channel: its dispatch thread only queues each
 * delivery, and a thread of this lane's own takes whatever is waiting, up to {@code maxBatch}
 * without waiting for more, processes it with {@link BatchProcessor#processAll} and settles it (one
 * multiple ack when every message is to be acked).
 *
 * <p>A delivery keeps the channel it came on, since a delivery tag is valid only there: after a
 * channel is replaced, the queue can hold deliveries of both, and each run is settled on its own.
 */
final class LaneBatches {
  private static final Logger log = LoggerFactory.getLogger(LaneBatches.class);

  private record Waiting(Channel channel, Delivery delivery) {}

  private final String queue;
  private final BatchProcessor processor;
  private final int maxBatch;
  private final InHand inHand;
  private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the lane's batch thread. Once {@code inHand} says the consumer stopped, what is queued
   * is left unacked, for the broker to deliver again.
   */
  LaneBatches(String threadName, String queue, BatchProcessor processor, InHand inHand) {
    this.queue = queue;
    this.processor = processor;
    this.maxBatch = processor.maxBatch();
    this.inHand = inHand;
    this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
  }

  /** Queues a delivery; called on the channel's dispatch thread. */
  void add(Channel channel, Delivery delivery) {
    waiting.add(new Waiting(channel, delivery));
  }

  /** Stops the batch thread, interrupting the batch it may be handling. */
  void close() {
    closed = true;
    thread.interrupt();
  }

  /** Takes what is waiting (blocking only for the first) and handles it in runs of one channel. */
  private void run() {
    List<Waiting> taken = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        taken.add(waiting.take());
      } catch (InterruptedException e) {
        continue; // closing, or a drain that ran out of time interrupted the handler
      }
      waiting.drainTo(taken, maxBatch - 1);
      int from = 0;
      while (from < taken.size()) {
        Channel ch = taken.get(from).channel();
        int to = from + 1;
        while (to < taken.size() && taken.get(to).channel() == ch) {
          to++;
        }
        handle(ch, taken.subList(from, to));
        from = to;
      }
      taken.clear();
    }
  }

  /** Processes one batch and settles it on its channel. */
  private void handle(Channel ch, List<Waiting> batch) {
    // Draining, or the channel is gone: not acked, so the broker delivers them again.
    if (inHand.stopped() || !ch.isOpen()) {
      inHand.settled(batch.size());
      return;
    }
    inHand.handling();
    try {
      List<Incoming> incoming = new ArrayList<>(batch.size());
      for (Waiting w : batch) {
        incoming.add(new Incoming(queue, w.delivery()));
      }
      List<Processor.Settle> settles = processor.processAll(incoming, inHand::stopped);
      if (settles.stream().allMatch(s -> s == Processor.Settle.ACK)) {
        ch.basicAck(tagOf(batch.get(batch.size() - 1)), true);
      } else {
        for (int i = 0; i < batch.size(); i++) {
          settles.get(i).on(ch, tagOf(batch.get(i)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // The channel died under us; the broker redelivers the unacked messages after recovery.
      log.warn("could not settle {} messages of {}: {}", batch.size(), queue, e.toString());
    } finally {
      inHand.handled();
      inHand.settled(batch.size());
    }
  }

  private static long tagOf(Waiting w) {
    return w.delivery().getEnvelope().getDeliveryTag();
  }
}
