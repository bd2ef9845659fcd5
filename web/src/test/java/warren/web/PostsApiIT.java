package warren.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static warren.web.AccountsApiIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;
import warren.web.ApiClient.Answer;

/** Posts, follows, timelines, user pages and search through the HTTP API on the real workers. */
class PostsApiIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  /** API.md: readable within one second on an idle system; the test machine is not idle. */
  private static final Duration VISIBLE = Duration.ofSeconds(5);

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

  /** A new user, logged in, whom the store already knows (it learns users from an event). */
  static String user(String username) {
    String token = api.signUpAndLogIn(username);
    Conditions.waitUntil(
        VISIBLE,
        () -> api.get("/api/v1/users/" + username, null).status() == 200,
        "store knows " + username);
    return token;
  }

  static String name(String prefix) {
    return prefix + "_" + names.incrementAndGet();
  }

  static Answer waitFor(String path, String token) {
    Conditions.waitUntil(VISIBLE, () -> api.get(path, token).status() == 200, path + " is 200");
    return api.get(path, token);
  }

  @Test
  void a_post_is_202_with_its_id_and_then_readable() {
    String ada = name("ada");
    String token = user(ada);
    Instant before = Instant.now();
    String id = api.postText(token, "hello, warren");
    JsonNode post = waitFor("/api/v1/posts/" + id, null).json();
    assertEquals(id, post.path("id").asText());
    assertEquals(ada, post.path("author").asText());
    assertEquals("hello, warren", post.path("text").asText());
    Instant createdAt = Instant.parse(post.path("createdAt").asText());
    assertTrue(!createdAt.isBefore(before.minusSeconds(1)), post::toString);
    assertTrue(post.path("createdAt").asText().endsWith("Z"), post::toString);
  }

  @Test
  void posts_are_readable_and_in_the_authors_timeline_soon_after_the_202() {
    String token = user(name("ada"));
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      String id = api.postText(token, "timed " + i);
      waitFor("/api/v1/posts/" + id, null);
      Conditions.waitUntil(VISIBLE, () -> timeline(token, "?limit=1").contains(id), "in timeline");
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    // API.md promises one second on an idle system; this machine is shared, so only report it.
    System.out.println("post → readable and in the timeline, ms: " + millis);
  }

  @Test
  void an_unknown_post_is_404() {
    assertError(
        404, "not_found", api.get("/api/v1/posts/0190c1e4-0000-7000-8000-000000000000", null));
  }

  @Test
  void text_is_limited_to_141_code_points_and_must_not_be_empty() {
    String token = user(name("ada"));
    String emoji = "\uD83D\uDC07"; // one code point, two UTF-16 chars
    assertEquals(202, api.post("/api/v1/posts", Map.of("text", emoji.repeat(141)), token).status());
    assertError(
        400, "invalid_text", api.post("/api/v1/posts", Map.of("text", emoji.repeat(142)), token));
    assertError(
        400, "invalid_text", api.post("/api/v1/posts", Map.of("text", "x".repeat(142)), token));
    assertError(400, "invalid_text", api.post("/api/v1/posts", Map.of("text", ""), token));
    assertError(400, "invalid_text", api.post("/api/v1/posts", Map.of("text", "   "), token));
    assertError(400, "invalid_body", api.post("/api/v1/posts", Map.of("words", "hi"), token));
  }

  @Test
  void posting_without_a_session_is_401() {
    assertError(401, "unauthenticated", api.post("/api/v1/posts", Map.of("text", "hi"), null));
  }

  @Test
  void the_same_idempotency_key_gives_the_same_id_and_one_post() {
    String ada = name("ada");
    String token = user(ada);
    Map<String, String> key = Map.of("Idempotency-Key", "retry-me-1");
    Answer first = api.send("POST", "/api/v1/posts", Map.of("text", "once"), token, key);
    Answer again = api.send("POST", "/api/v1/posts", Map.of("text", "once"), token, key);
    assertEquals(202, first.status(), first::toString);
    assertEquals(first.json().path("id"), again.json().path("id"));
    Answer other =
        api.send(
            "POST",
            "/api/v1/posts",
            Map.of("text", "twice"),
            token,
            Map.of("Idempotency-Key", "retry-me-2"));
    assertNotEquals(first.json().path("id"), other.json().path("id"));
    waitFor("/api/v1/posts/" + other.json().path("id").asText(), null);
    waitFor("/api/v1/posts/" + first.json().path("id").asText(), null);
    assertEquals(2, api.get("/api/v1/users/" + ada, null).json().path("posts").asInt());
    // Another user with the same key gets another post.
    String bobToken = user(name("bob"));
    Answer bobs = api.send("POST", "/api/v1/posts", Map.of("text", "mine"), bobToken, key);
    assertNotEquals(first.json().path("id"), bobs.json().path("id"));
  }

  @Test
  void posting_too_fast_is_429_rate_limited_with_retry_after() {
    String token = user(name("ada"));
    for (int i = 0; i < 5; i++) { // the fixture allows 5 posts per hour
      api.postText(token, "post " + i);
    }
    Answer answer = api.post("/api/v1/posts", Map.of("text", "one too many"), token);
    assertError(429, "rate_limited", answer);
    long retryAfter = Long.parseLong(answer.header("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 3600, answer.header("Retry-After"));
    // Retrying a post that was accepted creates nothing, so it is not limited: same id again.
    String keyed = user(name("cat"));
    Map<String, String> key = Map.of("Idempotency-Key", "first");
    String first =
        api.send("POST", "/api/v1/posts", Map.of("text", "k"), keyed, key)
            .json()
            .path("id")
            .asText();
    for (int i = 0; i < 4; i++) {
      api.postText(keyed, "fill " + i);
    }
    assertError(429, "rate_limited", api.post("/api/v1/posts", Map.of("text", "new"), keyed));
    Answer retry = api.send("POST", "/api/v1/posts", Map.of("text", "k"), keyed, key);
    assertEquals(202, retry.status(), retry::toString);
    assertEquals(first, retry.json().path("id").asText());
    // Others are not limited by it.
    assertEquals(
        202, api.post("/api/v1/posts", Map.of("text", "me too"), user(name("bob"))).status());
  }

  @Test
  void the_timeline_has_own_and_followed_posts_newest_first_in_pages() {
    String ada = name("ada");
    String bob = name("bob");
    String eve = name("eve");
    String adaToken = user(ada);
    String bobToken = user(bob);
    String eveToken = user(eve);
    assertEquals(204, follow("PUT", ada, bobToken).status());
    assertEquals(204, follow("PUT", ada, bobToken).status(), "following again is 204 too");
    Conditions.waitUntil(
        VISIBLE,
        () -> api.get("/api/v1/users/" + ada, null).json().path("followers").asInt() == 1,
        "ada has one follower");
    assertEquals(1, api.get("/api/v1/users/" + bob, null).json().path("following").asInt());
    List<String> posted = new ArrayList<>();
    posted.add(api.postText(adaToken, "ada 1"));
    posted.add(api.postText(bobToken, "bob 1"));
    posted.add(api.postText(adaToken, "ada 2"));
    posted.add(api.postText(bobToken, "bob 2"));
    posted.add(api.postText(adaToken, "ada 3"));
    api.postText(eveToken, "eve is not followed");
    Conditions.waitUntil(
        VISIBLE, () -> timeline(bobToken, "?limit=100").size() == 5, "bob's timeline has 5 posts");

    List<String> paged = new ArrayList<>();
    String query = "?limit=2";
    int pages = 0;
    while (query != null) {
      JsonNode page = api.get("/api/v1/timeline" + query, bobToken).json();
      page.path("posts").forEach(p -> paged.add(p.path("id").asText()));
      pages++;
      query = page.path("next").isNull() ? null : "?limit=2&before=" + page.path("next").asText();
    }
    assertEquals(3, pages);
    assertEquals(posted.reversed(), paged);

    assertEquals(204, follow("DELETE", ada, bobToken).status());
    Conditions.waitUntil(
        VISIBLE, () -> timeline(bobToken, "").size() == 2, "after unfollowing only bob's own");
    assertEquals(0, api.get("/api/v1/users/" + ada, null).json().path("followers").asInt());
  }

  @Test
  void a_users_page_and_posts() {
    String ada = name("ada");
    String token = user(ada);
    String id = api.postText(token, "on my page");
    Conditions.waitUntil(
        VISIBLE,
        () -> api.get("/api/v1/users/" + ada + "/posts", null).json().path("posts").size() == 1,
        "ada's posts");
    JsonNode page = api.get("/api/v1/users/" + ada + "/posts?limit=1", null).json();
    assertEquals(id, page.path("posts").get(0).path("id").asText());
    assertTrue(page.path("next").isNull() || page.path("next").isTextual(), page::toString);
    JsonNode counts = api.get("/api/v1/users/" + ada, null).json();
    assertEquals(ada, counts.path("username").asText());
    assertEquals(1, counts.path("posts").asInt());
    assertEquals(0, counts.path("followers").asInt());
    assertEquals(0, counts.path("following").asInt());
  }

  @Test
  void unknown_users_are_404() {
    assertError(404, "not_found", api.get("/api/v1/users/" + name("nobody"), null));
    assertError(404, "not_found", api.get("/api/v1/users/" + name("nobody") + "/posts", null));
    assertError(404, "not_found", api.get("/api/v1/users/NOT-A-NAME", null));
    String token = user(name("ada"));
    assertError(404, "not_found", follow("PUT", name("nobody"), token));
    assertError(404, "not_found", follow("DELETE", name("nobody"), token));
  }

  @Test
  void following_yourself_is_400_and_follows_need_a_session() {
    String ada = name("ada");
    String token = user(ada);
    assertError(400, "invalid_follow", follow("PUT", ada, token));
    assertError(401, "unauthenticated", follow("PUT", ada, null));
    assertError(401, "unauthenticated", follow("DELETE", ada, null));
    assertError(401, "unauthenticated", api.get("/api/v1/timeline", null));
  }

  @Test
  void bad_paging_parameters_are_400() {
    String token = user(name("ada"));
    assertError(400, "invalid_limit", api.get("/api/v1/timeline?limit=0", token));
    assertError(400, "invalid_limit", api.get("/api/v1/timeline?limit=101", token));
    assertError(400, "invalid_limit", api.get("/api/v1/timeline?limit=ten", token));
    assertError(400, "invalid_cursor", api.get("/api/v1/timeline?before=garbage", token));
  }

  @Test
  void search_finds_posts_containing_the_words() {
    String token = user(name("ada"));
    String id = api.postText(token, "the zanzibarian marmot sings");
    api.postText(token, "a zanzibarian thing without the animal");
    Conditions.waitUntil(
        VISIBLE,
        () -> api.get("/api/v1/search?q=zanzibarian", null).json().path("posts").size() == 2,
        "both found");
    JsonNode page = api.get("/api/v1/search?q=marmot+zanzibarian", null).json();
    assertEquals(1, page.path("posts").size(), page::toString);
    assertEquals(id, page.path("posts").get(0).path("id").asText());
    assertTrue(page.has("next"), page::toString);
    assertError(400, "invalid_query", api.get("/api/v1/search?q=", null));
    assertError(400, "invalid_query", api.get("/api/v1/search?q=+++", null));
    assertError(400, "invalid_query", api.get("/api/v1/search", null));
  }

  private static Answer follow(String method, String username, String token) {
    return api.send(method, "/api/v1/users/" + username + "/follow", null, token, Map.of());
  }

  private static List<String> timeline(String token, String query) {
    List<String> ids = new ArrayList<>();
    api.get("/api/v1/timeline" + query, token)
        .json()
        .path("posts")
        .forEach(p -> ids.add(p.path("id").asText()));
    return ids;
  }
}
