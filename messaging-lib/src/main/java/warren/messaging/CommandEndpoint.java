package warren.messaging;

import java.util.Objects;

/**
 * A one-way command of type {@code C}: sent persistent with publisher confirms, consumed from a
 * durable quorum queue of the same name bound to {@code warren.commands}, acked only after the
 * handler returned, retried with backoff and dead-lettered to {@code <name>.dlq} when it keeps
 * failing.
 */
public record CommandEndpoint<C>(String name, Class<C> type) {
  public CommandEndpoint {
    Names.requireEndpointName(name);
    Objects.requireNonNull(type, "type");
  }

  /** The service that consumes this command: the part of the name before the first dot. */
  public String service() {
    return Names.serviceOf(name);
  }
}
