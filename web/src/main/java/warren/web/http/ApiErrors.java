package warren.web.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.contracts.auth.AuthErrors;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.StoreApi;
import warren.messaging.BrokerUnavailableException;
import warren.messaging.CircuitOpenException;
import warren.messaging.DeadlineExceededException;
import warren.messaging.NoRouteException;
import warren.messaging.PublishRejectedException;
import warren.messaging.RemoteException;
import warren.messaging.management.ManagementException;
import warren.messaging.ops.DeadLetterNotFoundException;

/**
 * The one place where a failure becomes an HTTP answer of API.md's shape {@code {"error",
 * "message"}}: worker error codes to their statuses, Warren's exceptions to 503 and 504, anything
 * else to a 500 whose details go to the log, never to the client.
 */
public final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  /** Worker error codes (from the contracts) and the HTTP status each one means. */
  private static final Map<String, Integer> REMOTE_STATUS =
      Map.ofEntries(
          Map.entry(AuthErrors.INVALID_USERNAME, 400),
          Map.entry(AuthErrors.INVALID_PASSWORD, 400),
          Map.entry(AuthErrors.USERNAME_TAKEN, 409),
          Map.entry(AuthErrors.BAD_CREDENTIALS, 401),
          Map.entry(AuthErrors.UNAUTHENTICATED, 401),
          Map.entry(AuthErrors.RATE_LIMITED, 429),
          Map.entry(StoreApi.NOT_FOUND, 404),
          Map.entry(StoreApi.INVALID_FOLLOW, 400),
          Map.entry(StoreApi.INVALID_TEXT, 400),
          Map.entry(StoreApi.INVALID_QUERY, 400),
          Map.entry(StoreApi.INVALID_LIMIT, 400),
          Map.entry(StoreApi.INVALID_CURSOR, 400),
          Map.entry(NotifyApi.INVALID_URL, 400),
          Map.entry(NotifyApi.FORBIDDEN_TARGET, 400),
          Map.entry(NotifyApi.DUPLICATE_URL, 409));

  private ApiErrors() {}

  /** What the client gets for this failure. */
  public static ApiException toApi(Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof RemoteException remote) {
      Integer status = REMOTE_STATUS.get(remote.code());
      if (status != null) {
        Duration retryAfter =
            status == 429 ? AuthErrors.retryAfter(remote.remoteMessage()).orElse(null) : null;
        return new ApiException(
            status, remote.code(), sentence(remote.remoteMessage()), retryAfter);
      }
      log.error("worker failed: {}", remote.getMessage());
      return internal();
    }
    if (failure instanceof DeadLetterNotFoundException notFound) {
      return ApiException.notFound(sentence(notFound.getMessage()));
    }
    if (failure instanceof ManagementException management) {
      log.warn("management API: {}", management.getMessage());
      return new ApiException(
          503,
          "unavailable",
          "The RabbitMQ management API did not answer: check WARREN_MGMT_URI and its credentials.",
          Duration.ofSeconds(1));
    }
    if (failure instanceof DeadlineExceededException) {
      log.warn("timeout: {}", failure.getMessage());
      return new ApiException(
          504, "timeout", "A service did not answer in time; please try again in a moment.");
    }
    if (failure instanceof BrokerUnavailableException
        || failure instanceof CircuitOpenException
        || failure instanceof NoRouteException
        || failure instanceof PublishRejectedException) {
      log.warn("unavailable: {}", failure.getMessage());
      return new ApiException(
          503,
          "unavailable",
          "The service is unavailable right now; please try again in a moment.",
          Duration.ofSeconds(1));
    }
    log.error("request failed", failure);
    return internal();
  }

  /** Sends the error answer for {@code failure}, unless a response has already started. */
  public static void respond(HttpServerExchange exchange, Throwable failure) {
    ApiException api = toApi(failure);
    if (exchange.isResponseStarted()) {
      log.warn("cannot answer {} {}: response already started", api.status(), api.code());
      return;
    }
    send(exchange, api);
  }

  /** Writes {@code {"error", "message"}} with the status (and {@code Retry-After} if any). */
  public static void send(HttpServerExchange exchange, ApiException api) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", api.code());
    body.put("message", api.getMessage());
    exchange.setStatusCode(api.status());
    if (api.retryAfter() != null) {
      long seconds = Math.max(1, (api.retryAfter().toMillis() + 999) / 1000);
      exchange.getResponseHeaders().put(new HttpString("Retry-After"), Long.toString(seconds));
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ApiResponses.JSON);
    ApiResponses.noStore(exchange);
    exchange.getResponseSender().send(JsonBodies.write(body));
  }

  private static ApiException internal() {
    return new ApiException(
        500, "internal", "Something went wrong on our side; the error is logged.");
  }

  // Worker messages are lower-case clauses ("the username 'ada' is taken: choose another one");
  // API.md wants a sentence.
  private static String sentence(String message) {
    if (message == null || message.isBlank()) {
      return "The request was refused.";
    }
    String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
