package warren.store;

import java.util.Objects;
import warren.messaging.EventType;
import warren.messaging.MessageContext;

/**
 * What applying a command did: the event that describes it, and whether the database changed (false
 * when the command had already been applied, such as a second follow).
 *
 * <p>Returned from inside the transaction and published only after it committed.
 */
public record CommandOutcome<E>(EventType<E> type, E event, boolean changed) {
  public CommandOutcome {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(event, "event");
  }

  /**
   * Publishes the event if the command changed something, or if this message was delivered before:
   * an earlier attempt may have committed and died before it published.
   */
  public void publishAfterCommit(EventPublisher publisher, MessageContext context) {
    if (changed || context.redelivered() || context.attempt() > 1) {
      publisher.publish(type, event);
    }
  }
}
