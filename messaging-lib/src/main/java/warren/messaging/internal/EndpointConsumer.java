package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.EndpointOptions;
import warren.messaging.WarrenException;

/**
 * Consumes one queue with manual acks on {@code concurrency} channels, one consumer each, the
 * endpoint's {@code prefetch} split between them. Each handler runs on its channel's dispatch
 * thread (amqp-client's consumer work pool, never the connection's I/O thread) and is acked on that
 * channel only after its processor returned. Handing each delivery to a pool of our own cost a
 * thread hop per message, which the bench measured as the largest share of an RPC's time.
 *
 * <p>With {@code maxBatch} above 1 (a {@link BatchMessageProcessor}), each channel's deliveries are
 * queued instead, and one batch thread per channel takes whatever is waiting, up to {@code
 * maxBatch} without waiting for more, processes it with {@link Processor#processAll} and settles it
 * (one multiple ack when every message is to be acked). That hop is worth it where each handler
 * call pays a transaction's commit.
 *
 * <p>Thread rules: a channel's deliveries come one at a time, in order, on whichever pool thread
 * amqp-client gives that channel; different channels run in parallel, so the connection's work pool
 * must not be smaller than the handlers it runs (see {@link BrokerConnection}). A batch thread acks
 * on its channel while the dispatch thread only queues.
 */
final class EndpointConsumer {
  private static final Logger log = LoggerFactory.getLogger(EndpointConsumer.class);

  private final String queue;
  private final EndpointOptions options;
  private final BrokerConnection connection;
  private final Processor processor;
  private final String service;
  private final int maxBatch;
  private final List<Lane> lanes = new ArrayList<>();
  private final AtomicInteger inHand = new AtomicInteger();

  /** The threads running a handler now, interrupted when draining runs out of time. */
  private final Set<Thread> handling = ConcurrentHashMap.newKeySet();

  private final Object idle = new Object();
  private volatile boolean stopped;
  private volatile boolean closed;

  /**
   * @param maxBatch 1 to handle each delivery on its dispatch thread; more to queue them and hand
   *     them to {@link Processor#processAll} in batches of at most this many
   */
  EndpointConsumer(
      String service,
      String queue,
      EndpointOptions options,
      BrokerConnection connection,
      Processor processor,
      int maxBatch) {
    this.service = service;
    this.maxBatch = maxBatch;
    this.queue = queue;
    this.options = options;
    this.connection = connection;
    this.processor = processor;
    int n = options.concurrency();
    for (int i = 0; i < n; i++) {
      // concurrency <= prefetch, so every lane gets at least one; the total stays prefetch.
      int prefetch = options.prefetch() / n + (i < options.prefetch() % n ? 1 : 0);
      lanes.add(new Lane(i, prefetch));
    }
  }

  void start() {
    for (Lane lane : lanes) {
      try {
        lane.consume();
      } catch (IOException | RuntimeException e) {
        stopTaking();
        awaitAndClose(System.nanoTime());
        throw new WarrenException(
            "cannot consume " + queue + " on " + connection.name() + ": " + e.getMessage(), e);
      }
    }
  }

  /** A delivery queued for a batch thread, with the channel whose delivery tag it carries. */
  private record Waiting(Channel channel, Delivery delivery) {}

  /** One channel with one consumer of the queue; restarts on a new channel when it is lost. */
  private final class Lane {
    private final int index;
    private final int prefetch;
    private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private Thread batchThread;
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean restarting = new AtomicBoolean();
    private volatile Channel channel;
    private volatile String consumerTag;

    Lane(int index, int prefetch) {
      this.index = index;
      this.prefetch = prefetch;
    }

    /**
     * Starts consuming on the current channel, or on a new one when it is gone. The delivery
     * callback keeps the channel it came from, since a delivery tag is only valid there.
     */
    synchronized void consume() throws IOException {
      if (maxBatch > 1 && batchThread == null) {
        batchThread =
            Thread.ofPlatform()
                .name("warren-" + service + "-batch-" + queue + "-" + index)
                .daemon()
                .start(() -> runBatches(this));
      }
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
                  + "-"
                  + index
                  + (restarts.get() == 0 ? "" : "-" + restarts.get()),
              (tag, delivery) -> deliver(this, ch, delivery),
              tag -> {
                log.warn("consumer of {} cancelled by the broker (queue deleted?)", queue);
                restartLater("the broker cancelled the consumer");
              });
    }

    private Channel newChannel() throws IOException {
      Channel ch = connection.createChannel();
      ch.basicQos(prefetch);
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
          .name("warren-restart-" + queue + "-" + index)
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

    void cancel() {
      try {
        Channel ch = channel;
        String tag = consumerTag;
        if (ch != null && ch.isOpen() && tag != null) {
          ch.basicCancel(tag);
        }
      } catch (IOException | RuntimeException e) {
        log.debug("cancel {}: {}", queue, e.toString());
      }
    }

    void close() {
      Thread batches = batchThread;
      if (batches != null) {
        batches.interrupt();
      }
      try {
        Channel ch = channel;
        if (ch != null && ch.isOpen()) {
          ch.close();
        }
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        log.debug("close {}: {}", queue, e.toString());
      }
    }
  }

  /**
   * Runs on the channel's dispatch thread; the next delivery of this channel waits for it (or only
   * for it to be queued, when batching).
   */
  private void deliver(Lane lane, Channel ch, Delivery delivery) {
    // Counted before the check, so awaitAndClose either sees it in hand or it sees stopped.
    inHand.incrementAndGet();
    if (stopped) {
      // Draining: not acked, so the broker gives it to another consumer once the channel closes.
      settled(1);
      return;
    }
    if (maxBatch > 1) {
      lane.waiting.add(new Waiting(ch, delivery));
      return;
    }
    Thread self = Thread.currentThread();
    handling.add(self);
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
      handling.remove(self);
      settled(1);
    }
  }

  /**
   * A lane's batch thread: takes what is waiting (blocking only for the first), up to {@code
   * maxBatch}, and handles it in runs of one channel (a delivery tag is valid only on its own).
   */
  private void runBatches(Lane lane) {
    List<Waiting> taken = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        taken.add(lane.waiting.take());
      } catch (InterruptedException e) {
        continue; // closing, or a drain that ran out of time interrupted the handler
      }
      lane.waiting.drainTo(taken, maxBatch - 1);
      int from = 0;
      while (from < taken.size()) {
        Channel ch = taken.get(from).channel();
        int to = from + 1;
        while (to < taken.size() && taken.get(to).channel() == ch) {
          to++;
        }
        handleBatch(ch, taken.subList(from, to));
        from = to;
      }
      taken.clear();
    }
  }

  /** Processes one batch and settles it on its channel; runs on the lane's batch thread. */
  private void handleBatch(Channel ch, List<Waiting> batch) {
    // Draining, or the channel is gone: not acked, so the broker delivers them again.
    if (stopped || !ch.isOpen()) {
      settled(batch.size());
      return;
    }
    Thread self = Thread.currentThread();
    handling.add(self);
    try {
      List<Incoming> incoming = new ArrayList<>(batch.size());
      for (Waiting w : batch) {
        incoming.add(new Incoming(queue, w.delivery()));
      }
      List<Processor.Settle> settles = processor.processAll(incoming);
      if (settles.stream().allMatch(s -> s == Processor.Settle.ACK)) {
        ch.basicAck(tagOf(batch.get(batch.size() - 1)), true);
      } else {
        for (int i = 0; i < batch.size(); i++) {
          if (settles.get(i) == Processor.Settle.ACK) {
            ch.basicAck(tagOf(batch.get(i)), false);
          } else {
            ch.basicNack(tagOf(batch.get(i)), false, true);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The channel died under us; the broker redelivers the unacked messages after recovery.
      log.warn("could not settle {} messages of {}: {}", batch.size(), queue, e.toString());
    } finally {
      handling.remove(self);
      settled(batch.size());
    }
  }

  private static long tagOf(Waiting w) {
    return w.delivery().getEnvelope().getDeliveryTag();
  }

  private void settled(int messages) {
    if (inHand.addAndGet(-messages) == 0 && stopped) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Stops taking new messages; those already being handled still finish and are acked. */
  void stopTaking() {
    stopped = true;
    lanes.forEach(Lane::cancel);
  }

  /**
   * Waits for the handlers in hand, then closes the channels (the broker requeues what they held
   * but no handler took); false if the deadline passed first, after interrupting the handlers.
   */
  boolean awaitAndClose(long deadlineNanos) {
    boolean finished;
    try {
      synchronized (idle) {
        long left;
        while (inHand.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finished = inHand.get() == 0;
    if (!finished) {
      handling.forEach(Thread::interrupt);
    }
    closed = true;
    lanes.forEach(Lane::close);
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
