package warren.messaging.health;

import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import warren.messaging.Warren;
import warren.messaging.http.HttpRpcHandler;

/**
 * A small Undertow server on its own port for a worker process: {@link HealthRoutes}, and when
 * asked the HTTP transport ({@code POST /rpc/{endpoint}}, {@link HttpRpcHandler}). Unknown paths
 * answer 404.
 *
 * <p>The HTTP transport is off unless asked for: it has no authentication of its own, so whoever
 * reaches the port calls the process's endpoints with the service's rights (any user's timeline, a
 * webhook for any user), while the health routes, which containers and load balancers need
 * reachable, tell nothing secret.
 */
public final class HealthServer implements AutoCloseable {
  private final Undertow server;

  private HealthServer(Undertow server) {
    this.server = server;
  }

  /**
   * Starts serving the health routes on {@code host:port}; port 0 picks a free one (see {@link
   * #port()}).
   *
   * @param checks named readiness checks besides the broker, e.g. {@code "database"}
   */
  public static HealthServer start(
      String host, int port, Warren warren, Map<String, ReadinessCheck> checks) {
    return start(host, port, warren, checks, false);
  }

  /**
   * Like {@link #start(String, int, Warren, Map)}; with {@code serveRpc} it also answers {@code
   * POST /rpc/{endpoint}} with the process's RPC endpoints (the HTTP transport).
   */
  public static HealthServer start(
      String host, int port, Warren warren, Map<String, ReadinessCheck> checks, boolean serveRpc) {
    RoutingHandler routes = new HealthRoutes(warren, checks).register(new RoutingHandler());
    if (serveRpc) {
      routes.post("/rpc/{endpoint}", new HttpRpcHandler(warren));
    }
    routes.setFallbackHandler(
        ex -> {
          ex.setStatusCode(404);
          ex.getResponseSender().send("{\"error\":\"not_found\",\"message\":\"no such path\"}");
        });
    Undertow server = Undertow.builder().addHttpListener(port, host).setHandler(routes).build();
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    server.stop();
  }
}
