package warren.messaging;

import java.util.Map;

/**
 * Runs before every message Warren publishes (calls, commands, events, replies), on the publishing
 * thread. It may add headers; it must not block.
 */
@FunctionalInterface
public interface PublishHook {
  void beforePublish(Outgoing message);

  /**
   * A message about to be published.
   *
   * @param kind {@code rpc}, {@code stream}, {@code command}, {@code event}, {@code reply}, {@code
   *     notify}
   * @param target the endpoint name or routing key
   * @param headers mutable AMQP headers
   */
  record Outgoing(String kind, String target, String messageId, Map<String, Object> headers) {}
}
