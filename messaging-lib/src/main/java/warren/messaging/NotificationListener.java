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

  /**
   * Runs {@code callback}, on a library thread, each time this listener's connection is lost. Its
   * queue goes with the connection, so whatever is published until the connection is back is
   * missed: a holder of long-lived subscriptions ends them here, so that its clients know to catch
   * up. Must not block.
   */
  void onInterrupted(Runnable callback);

  @Override
  void close();

  /** Receives one notification, on a listener thread; must not block for long. */
  @FunctionalInterface
  interface Handler<T> {
    void onNotification(String routingKey, T payload);
  }
}
