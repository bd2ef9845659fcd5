package warren.web.stream;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.time.Duration;
import warren.web.auth.CurrentUser;
import warren.web.auth.Sessions;
import warren.web.http.Api;

/**
 * {@code GET /api/v1/stream}: server-sent events, one {@code post} event (data: the Post as JSON,
 * id: its id) for every new post by someone the user follows, from the moment of connecting, and a
 * comment line when idle.
 *
 * <pre>curl -sN localhost:8080/api/v1/stream -H "Authorization: Bearer $TOKEN"</pre>
 */
public final class StreamRoutes {
  /** How long a browser waits before reconnecting a dropped stream. */
  static final Duration RECONNECT = Duration.ofSeconds(3);

  private final Sessions sessions;
  private final StreamHub hub;

  public StreamRoutes(Sessions sessions, StreamHub hub) {
    this.sessions = sessions;
    this.hub = hub;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes.get("/api/v1/stream", Api.route(this::stream));
  }

  void stream(HttpServerExchange exchange) throws Exception {
    CurrentUser user = sessions.require(exchange);
    StreamHub.Subscription subscription = hub.open(user.id());
    exchange.addExchangeCompleteListener(
        (ex, next) -> {
          subscription.close();
          next.proceed();
        });
    exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-store");
    // Tells proxies such as nginx not to buffer the stream.
    exchange.getResponseHeaders().put(new io.undertow.util.HttpString("X-Accel-Buffering"), "no");
    new ServerSentEventHandler(
            (connection, lastEventId) -> {
              connection.sendRetry(RECONNECT.toMillis());
              subscription.attach(connection);
            })
        .handleRequest(exchange);
  }
}
