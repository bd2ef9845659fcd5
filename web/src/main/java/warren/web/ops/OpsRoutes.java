package warren.web.ops;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.ManagementException;
import warren.messaging.management.QueueStats;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.Route;

/**
 * The ops API under {@code /api/v1/ops/}, every route behind the {@link AdminGuard}. To add an ops
 * endpoint, add one line to {@link #register} with {@link #admin(Route)} around its handler.
 */
public final class OpsRoutes {
  private final AdminGuard guard;
  private final ManagementClient management;
  private final String vhost;

  /**
   * @param management the RabbitMQ management API ({@code WARREN_MGMT_*})
   * @param vhost the virtual host the mesh lives in
   */
  public OpsRoutes(AdminGuard guard, ManagementClient management, String vhost) {
    this.guard = guard;
    this.management = management;
    this.vhost = vhost;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes.get("/api/v1/ops/queues", admin(this::queues));
  }

  /** {@code route} for admins only: 401 anonymous, 403 for other users. */
  public Route guarded(Route route) {
    return exchange -> {
      guard.require(exchange);
      route.handle(exchange);
    };
  }

  private io.undertow.server.HttpHandler admin(Route route) {
    return Api.route(guarded(route));
  }

  /**
   * Every queue of the mesh with its depth, consumers and rates.
   *
   * <pre>curl -s localhost:8080/api/v1/ops/queues -H "Authorization: Bearer $WARREN_OPS_TOKEN"
   * </pre>
   */
  void queues(HttpServerExchange exchange) {
    List<QueueStats> stats;
    try {
      stats = management.queueStats(vhost);
    } catch (ManagementException e) {
      throw new ApiException(
          503,
          "unavailable",
          "The RabbitMQ management API did not answer: check WARREN_MGMT_URI and its credentials.");
    }
    ApiResponses.json(exchange, 200, stats.stream().map(OpsRoutes::row).toList());
  }

  private static Map<String, Object> row(QueueStats q) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", q.name());
    row.put("ready", q.messagesReady());
    row.put("unacked", q.messagesUnacknowledged());
    row.put("consumers", q.consumers());
    row.put("publishRate", q.publishRate());
    row.put("deliverRate", q.deliverRate());
    return row;
  }
}
