package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;
import warren.web.ApiClient.Answer;

/**
 * Users, sessions, CSRF and the conventions every route shares (404, 405, 400, 413), through the
 * real HTTP API against the real auth and store workers.
 */
class AccountsApiIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final AtomicInteger names = new AtomicInteger();
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

  static String name(String prefix) {
    return prefix + "_" + names.incrementAndGet();
  }

  @Test
  void sign_up_answers_201_with_id_and_username() {
    String ada = name("ada");
    Answer answer =
        api.post("/api/v1/users", Map.of("username", ada, "password", "correct horse"), null);
    assertEquals(201, answer.status(), answer::toString);
    assertEquals(ada, answer.json().path("username").asText());
    assertFalse(answer.json().path("id").asText().isBlank());
    assertEquals("application/json; charset=utf-8", answer.header("Content-Type"));
    assertEquals("no-store", answer.header("Cache-Control"));
  }

  @Test
  void log_in_answers_the_token_and_sets_it_as_an_http_only_lax_cookie() {
    String ada = name("ada");
    api.post("/api/v1/users", Map.of("username", ada, "password", "password-" + ada), null);
    Answer answer =
        api.post("/api/v1/sessions", Map.of("username", ada, "password", "password-" + ada), null);
    assertEquals(201, answer.status(), answer::toString);
    String token = answer.json().path("token").asText();
    assertEquals(ada, answer.json().path("user").path("username").asText());
    String cookie = answer.header("Set-Cookie");
    assertNotNull(cookie);
    assertTrue(cookie.startsWith("warren_session=" + token), cookie);
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("SameSite=Lax"), cookie);
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("path=/"), cookie);

    Answer byBearer = api.get("/api/v1/me", token);
    assertEquals(200, byBearer.status(), byBearer::toString);
    assertEquals(ada, byBearer.json().path("username").asText());
    assertFalse(byBearer.json().path("admin").asBoolean());
    Answer byCookie = api.send("GET", "/api/v1/me", null, null, cookie(token));
    assertEquals(200, byCookie.status(), byCookie::toString);
  }

  @Test
  void me_says_admin_for_a_user_named_in_warren_admins() {
    String token = api.signUpAndLogIn(WebFixture.ADMIN);
    assertTrue(api.get("/api/v1/me", token).json().path("admin").asBoolean());
  }

  @Test
  void sign_up_refuses_bad_usernames_and_passwords_with_400() {
    assertError(400, "invalid_username", signUp("Ada!", "correct horse"));
    assertError(400, "invalid_username", signUp("ab", "correct horse"));
    assertError(400, "invalid_username", signUp("a".repeat(21), "correct horse"));
    assertError(400, "invalid_password", signUp(name("bob"), "short"));
    assertError(400, "invalid_password", signUp(name("bob"), "x".repeat(129)));
  }

  @Test
  void sign_up_with_a_taken_username_is_409_username_taken() {
    String ada = name("ada");
    assertEquals(201, signUp(ada, "correct horse").status());
    assertError(409, "username_taken", signUp(ada, "another password"));
  }

  @Test
  void a_body_that_is_not_json_or_not_the_right_shape_is_400() {
    assertError(400, "invalid_json", api.post("/api/v1/users", "{not json", null));
    assertError(400, "invalid_body", api.post("/api/v1/users", "[1, 2]", null));
    assertError(400, "invalid_body", api.post("/api/v1/users", Map.of("username", "ada"), null));
    assertError(
        400, "invalid_body", api.post("/api/v1/users", Map.of("username", 7, "password", 8), null));
  }

  @Test
  void a_body_over_64_KiB_is_413() {
    String huge = "{\"username\":\"" + "a".repeat(65 * 1024) + "\",\"password\":\"x\"}";
    assertError(413, "too_large", api.post("/api/v1/users", huge, null));
  }

  @Test
  void log_in_with_unknown_user_or_wrong_password_is_the_same_401() {
    String ada = name("ada");
    signUp(ada, "correct horse");
    Answer wrong =
        api.post("/api/v1/sessions", Map.of("username", ada, "password", "wrong horse"), null);
    Answer unknown =
        api.post(
            "/api/v1/sessions",
            Map.of("username", name("nobody"), "password", "x".repeat(9)),
            null);
    assertError(401, "bad_credentials", wrong);
    assertError(401, "bad_credentials", unknown);
    assertEquals(wrong.json(), unknown.json());
  }

  @Test
  void repeated_failed_log_ins_for_one_username_get_429_with_retry_after() {
    String ada = name("ada");
    signUp(ada, "correct horse");
    Answer last = null;
    for (int i = 0; i < 6; i++) {
      last =
          api.post(
              "/api/v1/sessions", Map.of("username", ada, "password", "wrong horse " + i), null);
    }
    assertError(429, "rate_limited", last);
    assertTrue(Integer.parseInt(last.header("Retry-After")) > 0, last.header("Retry-After"));
  }

  @Test
  void logging_out_revokes_the_token_everywhere() {
    String token = api.signUpAndLogIn(name("ada"));
    Answer out = api.send("DELETE", "/api/v1/sessions", null, token, Map.of());
    assertEquals(204, out.status(), out::toString);
    assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
    assertError(401, "unauthenticated", api.get("/api/v1/me", token));
    assertError(
        401, "unauthenticated", api.send("DELETE", "/api/v1/sessions", null, token, Map.of()));
    assertError(
        401, "unauthenticated", api.send("DELETE", "/api/v1/sessions", null, null, Map.of()));
  }

  @Test
  void logging_out_on_one_instance_revokes_the_session_another_instance_has_cached() {
    ApiClient other = new ApiClient(app.web().port());
    String token = api.signUpAndLogIn(name("ada"));
    // Both instances have checked the session, so both hold it in their cache.
    assertEquals(200, other.get("/api/v1/me", token).status());
    assertEquals(200, api.get("/api/v1/me", token).status());

    assertEquals(204, api.send("DELETE", "/api/v1/sessions", null, token, Map.of()).status());

    assertError(401, "unauthenticated", other.get("/api/v1/me", token));
    assertError(401, "unauthenticated", api.get("/api/v1/me", token));
  }

  @Test
  void a_session_ended_while_an_instance_was_away_from_the_broker_is_not_served_from_its_cache() {
    String instance = "cache-test-" + java.util.UUID.randomUUID();
    // Slow recovery, so that the log-out happens while the other instance is away.
    Warren away =
        app.webWarren(
            WarrenConfig.builder().instance(instance).recoveryInterval(Duration.ofSeconds(4)));
    ApiClient other = new ApiClient(app.web(app.config(), away).port());
    String token = api.signUpAndLogIn(name("ada"));
    assertEquals(200, other.get("/api/v1/me", token).status(), "cached on the other instance");

    broker.closeConnectionsOf(instance, 3);
    Conditions.waitUntil(
        Duration.ofSeconds(5), () -> !away.health().ready(), "the other instance is away");
    // Auth announces the end while the other instance's notification queue is gone.
    assertEquals(204, api.send("DELETE", "/api/v1/sessions", null, token, Map.of()).status());
    Conditions.waitUntil(
        Duration.ofSeconds(20), () -> away.health().ready(), "the other instance is back");

    assertError(401, "unauthenticated", other.get("/api/v1/me", token));
  }

  @Test
  void me_without_a_valid_session_is_401() {
    assertError(401, "unauthenticated", api.get("/api/v1/me", null));
    assertError(401, "unauthenticated", api.get("/api/v1/me", "not-a-token"));
    assertError(
        401,
        "unauthenticated",
        api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "Basic YWRhOng=")));
  }

  @Test
  void a_state_change_by_cookie_without_proof_of_origin_is_403() {
    String token = api.signUpAndLogIn(name("ada"));
    Map<String, String> body = Map.of("text", "csrf?");
    assertError(403, "csrf_rejected", api.send("POST", "/api/v1/posts", body, null, cookie(token)));
    assertError(
        403,
        "csrf_rejected",
        api.send(
            "POST",
            "/api/v1/posts",
            body,
            null,
            with(cookie(token), "Origin", "http://evil.example")));
    assertError(
        403,
        "csrf_rejected",
        api.send("DELETE", "/api/v1/sessions", null, null, with(cookie(token), "Origin", "null")));
    String own = "http://" + api.base().getAuthority();
    assertEquals(
        202,
        api.send("POST", "/api/v1/posts", body, null, with(cookie(token), "Origin", own)).status());
    assertEquals(
        202,
        api.send(
                "POST",
                "/api/v1/posts",
                body,
                null,
                with(cookie(token), "Sec-Fetch-Site", "same-origin"))
            .status());
    // A bearer token is proof enough: browsers never add it on their own.
    assertEquals(202, api.send("POST", "/api/v1/posts", body, token, Map.of()).status());
  }

  @Test
  void unknown_paths_are_404_and_wrong_methods_405_in_the_error_shape() {
    assertError(404, "not_found", api.get("/api/v1/nothing-here", null));
    assertError(404, "not_found", api.get("/no/such/page", null));
    assertError(404, "not_found", api.post("/rpc/auth.login", "{}", null));
    assertError(405, "method_not_allowed", api.get("/api/v1/sessions", null));
    assertError(
        405, "method_not_allowed", api.send("PATCH", "/api/v1/posts", "{}", null, Map.of()));
  }

  private static Answer signUp(String username, String password) {
    return api.post("/api/v1/users", Map.of("username", username, "password", password), null);
  }

  static Map<String, String> cookie(String token) {
    return Map.of("Cookie", "warren_session=" + token);
  }

  static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put(name, value);
    return all;
  }

  static void assertError(int status, String code, Answer answer) {
    assertEquals(status, answer.status(), answer::toString);
    assertEquals(code, answer.error(), answer::toString);
    assertFalse(answer.json().path("message").asText().isBlank(), answer::toString);
    assertEquals(2, answer.json().size(), answer::toString);
  }
}
