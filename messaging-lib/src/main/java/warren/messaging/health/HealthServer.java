package warren.messaging.health;

import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import warren.messaging.Warren;

/**
 * A small Undertow server on its own port for a worker process: {@link HealthRoutes} and nothing
 * else. Unknown paths answer 404.
 */
public final class HealthServer implements AutoCloseable {
  private final Undertow server;

  private HealthServer(Undertow server) {
    this.server = server;
  }

  /**
   * Starts serving on {@code host:port}; port 0 picks a free one (see {@link #port()}).
   *
   * @param checks named readiness checks besides the broker, e.g. {@code "database"}
   */
  public static HealthServer start(
      String host, int port, Warren warren, Map<String, ReadinessCheck> checks) {
    RoutingHandler routes = new HealthRoutes(warren, checks).register(new RoutingHandler());
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
