package warren.messaging.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import warren.messaging.Warren;

/**
 * The routes every Warren process serves: {@code GET /healthz} (200 while the process runs), {@code
 * GET /readyz} (200 when the broker connections are up, the process is not draining and every
 * registered check passes; else 503 with the reasons as JSON) and {@code GET /metrics} (Prometheus
 * text). Mounted by {@link HealthServer} in workers and by the web tier on its own server.
 *
 * <pre>curl -s localhost:8281/readyz</pre>
 */
public final class HealthRoutes {
  private final Warren warren;
  private final Map<String, ReadinessCheck> checks;
  private final ObjectMapper mapper = new ObjectMapper();

  public HealthRoutes(Warren warren, Map<String, ReadinessCheck> checks) {
    this.warren = warren;
    this.checks = Map.copyOf(checks);
  }

  /** Adds the routes to an Undertow router. */
  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .get("/healthz", ex -> text(ex, 200, "ok\n"))
        .get("/readyz", this::ready)
        .get("/metrics", this::metrics);
  }

  private void ready(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this::ready);
      return;
    }
    Warren.Health health = warren.health();
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    body.put("service", warren.config().service());
    body.put("instance", warren.config().instance());
    body.put("state", health.state().name().toLowerCase(java.util.Locale.ROOT));
    body.put("broker", health.connections());
    body.put("inHand", health.inHand());
    if (health.state() != Warren.State.RUNNING) {
      problems.put("lifecycle", "draining: finishing messages in hand before shutdown");
    }
    if (!health.brokerUp()) {
      problems.put("broker", "broker connection not up: " + health.problem());
    }
    checks.forEach((name, check) -> check.problem().ifPresent(p -> problems.put(name, p)));
    body.put("ready", problems.isEmpty());
    body.put("problems", problems);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.setStatusCode(problems.isEmpty() ? 200 : 503);
    exchange.getResponseSender().send(mapper.writeValueAsString(body));
  }

  private void metrics(HttpServerExchange exchange) {
    if (warren.meterRegistry() instanceof PrometheusMeterRegistry prometheus) {
      exchange
          .getResponseHeaders()
          .put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      exchange.getResponseSender().send(prometheus.scrape());
    } else {
      text(exchange, 501, "metrics registry is not Prometheus: configure none to get one\n");
    }
  }

  private static void text(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(body);
  }
}
