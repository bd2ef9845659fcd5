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
import warren.messaging.BrokerUnavailableException;
import warren.messaging.NoRouteException;
import warren.messaging.WarrenException;

/**
 * The caller's side of RabbitMQ direct reply-to: one channel that publishes requests and consumes
 * {@code amq.rabbitmq.reply-to} (the broker requires both on the same channel), routing each reply
 * to the waiter registered under its correlation id. Many calls are in flight at once. Thread-safe:
 * publishes are serialized on the channel; replies arrive on the connection's dispatch thread, so
 * waiters must not block.
 */
public final class ReplyChannel {
  static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  private final BrokerConnection connection;
  private final Object lock = new Object();
  private Channel channel; // guarded by lock
  private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();

  /** Receives the replies, or the failure, of one call. Called on the dispatch thread. */
  public interface Waiter {
    /** A reply arrived. Return true when the call is complete and the waiter can be dropped. */
    boolean onReply(AMQP.BasicProperties props, byte[] body);

    void onFailure(WarrenException failure);
  }

  public ReplyChannel(BrokerConnection connection) {
    this.connection = connection;
    connection.onDown(() -> failAll("connection " + connection.name() + " lost"));
  }

  /**
   * Registers the waiter under the correlation id of {@code props} and publishes the request
   * mandatory, so an unroutable one comes back as {@link NoRouteException}.
   */
  public void request(
      String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, Waiter waiter) {
    connection.requireUp("request to " + ConfirmPublisher.describe(exchange, routingKey));
    String id = props.getCorrelationId();
    waiters.put(id, waiter);
    synchronized (lock) {
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
  }

  /** Publishes a message (e.g. a stream cancel) on the reply channel without waiting. */
  public void publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
    synchronized (lock) {
      try {
        channel().basicPublish(exchange, routingKey, false, props, body);
      } catch (IOException | AlreadyClosedException e) {
        throw new BrokerUnavailableException("publish failed: " + e.getMessage(), e);
      }
    }
  }

  /** Stops routing replies for this correlation id; late replies are dropped. */
  public void forget(String correlationId) {
    waiters.remove(correlationId);
  }

  public int inFlight() {
    return waiters.size();
  }

  private Channel channel() throws IOException {
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
                  + "): no worker declared this endpoint; start it or run ./warren topology apply"));
    }
  }

  private void channelShutdown(ShutdownSignalException cause) {
    failAll("channel closed: " + cause.getMessage());
  }

  private void failAll(String why) {
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
