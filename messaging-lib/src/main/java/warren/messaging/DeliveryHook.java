package warren.messaging;

import java.time.Duration;

/**
 * Runs after every message a handler of this process took, on the handler's thread, whatever the
 * outcome. Logging and metrics are built on it; it must not block.
 */
@FunctionalInterface
public interface DeliveryHook {
  void afterDelivery(Handled handled);

  /** What happened to a delivered message. */
  enum Outcome {
    /** The handler returned; the message was acked (and for RPC, answered). */
    OK,
    /** The handler threw a {@link ServiceError}: answered as an error, or dead-lettered. */
    REJECTED,
    /** The handler failed; the message went to a delay queue for another attempt. */
    RETRIED,
    /** The handler failed for the last time, or the message was unreadable. */
    DEAD_LETTERED,
    /** The caller's deadline had passed before the handler started; not handled. */
    EXPIRED,
    /** Already applied under this message id; acked without running the handler again. */
    DUPLICATE,
    /** RPC handler failed with an unexpected exception; the caller got a remote error. */
    FAILED
  }

  /** One delivered message, after the fact. */
  record Handled(
      String endpoint,
      String messageId,
      String traceId,
      int attempt,
      Outcome outcome,
      Duration duration,
      Throwable error) {}
}
