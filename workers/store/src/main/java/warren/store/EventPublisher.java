package warren.store;

import warren.messaging.EventType;

/**
 * Where handlers publish events once their transaction committed; in the worker this is {@code
 * warren::publish}, in tests a list.
 */
@FunctionalInterface
public interface EventPublisher {
  <E> void publish(EventType<E> type, E event);
}
