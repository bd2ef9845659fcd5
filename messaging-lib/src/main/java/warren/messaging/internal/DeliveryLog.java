package warren.messaging.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.DeliveryHook;

/**
 * One log line per message that did not simply succeed, with endpoint, message id, trace id and
 * attempt, so an operator can follow a request across services by its trace id. Successes are
 * logged at debug.
 */
public final class DeliveryLog implements DeliveryHook {
  private static final Logger log = LoggerFactory.getLogger("warren.deliveries");

  @Override
  public void afterDelivery(Handled h) {
    if (h.outcome() == Outcome.OK || h.outcome() == Outcome.DUPLICATE) {
      if (log.isDebugEnabled()) {
        log.debug(
            "{} {} id={} trace={} attempt={} {}ms",
            h.endpoint(),
            h.outcome(),
            h.messageId(),
            h.traceId(),
            h.attempt(),
            h.duration().toMillis());
      }
      return;
    }
    log.warn(
        "{} {} id={} trace={} attempt={} {}ms: {}",
        h.endpoint(),
        h.outcome(),
        h.messageId(),
        h.traceId(),
        h.attempt(),
        h.duration().toMillis(),
        h.error() == null ? "" : h.error().toString());
  }
}
