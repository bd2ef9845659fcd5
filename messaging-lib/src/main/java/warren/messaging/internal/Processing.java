package warren.messaging.internal;

import java.time.Duration;
import java.util.List;
import warren.messaging.DeliveryHook;

/**
 * What every processor shares: the JSON codec, the confirming publisher (copies to retry and
 * dead-letter queues), the reply publisher, the clock and the hooks.
 */
record Processing(
    String service,
    Json json,
    ConfirmPublisher publisher,
    ReplyPublisher replies,
    Outgoing outgoing,
    List<DeliveryHook> hooks) {

  void report(Incoming in, DeliveryHook.Outcome outcome, long startNanos, Throwable error) {
    report(in, outcome, Duration.ofNanos(System.nanoTime() - startNanos), error);
  }

  /** Reports a message handled in {@code took}; in a batch, its share of the batch's time. */
  void report(Incoming in, DeliveryHook.Outcome outcome, Duration took, Throwable error) {
    DeliveryHook.Handled handled =
        new DeliveryHook.Handled(
            in.endpoint(), in.messageId(), in.correlationId(), in.attempt(), outcome, took, error);
    for (DeliveryHook hook : hooks) {
      try {
        hook.afterDelivery(handled);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Processing.class)
            .warn("delivery hook {} failed: {}", hook, e.toString());
      }
    }
  }

  long now() {
    return outgoing.clock().millis();
  }
}
