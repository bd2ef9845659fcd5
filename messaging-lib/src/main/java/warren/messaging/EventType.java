package warren.messaging;

import java.util.Objects;

/**
 * An event of type {@code E} published on the {@code warren.events} topic exchange with the given
 * routing key, for example {@code post.created}. The publisher does not know who listens; each
 * subscriber consumes its own durable queue.
 */
public record EventType<E>(String routingKey, Class<E> type) {
  public EventType {
    Names.requireEndpointName(routingKey);
    Objects.requireNonNull(type, "type");
  }
}
