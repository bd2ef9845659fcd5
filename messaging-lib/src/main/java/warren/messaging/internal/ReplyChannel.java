package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.NoRouteException;
import warren.messaging.WarrenException;

/**
 * The caller's side of RabbitMQ direct reply-to: a few channels ("lanes"), each publishing requests
 * and consuming {@code amq.rabbitmq.reply-to} itself (the broker requires both on the same
 * channel), routing each reply to the waiter registered under its correlation id. Many calls are in
 * flight at once. Thread-safe.
 *
 * <p>Why {@link Lanes}: with one channel every calling thread queued behind the one in a socket
 * write (web's 64 request threads did). Replies arrive on each lane's dispatch thread, so waiters
 * must not block.
 *
 * <p>Deadlines are kept by one sweep over the waiters every {@link #SWEEP_MILLIS} ms rather than a
 * timer per call: scheduling and cancelling a timer took the timer queue's lock twice per call, and
 * with few calls in flight each new timer became the queue's head and woke the timer thread, a
 * thread wake-up per call on a machine whose cores the broker needs.
 */
public final class ReplyChannel {
  private static final Logger log = LoggerFactory.getLogger(ReplyChannel.class);
  static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  /** How often waiters are checked for a passed deadline: how late a deadline may fire. */
  static final long SWEEP_MILLIS = 10;

  private final BrokerConnection connection;
  private final Lanes<Lane> lanes;

  /** Receives the replies, or the failure, of one call. Called on a dispatch thread. */
  public interface Waiter {
    /** A reply arrived. Return true when the call is complete and the waiter can be dropped. */
    boolean onReply(AMQP.BasicProperties props, byte[] body);

    void onFailure(WarrenException failure);

    /** The {@link System#nanoTime()} after which the caller gives up; none by default. */
    default long deadlineNanos() {
      return Long.MAX_VALUE;
    }

    /**
     * The deadline passed before the call completed; the waiter has been dropped, so late replies
     * are ignored. Runs on the sweeping timer thread: must not block.
     */
    default void onDeadline() {}
  }

  /**
   * @param timers runs the deadline sweep; its thread calls {@link Waiter#onDeadline()}
   */
  public ReplyChannel(BrokerConnection connection, ScheduledExecutorService timers) {
    this.connection = connection;
    this.lanes = new Lanes<>(Lanes.COUNT, Lane::new);
    timers.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    connection.onDown(
        () -> {
          for (Lane lane : lanes) {
            lane.failAll("connection " + connection.name() + " lost");
          }
        });
  }

  /**
   * Registers the waiter under the correlation id of {@code props} and publishes the request
   * mandatory, so an unroutable one comes back as {@link NoRouteException}.
   *
   * @throws BrokerUnavailableException at once while the connection is down
   */
  public void request(
      String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, Waiter waiter) {
    connection.requireUp(() -> "request to " + ConfirmPublisher.describe(exchange, routingKey));
    Lane lane = lanes.lock();
    try {
      lane.request(exchange, routingKey, props, body, waiter);
    } finally {
      lane.lock.unlock();
    }
  }

  /** Publishes a message (e.g. a stream cancel) on a lane without waiting. */
  public void publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
    Lane lane = lanes.lock();
    try {
      lane.channel().basicPublish(exchange, routingKey, false, props, body);
    } catch (IOException | AlreadyClosedException e) {
      throw new BrokerUnavailableException(
          "publish to "
              + ConfirmPublisher.describe(exchange, routingKey)
              + " failed: "
              + e.getMessage(),
          e);
    } finally {
      lane.lock.unlock();
    }
  }

  /** Drops every waiter whose deadline passed and tells it so. */
  void sweep() {
    long now = System.nanoTime();
    for (Lane lane : lanes) {
      lane.waiters.forEach(
          (id, waiter) -> {
            if (now - waiter.deadlineNanos() >= 0 && lane.waiters.remove(id, waiter)) {
              try {
                waiter.onDeadline();
              } catch (RuntimeException e) {
                // One waiter's failure must not stop the sweep, or every later deadline is lost.
                log.warn("deadline of call {} failed", id, e);
              }
            }
          });
    }
  }

  /** Stops routing replies for this correlation id; late replies are dropped. */
  public void forget(String correlationId) {
    for (Lane lane : lanes) {
      if (lane.waiters.remove(correlationId) != null) {
        return;
      }
    }
  }

  public int inFlight() {
    int n = 0;
    for (Lane lane : lanes) {
      n += lane.waiters.size();
    }
    return n;
  }

  /** Lanes whose channel has been opened: 1 for a single calling thread. For tests. */
  int lanesOpen() {
    return lanes.opened();
  }

  /** The lock of lane {@code i}, so a test can hold it and see a call take another lane. */
  ReentrantLock laneLock(int i) {
    return lanes.lock(i);
  }

  /** One channel with its own reply consumer and the waiters of the requests it published. */
  private final class Lane extends Lanes.Lane {
    final Map<String, Waiter> waiters = new ConcurrentHashMap<>();

    /** Publishes under the lane's lock: the caller holds it. */
    void request(
        String exchange,
        String routingKey,
        AMQP.BasicProperties props,
        byte[] body,
        Waiter waiter) {
      String id = props.getCorrelationId();
      waiters.put(id, waiter);
      try {
        channel().basicPublish(exchange, routingKey, true, props, body);
      } catch (IOException | AlreadyClosedException e) {
        waiters.remove(id);
        throw new BrokerUnavailableException(
            "request to "
                + ConfirmPublisher.describe(exchange, routingKey)
                + " failed: "
                + e.getMessage(),
            e);
      }
    }

    /** The lane's channel, opened (with its reply consumer) on first use or after it closed. */
    Channel channel() throws IOException {
      if (channel == null || !channel.isOpen() && connection.state() == BrokerConnection.State.UP) {
        Channel ch = connection.createChannel();
        ch.addReturnListener(this::returned);
        ch.addShutdownListener(this::channelShutdown);
        ch.basicConsume(DIRECT_REPLY_TO, true, this::replied, tag -> {});
        channel = ch;
      }
      return channel;
    }

    private void replied(String consumerTag, Delivery delivery) {
      String id = delivery.getProperties().getCorrelationId();
      Waiter waiter = id == null ? null : waiters.get(id);
      if (waiter != null && waiter.onReply(delivery.getProperties(), delivery.getBody())) {
        waiters.remove(id, waiter);
      }
    }

    private void returned(Return r) {
      Waiter waiter = waiters.remove(String.valueOf(r.getProperties().getCorrelationId()));
      if (waiter != null) {
        waiter.onFailure(
            new NoRouteException(
                "no queue is bound to "
                    + ConfirmPublisher.describe(r.getExchange(), r.getRoutingKey())
                    + " ("
                    + r.getReplyText()
                    + "): no worker declared this endpoint; start it or run ./warren topology"
                    + " apply"));
      }
    }

    private void channelShutdown(ShutdownSignalException cause) {
      failAll("channel closed: " + cause.getMessage());
    }

    /** Only this lane's calls: a reply can only come back on the channel that sent the request. */
    void failAll(String why) {
      for (String id : waiters.keySet()) {
        Waiter waiter = waiters.remove(id);
        if (waiter != null) {
          waiter.onFailure(
              new BrokerUnavailableException(
                  "reply lost: " + why + "; the request may or may not have been handled"));
        }
      }
    }
  }
}
