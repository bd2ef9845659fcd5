package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static warren.web.AccountsApiIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * Webhooks through web's API, served by the real notify worker (local targets allowed, as with
 * {@code WARREN_WEBHOOK_ALLOW_PRIVATE=true}), delivering to an HTTP server in this test.
 */
class WebhooksIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final Duration SOON = Duration.ofSeconds(15);
  private static WebFixture app;
  private static ApiClient api;
  private static HttpServer target;
  private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  record Delivery(String id, JsonNode post) {}

  @BeforeAll
  static void start() throws IOException {
    app = new WebFixture(broker).workers(db).notify(db, true);
    api = new ApiClient(app.web().port());
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          deliveries.add(
              new Delivery(
                  exchange.getRequestHeaders().getFirst("Warren-Delivery"),
                  ApiClient.JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    target.start();
  }

  @AfterAll
  static void stop() {
    target.stop(0);
    app.close();
  }

  private static String hookUrl(String path) {
    return "http://127.0.0.1:" + target.getAddress().getPort() + path;
  }

  private static String user(String name) {
    String token = api.signUpAndLogIn(name);
    Conditions.waitUntil(SOON, () -> api.get("/api/v1/users/" + name, null).status() == 200);
    return token;
  }

  @Test
  void a_webhook_receives_each_post_by_someone_its_owner_follows() {
    String adaToken = user("hook_ada");
    String bobToken = user("hook_bob");
    ApiClient.Answer created =
        api.post("/api/v1/webhooks", Map.of("url", hookUrl("/hook")), bobToken);
    assertEquals(201, created.status(), created::toString);
    assertEquals(hookUrl("/hook"), created.json().path("url").asText());
    String hookId = created.json().path("id").asText();
    assertEquals(
        204, api.send("PUT", "/api/v1/users/hook_ada/follow", null, bobToken, Map.of()).status());

    // Notify learns the follow from an event; post until a delivery shows it has.
    String delivered = null;
    for (int i = 0; i < 5 && delivered == null; i++) {
      String id = api.postText(adaToken, "for bob's hook " + i);
      try {
        Conditions.waitUntil(
            Duration.ofSeconds(3),
            () -> deliveries.stream().anyMatch(d -> d.post().path("id").asText().equals(id)));
        delivered = id;
      } catch (AssertionError notYet) {
        // the follow had not reached notify yet
      }
    }
    assertNotNull(delivered, "no delivery reached the target");
    String postId = delivered;
    Delivery delivery =
        deliveries.stream()
            .filter(d -> d.post().path("id").asText().equals(postId))
            .findFirst()
            .get();
    assertEquals("hook_ada", delivery.post().path("author").asText());
    assertFalse(delivery.id() == null || delivery.id().isBlank(), "Warren-Delivery header");

    Conditions.waitUntil(
        SOON,
        () -> api.get("/api/v1/webhooks", bobToken).json().get(0).path("delivered").asLong() >= 1,
        "the list counts the delivery");
    JsonNode row = api.get("/api/v1/webhooks", bobToken).json().get(0);
    assertEquals(hookId, row.path("id").asText());
    assertEquals(hookUrl("/hook"), row.path("url").asText());
    assertEquals(0, row.path("failed").asLong());
    assertEquals(true, row.has("lastError"), row::toString);
  }

  @Test
  void creating_checks_the_url_and_refuses_the_same_url_twice() {
    String token = user("hook_cat");
    assertError(
        400,
        "invalid_url",
        api.post("/api/v1/webhooks", Map.of("url", "ftp://example.org/x"), token));
    assertError(
        400, "invalid_url", api.post("/api/v1/webhooks", Map.of("url", "not a url"), token));
    assertError(
        400, "invalid_url", api.post("/api/v1/webhooks", Map.of("url", "/relative/path"), token));
    assertError(400, "invalid_body", api.post("/api/v1/webhooks", Map.of("address", "x"), token));
    assertEquals(
        201, api.post("/api/v1/webhooks", Map.of("url", hookUrl("/twice")), token).status());
    assertError(
        409,
        "duplicate_url",
        api.post("/api/v1/webhooks", Map.of("url", hookUrl("/twice")), token));
  }

  @Test
  void deleting_a_webhook_and_another_users_is_404() {
    String danToken = user("hook_dan");
    String eveToken = user("hook_eve");
    String id =
        api.post("/api/v1/webhooks", Map.of("url", hookUrl("/dan")), danToken)
            .json()
            .path("id")
            .asText();
    assertError(
        404, "not_found", api.send("DELETE", "/api/v1/webhooks/" + id, null, eveToken, Map.of()));
    assertEquals(
        204, api.send("DELETE", "/api/v1/webhooks/" + id, null, danToken, Map.of()).status());
    assertError(
        404, "not_found", api.send("DELETE", "/api/v1/webhooks/" + id, null, danToken, Map.of()));
    assertEquals(0, api.get("/api/v1/webhooks", danToken).json().size());
  }

  @Test
  void webhooks_need_a_session() {
    assertError(401, "unauthenticated", api.get("/api/v1/webhooks", null));
    assertError(
        401, "unauthenticated", api.post("/api/v1/webhooks", Map.of("url", hookUrl("/x")), null));
    assertError(
        401,
        "unauthenticated",
        api.send("DELETE", "/api/v1/webhooks/some-id", null, null, Map.of()));
  }
}
