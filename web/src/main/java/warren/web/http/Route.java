package warren.web.http;

import io.undertow.server.HttpServerExchange;

/**
 * One API route. Runs on a worker thread in blocking mode with the request's trace id set, so it
 * may call workers through Warren; whatever it throws becomes API.md's error shape (see {@link
 * ApiErrors}).
 */
@FunctionalInterface
public interface Route {
  void handle(HttpServerExchange exchange) throws Exception;
}
