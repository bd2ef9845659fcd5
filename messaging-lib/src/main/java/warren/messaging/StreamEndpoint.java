package warren.messaging;

import java.util.Objects;

/**
 * A single-request, multi-response endpoint: one request of type {@code Q}, then any number of
 * replies of type {@code R}, then an end. An error ends the stream; the caller may cancel it.
 *
 * <p>Served from a queue of the same name bound to {@code warren.rpc}, like {@link RpcEndpoint}.
 */
public record StreamEndpoint<Q, R>(String name, Class<Q> requestType, Class<R> itemType) {
  public StreamEndpoint {
    Names.requireEndpointName(name);
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(itemType, "itemType");
  }

  /** The service that serves this endpoint: the part of the name before the first dot. */
  public String service() {
    return Names.serviceOf(name);
  }
}
