package warren.web.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import warren.contracts.notify.CreateWebhook;
import warren.contracts.notify.DeleteWebhook;
import warren.contracts.notify.ListWebhooks;
import warren.contracts.notify.NotifyApi;
import warren.contracts.notify.Webhook;
import warren.messaging.Warren;
import warren.web.auth.CurrentUser;
import warren.web.auth.Sessions;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.JsonBodies;
import warren.web.http.Requests;

/**
 * A user's webhooks, proxied to notify, which owns them and checks the target address (also again
 * at delivery time). The URL's form is checked here too, to answer 400 without a round trip.
 */
public final class WebhookRoutes {
  private final Warren warren;
  private final Sessions sessions;
  private final Duration deadline;

  public WebhookRoutes(Warren warren, Sessions sessions, Duration deadline) {
    this.warren = warren;
    this.sessions = sessions;
    this.deadline = deadline;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .post("/api/v1/webhooks", Api.route(this::create))
        .get("/api/v1/webhooks", Api.route(this::list))
        .delete("/api/v1/webhooks/{id}", Api.route(this::delete));
  }

  /**
   * Registers a URL to receive each post by someone the user follows.
   *
   * <pre>
   * curl -si localhost:8080/api/v1/webhooks -H "Authorization: Bearer $T" \
   *   -d '{"url":"https://example.org/hook"}'
   * </pre>
   */
  void create(HttpServerExchange exchange) throws Exception {
    CurrentUser user = sessions.require(exchange);
    JsonNode body = Requests.jsonObject(exchange);
    String url = JsonBodies.requiredString(body, "url");
    if (!isAbsoluteHttp(url)) {
      throw ApiException.badRequest(
          NotifyApi.INVALID_URL,
          "The webhook URL must be an absolute http:// or https:// URL with a host.");
    }
    Webhook hook =
        warren.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(user.id(), url), deadline);
    ApiResponses.json(exchange, 201, hook); // {"id", "url"}
  }

  /**
   * The user's webhooks with delivery counts.
   *
   * <pre>curl -s localhost:8080/api/v1/webhooks -H "Authorization: Bearer $T"</pre>
   */
  void list(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    ApiResponses.json(
        exchange,
        200,
        warren.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(user.id()), deadline).webhooks());
  }

  /**
   * Removes one of the user's webhooks; another user's id is 404.
   *
   * <pre>curl -si -X DELETE localhost:8080/api/v1/webhooks/$ID -H "Authorization: Bearer $T"</pre>
   */
  void delete(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    warren.call(
        NotifyApi.WEBHOOK_DELETE,
        new DeleteWebhook(user.id(), Requests.pathParam(exchange, "id")),
        deadline);
    ApiResponses.noContent(exchange);
  }

  static boolean isAbsoluteHttp(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && !uri.getHost().isBlank();
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
