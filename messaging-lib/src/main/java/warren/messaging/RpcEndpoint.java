package warren.messaging;

import java.util.Objects;

/**
 * A request/reply endpoint: one request of type {@code Q}, one reply of type {@code R}.
 *
 * <p>The name is the routing key on the {@code warren.rpc} exchange and the name of the queue the
 * serving workers consume, for example {@code auth.login}. Declare endpoints once as constants in a
 * contracts class shared by the caller and the server.
 *
 * @param name endpoint and queue name, {@code <service>.<verb>}
 * @param requestType the request record
 * @param replyType the reply record
 */
public record RpcEndpoint<Q, R>(String name, Class<Q> requestType, Class<R> replyType) {
  public RpcEndpoint {
    Names.requireEndpointName(name);
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(replyType, "replyType");
  }

  /** The service that serves this endpoint: the part of the name before the first dot. */
  public String service() {
    return Names.serviceOf(name);
  }
}
