package warren.messaging.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BatchCommandHandler;
import warren.messaging.CommandHandler;
import warren.messaging.EndpointOptions;
import warren.messaging.RpcHandler;
import warren.messaging.StreamHandler;

/**
 * The consuming side of one {@code Warren}: declares each endpoint's queue, starts its consumer,
 * and drains them all on shutdown. Thread-safe.
 */
public final class Consumers {
  private static final Logger log = LoggerFactory.getLogger(Consumers.class);

  private final String service;
  private final BrokerConnection connection;
  private final TopologyDeclarer topology;
  private final Processing processing;
  private final Duration confirmTimeout;

  /**
   * Sends held acks ({@link HeldAcks}) and adjusts the endpoints' channels. Not the Warren's
   * timers: an ack is a socket write, which can wait on a busy broker, and the deadline sweeps on
   * those timers must not wait behind it.
   */
  private final ScheduledExecutorService ackTimer;

  private final List<EndpointConsumer> consumers = new CopyOnWriteArrayList<>();
  private boolean adjusting; // under this object's lock
  private volatile StreamControl streamControl;

  public Consumers(
      String service,
      BrokerConnection connection,
      TopologyDeclarer topology,
      Json json,
      ConfirmPublisher publisher,
      ReplyPublisher replies,
      Outgoing outgoing,
      List<warren.messaging.DeliveryHook> hooks,
      Duration confirmTimeout) {
    this.ackTimer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("warren-" + service + "-acks").daemon().factory());
    this.service = service;
    this.connection = connection;
    this.topology = topology;
    this.processing = new Processing(service, json, publisher, replies, outgoing, hooks);
    this.confirmTimeout = confirmTimeout;
  }

  /** Starts the one timer task for every endpoint's channels, with the first that needs it. */
  private synchronized void adjustChannelsFromNowOn() {
    if (!adjusting) {
      adjusting = true;
      ackTimer.scheduleWithFixedDelay(
          this::adjustChannels,
          EndpointConsumer.GROW_MILLIS,
          EndpointConsumer.GROW_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Lets each endpoint open or close a consumer channel; on the timer, so it never throws. */
  private void adjustChannels() {
    for (EndpointConsumer consumer : consumers) {
      try {
        consumer.adjust();
      } catch (RuntimeException e) {
        log.warn("could not adjust the channels of {}: {}", consumer.queue(), e.toString());
      }
    }
  }

  public <Q, R> void rpc(String name, Class<Q> type, RpcHandler<Q, R> handler, EndpointOptions o) {
    topology.rpcQueue(name);
    start(name, o, new RpcProcessor<>(type, handler, processing));
  }

  public <Q, R> void stream(
      String name, Class<Q> type, StreamHandler<Q, R> handler, EndpointOptions o) {
    topology.rpcQueue(name);
    start(name, o, new StreamProcessor<>(type, handler, processing, streamControl()));
  }

  public <C> void command(
      String name, Class<C> type, CommandHandler<C> handler, EndpointOptions o) {
    topology.commandQueue(name);
    start(name, o, new MessageProcessor<>(type, handler, o.retry(), processing, confirmTimeout));
  }

  /** A command queue whose handler takes batches of up to {@code o.maxBatch()} messages. */
  public <C> void commandBatches(
      String name, Class<C> type, BatchCommandHandler<C> handler, EndpointOptions o) {
    topology.commandQueue(name);
    start(
        name,
        o,
        new BatchMessageProcessor<>(
            type, handler, o.retry(), processing, confirmTimeout, o.maxBatch()));
  }

  public <E> void event(
      String queue,
      List<String> patterns,
      Class<E> type,
      CommandHandler<E> handler,
      EndpointOptions o) {
    topology.eventQueue(queue, patterns);
    start(queue, o, new MessageProcessor<>(type, handler, o.retry(), processing, confirmTimeout));
  }

  private void start(String queue, EndpointOptions options, Processor processor) {
    for (EndpointConsumer existing : consumers) {
      if (existing.queue().equals(queue)) {
        throw new IllegalStateException(
            "endpoint " + queue + " is already served by this process: register it once");
      }
    }
    EndpointConsumer consumer =
        new EndpointConsumer(service, queue, options, connection, processor, ackTimer);
    consumer.start();
    consumers.add(consumer);
    if (processor.opensChannelsOnDemand()) {
      adjustChannelsFromNowOn();
    }
  }

  private synchronized StreamControl streamControl() {
    if (streamControl == null) {
      StreamControl control = new StreamControl(service);
      control.start(connection);
      streamControl = control;
    }
    return streamControl;
  }

  /** Messages being handled right now, over all endpoints. */
  public int inHand() {
    return consumers.stream().mapToInt(EndpointConsumer::inHand).sum();
  }

  public List<String> queues() {
    return consumers.stream().map(EndpointConsumer::queue).toList();
  }

  /** Cancels every consumer, lets the handlers in hand finish and ack; true if all finished. */
  public boolean drain(Duration timeout) {
    consumers.forEach(EndpointConsumer::stopTaking);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (EndpointConsumer consumer : consumers) {
      all &= consumer.awaitAndClose(deadline);
    }
    ackTimer.shutdown(); // each channel sent its held acks as it closed
    return all;
  }
}
