package warren.messaging.internal;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.NotificationListener;
import warren.messaging.WarrenException;

/**
 * A {@link NotificationListener} on an exclusive server-named queue. amqp-client's topology
 * recovery declares the queue again after a reconnect (under a new name) and restores its bindings
 * and consumer, so listeners survive broker restarts.
 */
public final class ExclusiveListener<T> implements NotificationListener {
  private static final Logger log = LoggerFactory.getLogger(ExclusiveListener.class);

  private final BrokerConnection connection;
  private final Channel channel;
  private final String exchange;
  private final Set<String> bound = ConcurrentHashMap.newKeySet();
  private volatile String queue;

  public ExclusiveListener(
      BrokerConnection connection,
      String exchange,
      Class<T> type,
      Json json,
      NotificationListener.Handler<T> handler) {
    this.connection = connection;
    this.exchange = exchange;
    try {
      channel = connection.createChannel();
      channel.exchangeDeclarePassive(exchange);
      queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
      // After a reconnect the queue comes back under a new server-chosen name; binding the old
      // one would fail with 404 and close the channel.
      connection.onQueueRenamed(
          (oldName, newName) -> {
            if (oldName.equals(queue)) {
              queue = newName;
            }
          });
      channel.basicConsume(
          queue,
          true,
          (tag, delivery) -> {
            try {
              handler.onNotification(
                  delivery.getEnvelope().getRoutingKey(), json.read(delivery.getBody(), type));
            } catch (RuntimeException e) {
              log.warn("notification on {} dropped: {}", exchange, e.toString());
            }
          },
          tag -> {});
    } catch (IOException e) {
      throw new WarrenException(
          "cannot listen on "
              + exchange
              + " ("
              + e.getMessage()
              + "): is the exchange declared? Run ./warren topology apply",
          e);
    }
  }

  @Override
  public void bind(String routingKey) {
    // While the connection is down the queue is gone: say so at once, as a call would.
    connection.requireUp("listening to " + routingKey);
    if (bound.add(routingKey)) {
      try {
        channel.queueBind(queue, exchange, routingKey);
      } catch (AlreadyClosedException e) {
        bound.remove(routingKey);
        throw new BrokerUnavailableException(
            "cannot bind " + routingKey + ": connection lost (" + e.getMessage() + ")", e);
      } catch (IOException | RuntimeException e) {
        bound.remove(routingKey);
        throw new WarrenException("cannot bind " + routingKey + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void unbind(String routingKey) {
    if (bound.remove(routingKey)) {
      try {
        channel.queueUnbind(queue, exchange, routingKey);
      } catch (IOException | RuntimeException e) {
        log.debug("unbind {}: {}", routingKey, e.toString());
      }
    }
  }

  @Override
  public void onInterrupted(Runnable callback) {
    connection.onDown(callback);
  }

  @Override
  public void close() {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (Exception e) {
      log.debug("close listener: {}", e.toString());
    }
  }
}
