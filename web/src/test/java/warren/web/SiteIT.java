package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.web.AccountsApiIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.store.StoreApi;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/** The ops guard and queues, the pages, the health endpoints and the access log. */
class SiteIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static WebFixture app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = new WebFixture(broker).workers(db);
    api = new ApiClient(app.web().port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ops_queues_are_for_admins_and_the_ops_token_only() {
    String userToken = api.signUpAndLogIn("plain_user");
    String adminToken = api.signUpAndLogIn(WebFixture.ADMIN);
    assertError(401, "unauthenticated", api.get("/api/v1/ops/queues", null));
    assertError(401, "unauthenticated", api.get("/api/v1/ops/queues", "not-the-ops-token"));
    assertError(403, "forbidden", api.get("/api/v1/ops/queues", userToken));

    ApiClient.Answer byAdmin = api.get("/api/v1/ops/queues", adminToken);
    assertEquals(200, byAdmin.status(), byAdmin::toString);
    JsonNode row = queue(byAdmin.json(), "auth.check-session");
    assertTrue(row != null, byAdmin::toString);
    for (String field : new String[] {"ready", "unacked", "consumers"}) {
      assertTrue(row.path(field).isIntegralNumber(), field + " in " + row);
    }
    assertTrue(
        row.path("publishRate").isNumber() && row.path("deliverRate").isNumber(), row::toString);
    // The management API samples every few seconds, so the consumer shows up after a while.
    Conditions.waitUntil(
        Duration.ofSeconds(15),
        () ->
            queue(api.get("/api/v1/ops/queues", adminToken).json(), "auth.check-session")
                    .path("consumers")
                    .asInt()
                >= 1,
        "auth's consumer is listed");
    assertEquals(200, api.get("/api/v1/ops/queues", WebFixture.OPS_TOKEN).status());
  }

  private static JsonNode queue(JsonNode rows, String name) {
    for (JsonNode q : rows) {
      if (q.path("name").asText().equals(name)) {
        return q;
      }
    }
    return null;
  }

  @Test
  void the_ops_page_is_for_admins() {
    String userToken = api.signUpAndLogIn("page_user");
    assertError(401, "unauthenticated", api.get("/ops", null));
    assertError(403, "forbidden", api.get("/ops", userToken));
    int status = api.get("/ops", WebFixture.OPS_TOKEN).status();
    assertTrue(status == 200 || status == 404, "ops page for an admin: " + status);
  }

  @Test
  void pages_are_html_with_a_strict_content_security_policy_and_no_store() {
    ApiClient.Answer index = api.get("/", null);
    assertEquals(200, index.status());
    assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
    assertEquals("no-store", index.header("Cache-Control"));
    String csp = index.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(index.response().body().contains("/api/v1/"), "index says which API it uses");
    for (String path : new String[] {"/u/ada", "/search?q=x"}) {
      int status = api.get(path, null).status();
      assertTrue(status == 200 || status == 404, path + ": " + status);
    }
  }

  @Test
  void static_files_come_with_their_content_type() {
    ApiClient.Answer script = api.get("/static/probe.js", null);
    assertEquals(200, script.status());
    assertTrue(
        script.header("Content-Type").startsWith("application/javascript"),
        script.header("Content-Type"));
    assertEquals("nosniff", script.header("X-Content-Type-Options"));
    assertError(404, "not_found", api.get("/static/missing.js", null));
    assertError(404, "not_found", api.get("/static/../pages/index.html", null));
  }

  @Test
  void health_readiness_and_metrics_are_served_on_the_web_port() {
    assertEquals(200, api.get("/healthz", null).status());
    ApiClient.Answer ready = api.get("/readyz", null);
    assertEquals(200, ready.status(), ready::toString);
    assertTrue(ready.json().path("ready").asBoolean(), ready::toString);
    ApiClient.Answer metrics = api.get("/metrics", null);
    assertEquals(200, metrics.status());
    assertTrue(metrics.response().body().contains("warren_http_requests_seconds"), "http timer");
  }

  @Test
  void a_draining_instance_is_not_ready_but_still_serves() {
    WebServer draining = app.web();
    ApiClient other = new ApiClient(draining.port());
    draining.drain();
    ApiClient.Answer ready = other.get("/readyz", null);
    assertEquals(503, ready.status(), ready::toString);
    assertTrue(
        ready.json().path("problems").path("web").asText().startsWith("draining"), ready::toString);
    assertEquals(200, other.get("/healthz", null).status());
    assertEquals(404, other.get("/api/v1/users/nobody_here", null).status(), "still serving");
  }

  @Test
  void each_request_has_one_access_log_line_with_its_trace_id_and_no_secrets() {
    String password = "password-log_user";
    String token = api.signUpAndLogIn("log_user");
    ApiClient.Answer me =
        api.send("GET", "/api/v1/me", null, token, Map.of("X-Request-Id", "trace-me-12345678"));
    assertEquals("trace-me-12345678", me.header("X-Request-Id"));
    Pattern line =
        Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT[^ ]+Z GET /api/v1/me 200 \\d+ms user=log_user"
                + " trace=trace-me-12345678");
    Conditions.waitUntil(
        Duration.ofSeconds(5),
        () -> app.accessLog.stream().anyMatch(l -> line.matcher(l).matches()),
        "access log line like " + line + " in " + app.accessLog);
    assertTrue(
        app.accessLog.stream()
            .anyMatch(l -> l.contains("POST /api/v1/sessions 201") && l.contains("user=log_user")),
        app.accessLog::toString);
    assertError(401, "unauthenticated", api.get("/api/v1/me", "secret-looking-token"));
    Conditions.waitUntil(
        Duration.ofSeconds(5), () -> app.accessLog.stream().anyMatch(l -> l.contains(" 401 ")));
    for (String l : app.accessLog) {
      assertFalse(
          l.contains(token) || l.contains(password) || l.contains("secret-looking-token"), l);
    }
  }

  @Test
  void the_messages_a_request_sends_carry_its_trace_id() {
    String copy = "test.create-post-copy";
    broker.withChannel(
        channel -> {
          channel.queueDeclare(copy, false, false, false, Map.of());
          channel.queueBind(copy, "warren.commands", StoreApi.CREATE_POST.name());
          return null;
        });
    String token = api.signUpAndLogIn("trace_user");
    ApiClient.Answer post =
        api.send(
            "POST",
            "/api/v1/posts",
            Map.of("text", "follow me"),
            token,
            Map.of("X-Request-Id", "trace-post-87654321"));
    assertEquals(202, post.status(), post::toString);
    GetResponse message = broker.take(copy);
    assertNotEquals(null, message, "the command reached the copy queue");
    assertEquals(
        "trace-post-87654321",
        String.valueOf(message.getProps().getHeaders().get("x-warren-trace-id")));
    assertTrue(
        app.accessLog.stream()
            .anyMatch(
                l ->
                    l.contains("POST /api/v1/posts 202")
                        && l.endsWith("trace=trace-post-87654321")),
        app.accessLog::toString);
  }
}
