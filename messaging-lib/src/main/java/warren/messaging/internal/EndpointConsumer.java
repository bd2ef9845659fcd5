package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.EndpointOptions;
import warren.messaging.WarrenException;

/**
 * Consumes one queue with manual acks on up to {@code concurrency} channels, one consumer each, the
 * endpoint's {@code prefetch} split between them. Each handler runs on its channel's dispatch
 * thread (amqp-client's consumer work pool, never the connection's I/O thread) and is acked on that
 * channel only after its processor returned, several at a time ({@link HeldAcks}). Handing each
 * delivery to a pool of our own cost a thread hop per message, which the bench measured as the
 * largest share of an RPC's time.
 *
 * <p>For calls (RPC, streams) channels open as the handlers need them, not all at once: it starts
 * on one, and every {@link #GROW_MILLIS} ms {@link LaneDemand} decides from the handlers' busy
 * time, how many calls took long and whether every channel is stuck in one call, whether to open
 * the next channel or, after a quiet while, stop the last one's consumer. Each channel is a
 * consumer the broker hands deliveries round, and work for it and for this process: an echo served
 * on four channels measured 0.85x to 0.96x raw amqp-client's calls at 64 in flight, on one 0.99x
 * (bench harness, side by side). Commands and events consume on every channel from the start
 * ({@link Processor#opensChannelsOnDemand}).
 *
 * <p>Given a {@link BatchProcessor} whose {@code maxBatch} is above 1, each channel's deliveries
 * are queued instead, for a batch thread of the channel's own ({@link LaneBatches}). That hop is
 * worth it where each handler call pays a transaction's commit.
 *
 * <p>Thread rules: a channel's deliveries come one at a time, in order, on whichever pool thread
 * amqp-client gives that channel; different channels run in parallel, so the connection's work pool
 * must not be smaller than the handlers it runs (see {@link BrokerConnection}). A batch thread acks
 * on its channel while the dispatch thread only queues. Channels are opened by the caller of {@link
 * #start} and then by the timer thread, under this object's lock, which {@link #stopTaking} takes
 * too.
 */
final class EndpointConsumer {
  private static final Logger log = LoggerFactory.getLogger(EndpointConsumer.class);

  /** How often the handlers' load is checked for opening or closing a channel. */
  static final long GROW_MILLIS = 10;

  private static final long SLOW_CALL_NANOS =
      TimeUnit.MILLISECONDS.toNanos(LaneDemand.SLOW_CALL_MILLIS);

  private final String queue;
  private final EndpointOptions options;
  private final BrokerConnection connection;
  private final Processor processor;

  /** Opens channels as the handlers need them ({@link Processor#opensChannelsOnDemand}). */
  private final boolean onDemand;

  private final String service;
  private final List<Lane> lanes = new ArrayList<>();
  private final InHand inHand = new InHand();
  private final ScheduledExecutorService ackTimer;

  /** Time spent in handler calls that returned, over all lanes, and how many; read each tick. */
  private final LongAdder busyNanos = new LongAdder();

  private final LongAdder calls = new LongAdder();
  private final LongAdder slowCalls = new LongAdder();

  private int open; // lanes consuming, the first ones of the list; under this object's lock
  private long lastTick;
  private long lastBusy;
  private long lastCalls;
  private long lastSlowCalls;
  private final LaneDemand demand = new LaneDemand();

  /** Set when the processor takes batches of more than one; null to handle each on its own. */
  private final BatchProcessor batchProcessor;

  EndpointConsumer(
      String service,
      String queue,
      EndpointOptions options,
      BrokerConnection connection,
      Processor processor,
      ScheduledExecutorService ackTimer) {
    this.service = service;
    this.ackTimer = ackTimer;
    this.batchProcessor =
        processor instanceof BatchProcessor batching && batching.maxBatch() > 1 ? batching : null;
    this.queue = queue;
    this.options = options;
    this.connection = connection;
    this.processor = processor;
    this.onDemand = processor.opensChannelsOnDemand();
    int n = options.concurrency();
    for (int i = 0; i < n; i++) {
      // concurrency <= prefetch, so every lane gets at least one; the total stays prefetch.
      int prefetch = options.prefetch() / n + (i < options.prefetch() % n ? 1 : 0);
      lanes.add(new Lane(i, prefetch));
    }
  }

  void start() {
    int first = onDemand ? 1 : lanes.size();
    synchronized (this) {
      try {
        while (open < first) {
          lanes.get(open).consume();
          open++;
        }
      } catch (IOException | RuntimeException e) {
        stopTaking();
        awaitAndClose(System.nanoTime());
        throw new WarrenException(
            "cannot consume " + queue + " on " + connection.name() + ": " + e.getMessage(), e);
      }
      lastTick = System.nanoTime();
    }
  }

  /**
   * Opens the next lane when the open ones need help, stops the last one after a quiet while
   * ({@link LaneDemand}). Called every {@link #GROW_MILLIS} ms by {@link Consumers}' one timer for
   * all its endpoints, not a timer each: an idle process would wake a hundred times a second per
   * endpoint.
   */
  synchronized void adjust() {
    if (inHand.stopped() || !onDemand) {
      return;
    }
    long now = System.nanoTime();
    long busy = busyNanos.sum();
    long calledNow = calls.sum();
    long slowNow = slowCalls.sum();
    double share = (double) (busy - lastBusy) / ((now - lastTick) * (double) open);
    boolean allStuck = true;
    for (int i = 0; i < open && allStuck; i++) {
      long since = lanes.get(i).handlingSince;
      allStuck = since != 0 && since < lastTick;
    }
    LaneDemand.Change change =
        demand.next(
            share, calledNow - lastCalls, slowNow - lastSlowCalls, allStuck, open, lanes.size());
    lastTick = now;
    lastBusy = busy;
    lastCalls = calledNow;
    lastSlowCalls = slowNow;
    if (change == LaneDemand.Change.OPEN) {
      try {
        lanes.get(open).consume();
        open++;
      } catch (IOException | RuntimeException e) {
        log.warn("cannot open another channel for {} yet: {}", queue, e.toString());
        return;
      }
    } else if (change == LaneDemand.Change.CLOSE) {
      open--;
      lanes.get(open).stopConsuming();
    } else {
      return;
    }
    log.debug("{}: {} channels consuming ({}% busy)", queue, open, Math.round(share * 100));
  }

  /** One channel with one consumer of the queue; restarts on a new channel when it is lost. */
  private final class Lane {
    private final int index;
    private final int prefetch;
    private LaneBatches batches;
    private final HeldAcks acks;

    /** Consumers started on this lane so far: a tag is never reused, even after a cancel. */
    private int consumes;

    /** Consuming, or meant to be: false once stopped for want of load, so no restart revives it. */
    private volatile boolean wanted;

    private final AtomicBoolean restarting = new AtomicBoolean();

    /** {@link System#nanoTime()} when the handler call in progress began; 0 between calls. */
    volatile long handlingSince;

    private volatile Channel channel;
    private volatile String consumerTag;

    Lane(int index, int prefetch) {
      this.index = index;
      this.prefetch = prefetch;
      this.acks = new HeldAcks(queue, inHand, prefetch, ackTimer);
    }

    /**
     * Starts consuming on the current channel, or on a new one when it is gone. The delivery
     * callback keeps the channel it came from, since a delivery tag is only valid there.
     */
    synchronized void consume() throws IOException {
      if (batchProcessor != null && batches == null) {
        batches =
            new LaneBatches(
                "warren-" + service + "-batch-" + queue + "-" + index,
                queue,
                batchProcessor,
                inHand);
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
                  + (consumes == 0 ? "" : "-" + consumes),
              (tag, delivery) -> deliver(this, ch, delivery),
              tag -> {
                log.warn("consumer of {} cancelled by the broker (queue deleted?)", queue);
                restartLater("the broker cancelled the consumer");
              });
      consumes++;
      wanted = true;
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
      if (inHand.stopped() || !wanted || !restarting.compareAndSet(false, true)) {
        return;
      }
      Thread.ofVirtual()
          .name("warren-restart-" + queue + "-" + index)
          .start(
              () -> {
                long delayMs = 500;
                try {
                  while (!inHand.stopped() && wanted) {
                    Thread.sleep(delayMs);
                    try {
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

    /** Stops this lane's consumer for want of load; its channel stays for the next consume. */
    void stopConsuming() {
      wanted = false;
      cancel();
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
      if (batches != null) {
        batches.close();
      }
      acks.flush();
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
    inHand.received();
    if (inHand.stopped()) {
      // Draining: not acked, so the broker gives it to another consumer once the channel closes.
      inHand.settled(1);
      return;
    }
    if (lane.batches != null) {
      lane.batches.add(ch, delivery);
      return;
    }
    inHand.handling();
    long start = 0;
    if (onDemand) {
      start = System.nanoTime();
      lane.handlingSince = start;
    }
    Processor.Settle settle;
    try {
      settle = processor.process(new Incoming(queue, delivery));
    } catch (RuntimeException e) {
      // The channel died under us; the broker redelivers the unacked message after recovery.
      log.warn("could not settle a message of {}: {}", queue, e.toString());
      lane.acks.leftUnsettled(ch);
      inHand.settled(1);
      return;
    } finally {
      if (onDemand) {
        lane.handlingSince = 0;
        recordCall(System.nanoTime() - start);
      }
      inHand.handled();
    }
    lane.acks.settle(ch, delivery.getEnvelope().getDeliveryTag(), settle);
  }

  /** What {@link #adjust} reads: the handlers' busy time, calls and slow calls. */
  private void recordCall(long nanos) {
    busyNanos.add(nanos);
    calls.increment();
    if (nanos >= SLOW_CALL_NANOS) {
      slowCalls.increment();
    }
  }

  /** Stops taking new messages; those already being handled still finish and are acked. */
  synchronized void stopTaking() {
    inHand.stop();
    lanes.forEach(Lane::cancel);
  }

  /**
   * Waits for the handlers in hand, then closes the channels (the broker requeues what they held
   * but no handler took); false if the deadline passed first, after interrupting the handlers.
   */
  boolean awaitAndClose(long deadlineNanos) {
    boolean finished = inHand.awaitSettled(deadlineNanos);
    lanes.forEach(Lane::close);
    return finished;
  }

  String queue() {
    return queue;
  }

  int inHand() {
    return inHand.count();
  }

  EndpointOptions options() {
    return options;
  }
}
