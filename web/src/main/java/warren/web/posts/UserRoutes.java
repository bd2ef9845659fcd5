package warren.web.posts;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.CredentialRules;
import warren.contracts.auth.FindUser;
import warren.contracts.auth.User;
import warren.contracts.store.Follow;
import warren.contracts.store.PostPage;
import warren.contracts.store.StoreApi;
import warren.contracts.store.Unfollow;
import warren.contracts.store.UserCounts;
import warren.contracts.store.UserPage;
import warren.contracts.store.UserPosts;
import warren.messaging.RemoteException;
import warren.messaging.Warren;
import warren.web.auth.CurrentUser;
import warren.web.auth.Sessions;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.Requests;

/**
 * User pages and follows. Follows are commands; whether the user exists is asked of auth first, the
 * source of truth, which knows a user from the moment the sign-up was answered (the store hears of
 * them later, by an event).
 */
public final class UserRoutes {
  private final Warren warren;
  private final Sessions sessions;
  private final Clock clock;
  private final Duration deadline;

  public UserRoutes(Warren warren, Sessions sessions, Clock clock, Duration deadline) {
    this.warren = warren;
    this.sessions = sessions;
    this.clock = clock;
    this.deadline = deadline;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .get("/api/v1/users/{username}", Api.route(this::page))
        .get("/api/v1/users/{username}/posts", Api.route(this::posts))
        .put("/api/v1/users/{username}/follow", Api.route(this::follow))
        .delete("/api/v1/users/{username}/follow", Api.route(this::unfollow));
  }

  /**
   * Followers, following and post counts.
   *
   * <pre>curl -s localhost:8080/api/v1/users/ada</pre>
   */
  void page(HttpServerExchange exchange) {
    String username = username(exchange);
    ApiResponses.json(
        exchange,
        200,
        fromStoreOrNewcomer(() -> counts(username), username, new UserCounts(username, 0, 0, 0)));
  }

  /**
   * A page of one user's posts.
   *
   * <pre>curl -s 'localhost:8080/api/v1/users/ada/posts?limit=10'</pre>
   */
  void posts(HttpServerExchange exchange) {
    String username = username(exchange);
    UserPosts request =
        new UserPosts(username, Requests.limit(exchange), Requests.before(exchange));
    ApiResponses.json(
        exchange,
        200,
        fromStoreOrNewcomer(
            () -> warren.call(StoreApi.USER_POSTS, request, deadline), username, PostPage.empty()));
  }

  /**
   * The store's answer; for a user the store has not heard of yet, whom auth knows (their {@code
   * user.signed-up} is on its way to the store), {@code newcomer}: nothing followed, nothing
   * posted. {@code not_found} (404) when auth does not know the name either.
   */
  private <T> T fromStoreOrNewcomer(Supplier<T> fromStore, String username, T newcomer) {
    try {
      return fromStore.get();
    } catch (RemoteException e) {
      if (!StoreApi.NOT_FOUND.equals(e.code())) {
        throw e;
      }
      existing(username);
      return newcomer;
    }
  }

  /**
   * Follows; following again changes nothing.
   *
   * <pre>curl -si -X PUT localhost:8080/api/v1/users/ada/follow -H "Authorization: Bearer $T"</pre>
   */
  void follow(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    String username = username(exchange);
    if (username.equals(user.username())) {
      throw ApiException.badRequest(StoreApi.INVALID_FOLLOW, "You cannot follow yourself.");
    }
    User followee = existing(username); // 404 for an unknown user, before the command is sent
    warren.send(
        StoreApi.FOLLOW,
        new Follow(user.id(), user.username(), followee.id(), username, clock.instant()));
    ApiResponses.noContent(exchange);
  }

  /**
   * Unfollows; unfollowing someone not followed changes nothing.
   *
   * <pre>curl -si -X DELETE localhost:8080/api/v1/users/ada/follow -H "Authorization: Bearer $T"
   * </pre>
   */
  void unfollow(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    String username = username(exchange);
    User followee = existing(username);
    if (!username.equals(user.username())) {
      warren.send(
          StoreApi.UNFOLLOW,
          new Unfollow(user.id(), user.username(), followee.id(), username, clock.instant()));
    }
    ApiResponses.noContent(exchange);
  }

  /** The user, asked of auth; {@code not_found} (404) when there is none. */
  private User existing(String username) {
    return warren.call(AuthApi.FIND_USER, new FindUser(username), deadline);
  }

  private UserCounts counts(String username) {
    return warren.call(StoreApi.USER_PAGE, new UserPage(username), deadline);
  }

  // A name that could never have signed up is not worth a round trip.
  private static String username(HttpServerExchange exchange) {
    String username = Requests.pathParam(exchange, "username");
    if (!CredentialRules.isValidUsername(username)) {
      throw ApiException.notFound("There is no user named '" + shorten(username) + "'.");
    }
    return username;
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
