package warren.web.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.util.Deque;
import warren.contracts.store.StoreApi;

/** Reading what a request carries: path parameters, query parameters, the JSON body. */
public final class Requests {
  private Requests() {}

  /** A parameter of the matched path template, such as {@code {username}}. */
  public static String pathParam(HttpServerExchange exchange, String name) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String value = match == null ? null : match.getParameters().get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter {" + name + "}");
    }
    return value;
  }

  /** The first value of a query parameter, or null. */
  public static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /**
   * {@code ?limit=}: null when absent, else 1..{@value StoreApi#MAX_PAGE_LIMIT}.
   *
   * @throws ApiException 400 {@code invalid_limit}
   */
  public static Integer limit(HttpServerExchange exchange) {
    String raw = query(exchange, "limit");
    if (raw == null) {
      return null;
    }
    try {
      int limit = Integer.parseInt(raw.strip());
      if (limit >= 1 && limit <= StoreApi.MAX_PAGE_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        StoreApi.INVALID_LIMIT,
        "limit must be a whole number from 1 to " + StoreApi.MAX_PAGE_LIMIT + ".");
  }

  /** {@code ?before=}: the cursor of the previous page, or null. */
  public static String before(HttpServerExchange exchange) {
    String raw = query(exchange, "before");
    return raw == null || raw.isEmpty() ? null : raw;
  }

  /**
   * The body as a JSON object, at most 64 KiB.
   *
   * @throws ApiException 413, or 400 when it is not a JSON object or cannot be read (broken chunked
   *     encoding, fewer bytes than its Content-Length): the client's fault, not a 500
   */
  public static JsonNode jsonObject(HttpServerExchange exchange) throws IOException {
    long declared = exchange.getRequestContentLength();
    if (declared > JsonBodies.MAX_BODY_BYTES) {
      throw JsonBodies.tooLarge();
    }
    try {
      return JsonBodies.readObject(exchange.getInputStream());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "unreadable_body",
          "The request body could not be read ("
              + e.getMessage()
              + "): send it whole, with a correct Content-Length or chunked encoding.");
    }
  }
}
