package warren.messaging;

/**
 * Handles a command or an event. The message is acked after this returns; if it throws, the message
 * is retried with backoff and finally dead-lettered. Make it idempotent (see {@code
 * warren.messaging.idempotency}): a message can be delivered again after a crash.
 */
@FunctionalInterface
public interface CommandHandler<C> {
  void handle(C message, MessageContext context) throws Exception;
}
