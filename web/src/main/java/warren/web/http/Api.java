package warren.web.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import warren.messaging.Trace;

/**
 * Adapts a {@link Route} to Undertow: leaves the I/O thread (routes block on Warren calls), turns
 * on blocking I/O, sets {@link Trace} to the request's correlation id so every message the route
 * sends carries it, and answers any failure in API.md's error shape.
 */
public final class Api {
  private Api() {}

  /** The Undertow handler for {@code route}. */
  public static HttpHandler route(Route route) {
    return new HttpHandler() {
      @Override
      public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
          exchange.dispatch(this);
          return;
        }
        exchange.startBlocking();
        try (Trace.Scope scope = Trace.open(AccessLog.traceId(exchange))) {
          route.handle(exchange);
        } catch (Throwable failure) {
          ApiErrors.respond(exchange, failure);
        }
      }
    };
  }
}
