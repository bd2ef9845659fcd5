package warren.web.posts;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import warren.contracts.store.CreatePost;
import warren.contracts.store.GetPost;
import warren.contracts.store.Post;
import warren.contracts.store.PostIds;
import warren.contracts.store.PostPage;
import warren.contracts.store.PostText;
import warren.contracts.store.Search;
import warren.contracts.store.StoreApi;
import warren.contracts.store.Timeline;
import warren.messaging.ReplyStream;
import warren.messaging.Warren;
import warren.web.auth.CurrentUser;
import warren.web.auth.Sessions;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.JsonBodies;
import warren.web.http.Requests;

/** Posting, reading a post, the timeline and search. Reads are RPC to store; posting a command. */
public final class PostRoutes {
  /** The header that makes posting safe to retry (API.md). */
  public static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

  private final Warren warren;
  private final Sessions sessions;
  private final PostingRateLimit rateLimit;
  private final PostIds ids;
  private final Clock clock;
  private final Duration deadline;
  private final AcceptedKeys accepted = new AcceptedKeys();

  public PostRoutes(
      Warren warren,
      Sessions sessions,
      PostingRateLimit rateLimit,
      PostIds ids,
      Clock clock,
      Duration deadline) {
    this.warren = warren;
    this.sessions = sessions;
    this.rateLimit = rateLimit;
    this.ids = ids;
    this.clock = clock;
    this.deadline = deadline;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .post("/api/v1/posts", Api.route(this::create))
        .get("/api/v1/posts/{id}", Api.route(this::get))
        .get("/api/v1/timeline", Api.route(this::timeline))
        .get("/api/v1/search", Api.route(this::search));
  }

  /**
   * Posts: 202 with the id once the broker confirmed the command. The same {@code Idempotency-Key}
   * from the same user names the same post (and the same message id), so a retry stores nothing
   * twice.
   *
   * <pre>
   * curl -si localhost:8080/api/v1/posts -H "Authorization: Bearer $TOKEN" \
   *   -H 'Idempotency-Key: 7b1e' -d '{"text":"hello, warren"}'
   * </pre>
   */
  void create(HttpServerExchange exchange) throws Exception {
    CurrentUser user = sessions.require(exchange);
    JsonNode body = Requests.jsonObject(exchange);
    String text = JsonBodies.requiredString(body, "text");
    PostText.problem(text)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(StoreApi.INVALID_TEXT, problem);
            });
    String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
    if (key != null && !KEY.matcher(key).matches()) {
      throw ApiException.badRequest(
          "invalid_idempotency_key",
          "Idempotency-Key must be 1 to 200 visible ASCII characters, such as a UUID.");
    }
    String id = key == null ? ids.newId() : PostIds.forIdempotencyKey(user.id(), key);
    if (key == null || !accepted.contains(id)) {
      rateLimit.acquire(user.id());
    }
    // With a key, the message id is derived from user and key too, so the store's
    // once-per-message-id bookkeeping also sees a retry as the same command.
    String messageId = key == null ? null : "post-" + id;
    warren.send(
        StoreApi.CREATE_POST,
        new CreatePost(id, user.id(), user.username(), text, clock.instant()),
        messageId);
    if (key != null) {
      accepted.add(id);
    }
    ApiResponses.json(exchange, 202, Map.of("id", id));
  }

  /**
   * One post.
   *
   * <pre>curl -s localhost:8080/api/v1/posts/$ID</pre>
   */
  void get(HttpServerExchange exchange) {
    Post post =
        warren.call(StoreApi.GET_POST, new GetPost(Requests.pathParam(exchange, "id")), deadline);
    ApiResponses.json(exchange, 200, post);
  }

  /**
   * The user's own posts and those of everyone they follow, newest first.
   *
   * <pre>curl -s 'localhost:8080/api/v1/timeline?limit=20' -H "Authorization: Bearer $TOKEN"</pre>
   */
  void timeline(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    PostPage page =
        warren.call(
            StoreApi.TIMELINE,
            new Timeline(user.id(), Requests.limit(exchange), Requests.before(exchange)),
            deadline);
    ApiResponses.json(exchange, 200, page);
  }

  /**
   * Posts containing the words, newest first. The store streams the page in chunks; they are joined
   * here into one page.
   *
   * <pre>curl -s 'localhost:8080/api/v1/search?q=hello+warren'</pre>
   */
  void search(HttpServerExchange exchange) {
    String q = Requests.query(exchange, "q");
    if (q == null || q.isBlank()) {
      throw ApiException.badRequest(
          StoreApi.INVALID_QUERY, "Say what to search for: ?q=some+words.");
    }
    Search request = new Search(q, Requests.limit(exchange), Requests.before(exchange));
    List<Post> posts = new ArrayList<>();
    String next = null;
    try (ReplyStream<PostPage> chunks = warren.stream(StoreApi.SEARCH, request, deadline)) {
      while (chunks.hasNext()) {
        PostPage chunk = chunks.next();
        posts.addAll(chunk.posts());
        next = chunk.next();
      }
    }
    ApiResponses.json(exchange, 200, new PostPage(posts, next));
  }
}
