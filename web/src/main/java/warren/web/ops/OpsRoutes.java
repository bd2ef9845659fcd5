package warren.web.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.QueueStats;
import warren.messaging.ops.DeadLetters;
import warren.messaging.ops.Selection;
import warren.messaging.ops.ServiceGraph;
import warren.messaging.scaling.ScalingHints;
import warren.messaging.topology.Definitions;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.Requests;
import warren.web.http.Route;

/**
 * The ops API under {@code /api/v1/ops/}, every route behind the {@link AdminGuard}. To add an ops
 * endpoint, add one line to {@link #register} with {@link #admin(Route)} around its handler. Every
 * route blocks (management API, AMQP), so each runs on a worker thread ({@link Api#route}); errors
 * become API.md's shape in {@link warren.web.http.ApiErrors} (an unknown queue, id or group is 404
 * {@code not_found}, the management API away 503).
 *
 * <pre>
 * H="Authorization: Bearer $WARREN_OPS_TOKEN"
 * curl -s localhost:8080/api/v1/ops/dead-letters -H "$H"
 * curl -s localhost:8080/api/v1/ops/dead-letters/store.create-post.dlq/replay?dryRun=true -H "$H" \
 *   -d '{"all": true}'
 * </pre>
 */
public final class OpsRoutes implements AutoCloseable {
  /** Messages a dead-letter read answers when {@code ?limit=} is not given. */
  public static final int DEFAULT_READ_LIMIT = 100;

  private final AdminGuard guard;
  private final ManagementClient management;
  private final String vhost;
  private final OperatorConnection operator;
  private final ScalingHints scaling;
  private final Definitions definitions = Definitions.bundled();

  /**
   * @param management the RabbitMQ management API ({@code WARREN_MGMT_*})
   * @param vhost the virtual host the mesh lives in
   * @param operator the dead letters, as the operator user ({@code WARREN_OPS_AMQP_URI})
   * @param scaling the process's one scaling advisor (it keeps the damping history)
   */
  OpsRoutes(
      AdminGuard guard,
      ManagementClient management,
      String vhost,
      OperatorConnection operator,
      ScalingHints scaling) {
    this.guard = guard;
    this.management = management;
    this.vhost = vhost;
    this.operator = operator;
    this.scaling = scaling;
  }

  /** The ops routes of one web process; {@link #close()} ends its operator connection. */
  public static OpsRoutes create(
      AdminGuard guard,
      ManagementClient management,
      String vhost,
      URI opsAmqpUri,
      ScalingHints scaling) {
    return new OpsRoutes(
        guard, management, vhost, new OperatorConnection(opsAmqpUri, management), scaling);
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .get("/api/v1/ops/queues", admin(this::queues))
        .get("/api/v1/ops/dead-letters", admin(this::deadLetterQueues))
        .get("/api/v1/ops/dead-letters/{queue}", admin(this::deadLetters))
        .get("/api/v1/ops/dead-letters/{queue}/groups", admin(this::groups))
        .post("/api/v1/ops/dead-letters/{queue}/replay", admin(this::replay))
        .post("/api/v1/ops/dead-letters/{queue}/discard", admin(this::discard))
        .get("/api/v1/ops/graph", admin(this::graph))
        .get("/api/v1/ops/scaling", admin(this::scaling));
  }

  /** {@code route} for admins only: 401 anonymous, 403 for other users. */
  public Route guarded(Route route) {
    return exchange -> {
      guard.require(exchange);
      route.handle(exchange);
    };
  }

  private HttpHandler admin(Route route) {
    return Api.route(guarded(route));
  }

  @Override
  public void close() {
    operator.close();
  }

  /**
   * Every queue of the mesh with its depth, consumers and rates.
   *
   * <pre>curl -s localhost:8080/api/v1/ops/queues -H "Authorization: Bearer $WARREN_OPS_TOKEN"
   * </pre>
   */
  void queues(HttpServerExchange exchange) {
    List<QueueStats> stats = management.queueStats(vhost);
    ApiResponses.json(exchange, 200, stats.stream().map(OpsRoutes::row).toList());
  }

  /** {@code GET /api/v1/ops/dead-letters}: {@code [{"queue", "count"}]}. */
  void deadLetterQueues(HttpServerExchange exchange) {
    ApiResponses.json(exchange, 200, deadLetters().queues());
  }

  /**
   * {@code GET /api/v1/ops/dead-letters/{queue}?limit=}: the first messages (default {@value
   * #DEFAULT_READ_LIMIT}, at most {@link DeadLetters#MAX_HELD}), removing none.
   */
  void deadLetters(HttpServerExchange exchange) {
    ApiResponses.json(exchange, 200, deadLetters().read(queue(exchange), readLimit(exchange)));
  }

  /** {@code GET /api/v1/ops/dead-letters/{queue}/groups}. */
  void groups(HttpServerExchange exchange) {
    ApiResponses.json(exchange, 200, deadLetters().groups(queue(exchange)));
  }

  /**
   * {@code POST /api/v1/ops/dead-letters/{queue}/replay} with {@code {"ids": [...]}}, {@code
   * {"group": "..."}} or {@code {"all": true}}; {@code ?dryRun=true} answers the plan only.
   */
  void replay(HttpServerExchange exchange) throws Exception {
    String queue = queue(exchange);
    Selection selection = selection(Requests.jsonObject(exchange));
    boolean dryRun = "true".equalsIgnoreCase(Requests.query(exchange, "dryRun"));
    ApiResponses.json(exchange, 200, deadLetters().replay(queue, selection, dryRun));
  }

  /** {@code POST /api/v1/ops/dead-letters/{queue}/discard} with {@code {"ids": [...]}}. */
  void discard(HttpServerExchange exchange) throws Exception {
    String queue = queue(exchange);
    Selection selection = selection(Requests.jsonObject(exchange));
    ApiResponses.json(exchange, 200, deadLetters().discard(queue, selection));
  }

  /**
   * {@code GET /api/v1/ops/graph}: API.md's {@code nodes} and {@code edges}, plus {@code alerts}
   * (what stands out, in words).
   */
  void graph(HttpServerExchange exchange) {
    ApiResponses.json(exchange, 200, ServiceGraph.of(definitions, management, vhost));
  }

  /** {@code GET /api/v1/ops/scaling}: one damped hint per worker role, with its reason. */
  void scaling(HttpServerExchange exchange) {
    ApiResponses.json(exchange, 200, scaling.refresh());
  }

  private DeadLetters deadLetters() {
    return operator.deadLetters();
  }

  private static String queue(HttpServerExchange exchange) {
    return Requests.pathParam(exchange, "queue");
  }

  private static int readLimit(HttpServerExchange exchange) {
    String raw = Requests.query(exchange, "limit");
    if (raw == null) {
      return DEFAULT_READ_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.strip());
      if (limit >= 1 && limit <= DeadLetters.MAX_HELD) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "invalid_limit", "limit must be a whole number from 1 to " + DeadLetters.MAX_HELD + ".");
  }

  /**
   * Exactly one of {@code {"ids": ["..."]}}, {@code {"group": "..."}}, {@code {"all": true}}.
   *
   * @throws ApiException 400 {@code invalid_body} for anything else
   */
  static Selection selection(JsonNode body) {
    List<String> given = new ArrayList<>();
    body.fieldNames().forEachRemaining(given::add);
    given.retainAll(List.of("ids", "group", "all"));
    if (given.size() != 1) {
      throw invalidSelection();
    }
    switch (given.get(0)) {
      case "ids" -> {
        JsonNode ids = body.get("ids");
        if (!ids.isArray() || ids.isEmpty()) {
          throw invalidSelection();
        }
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
          if (!id.isTextual() || id.asText().isBlank()) {
            throw invalidSelection();
          }
          list.add(id.asText());
        }
        return Selection.ids(list);
      }
      case "group" -> {
        JsonNode group = body.get("group");
        if (!group.isTextual() || group.asText().isBlank()) {
          throw invalidSelection();
        }
        return Selection.group(group.asText());
      }
      default -> {
        if (!body.get("all").isBoolean() || !body.get("all").asBoolean()) {
          throw invalidSelection();
        }
        return Selection.all();
      }
    }
  }

  private static ApiException invalidSelection() {
    return ApiException.badRequest(
        "invalid_body",
        "Say which messages: {\"ids\": [\"<id>\", ...]}, {\"group\": \"<group>\"} or"
            + " {\"all\": true}.");
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
