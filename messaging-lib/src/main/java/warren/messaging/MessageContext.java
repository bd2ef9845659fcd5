package warren.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler knows about the message in hand besides its body. Valid only on the thread that
 * runs the handler, until the handler returns.
 */
public interface MessageContext {
  /** The endpoint or subscription whose queue delivered the message. */
  String endpoint();

  /**
   * The routing key the sender published with (for a subscription, the event type, e.g. {@code
   * post.created}); kept across retries.
   */
  default String routingKey() {
    return endpoint();
  }

  /** The message id set by the sender; stable across redeliveries and retries. */
  String messageId();

  /**
   * The correlation id that follows one user request through every service: the sender's trace id,
   * or this message's own id when it was published outside any trace and so starts one.
   */
  String correlationId();

  /** The caller's deadline, if the message carries one. */
  Optional<Instant> deadline();

  /** 1 for the first delivery, then one more for each retry. */
  int attempt();

  /** Whether the broker says this delivery may have been seen before (a redelivery). */
  boolean redelivered();

  /** The AMQP headers as received, read-only. */
  Map<String, Object> headers();
}
