package warren.web.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** Successful JSON answers, with the headers every API response carries. */
public final class ApiResponses {
  public static final String JSON = "application/json; charset=utf-8";

  private ApiResponses() {}

  /** Answers {@code status} with {@code body} as JSON. */
  public static void json(HttpServerExchange exchange, int status, Object body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
    noStore(exchange);
    exchange.getResponseSender().send(JsonBodies.write(body));
  }

  /** Answers 204 with no body. */
  public static void noContent(HttpServerExchange exchange) {
    exchange.setStatusCode(204);
    noStore(exchange);
    exchange.endExchange();
  }

  /** API answers are per user and change all the time: no cache may keep them. */
  public static void noStore(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
  }
}
