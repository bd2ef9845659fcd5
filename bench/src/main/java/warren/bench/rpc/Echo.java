package warren.bench.rpc;

import warren.messaging.RpcEndpoint;

/**
 * The RPC scenario's message: serialized it is exactly 100 bytes of JSON, {@code {"text":"..."}}.
 */
public record Echo(String text) {
  /** The request every contender sends. */
  public static final Echo HUNDRED_BYTES = new Echo("x".repeat(89));

  /** Over AMQP, served by the bench's own Warren. */
  public static final RpcEndpoint<Echo, Echo> ENDPOINT =
      new RpcEndpoint<>("bench.echo", Echo.class, Echo.class);

  /** Over HTTP, served by a second Warren whose service the caller routes to HTTP. */
  public static final RpcEndpoint<Echo, Echo> HTTP_ENDPOINT =
      new RpcEndpoint<>("httpbench.echo", Echo.class, Echo.class);
}
