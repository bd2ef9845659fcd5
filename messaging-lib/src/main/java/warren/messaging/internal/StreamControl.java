package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import warren.messaging.WarrenException;

/**
 * Where the callers of this process's streams send "cancel": an exclusive auto-delete queue {@code
 * <service>.control.<id>}, named in every stream item. Thread-safe.
 */
final class StreamControl {
  private final String queue;
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  StreamControl(String service) {
    this.queue = service + ".control." + UUID.randomUUID();
  }

  void start(BrokerConnection connection) {
    try {
      Channel channel = connection.createChannel();
      channel.queueDeclare(queue, false, true, true, Map.of());
      channel.basicConsume(
          queue,
          true,
          (tag, delivery) -> cancel(delivery.getProperties().getCorrelationId()),
          tag -> {});
    } catch (IOException e) {
      throw new WarrenException("cannot declare the stream control queue " + queue + ": " + e, e);
    }
  }

  String queue() {
    return queue;
  }

  void cancel(String correlationId) {
    if (correlationId != null) {
      cancelled.add(correlationId);
    }
  }

  boolean isCancelled(String correlationId) {
    return cancelled.contains(correlationId);
  }

  void finished(String correlationId) {
    cancelled.remove(correlationId);
  }
}
