package warren.messaging;

/**
 * This process's own queue on {@code warren.notify}: exclusive, server-named, gone when the process
 * is. Bind the routing keys of what this process wants (for a web instance: {@code user.<id>} for
 * each user with an open stream); notifications for other keys never reach it. Thread-safe.
 */
public interface NotificationListener extends AutoCloseable {
  /** Starts receiving notifications published with this routing key. Idempotent. */
  void bind(String routingKey);

  /** Stops receiving them. Idempotent. */
  void unbind(String routingKey);

  @Override
  void close();

  /** Receives one notification, on a listener thread; must not block for long. */
  @FunctionalInterface
  interface Handler<T> {
    void onNotification(String routingKey, T payload);
  }
}
