package warren.store;

import java.util.ArrayList;
import java.util.List;
import warren.messaging.EventType;

/** An {@link EventPublisher} that keeps what was published, in order. Not thread-safe. */
public final class RecordedEvents implements EventPublisher {
  private final List<Object> events = new ArrayList<>();

  @Override
  public <E> void publish(EventType<E> type, E event) {
    events.add(event);
  }

  /** The events of this type published so far. */
  public <E> List<E> of(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public void clear() {
    events.clear();
  }
}
