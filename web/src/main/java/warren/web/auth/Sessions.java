package warren.web.auth;

import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CheckSession;
import warren.contracts.auth.SessionEnded;
import warren.contracts.auth.User;
import warren.messaging.NotificationListener;
import warren.messaging.RemoteException;
import warren.messaging.Warren;
import warren.web.http.AccessLog;
import warren.web.http.ApiException;

/**
 * Turns a request's session token into a {@link CurrentUser} by asking auth ({@link
 * AuthApi#CHECK_SESSION}) and keeping the answer for {@link #CACHE_TTL}, so a user's requests do
 * not each cost a call. A logged-out session stops working on every web instance at once all the
 * same: auth notifies {@link SessionEnded} before it answers the log-out, and each instance drops
 * the session when it hears of it ({@link #listenForEndedSessions}). An expired session is noticed
 * at most {@link #CACHE_TTL} late. When this instance loses its connection to the broker the cache
 * is emptied, and until it is back nothing is answered from it: ended sessions may go unheard.
 * Applies {@link CsrfCheck} to cookie-authenticated state changes. Thread-safe.
 */
public final class Sessions implements AutoCloseable {
  /**
   * How long a session auth confirmed is taken on trust. Only expiry (30 days by default) goes
   * unannounced, so this bounds how late an expired session is noticed. It was 10 s: with the e2e
   * bench's 1,000 readers each token came back to auth every 10 s, one call in fourteen of the
   * timeline's.
   */
  public static final Duration CACHE_TTL = Duration.ofSeconds(60);

  private final Warren warren;
  private final Set<String> admins;
  private final Duration deadline;
  private final SessionCache cache = new SessionCache(CACHE_TTL, System::nanoTime);
  private final NotificationListener ended;

  /**
   * Starts listening for ended sessions.
   *
   * @param admins usernames that are admins ({@code WARREN_ADMINS})
   * @param deadline how long to wait for auth
   */
  public Sessions(Warren warren, Set<String> admins, Duration deadline) {
    this.warren = warren;
    this.admins = Set.copyOf(admins);
    this.deadline = deadline;
    this.ended = listenForEndedSessions();
  }

  private NotificationListener listenForEndedSessions() {
    NotificationListener listener =
        warren.listen(SessionEnded.class, (key, session) -> cache.forget(session.tokenHash()));
    // The listener's queue goes with a lost connection, and ends announced meanwhile go unheard.
    listener.onInterrupted(cache::clear);
    listener.bind(AuthApi.SESSION_ENDED_KEY);
    return listener;
  }

  /**
   * The user making the request.
   *
   * @throws ApiException 401 without a valid session, 403 {@code csrf_rejected}; Warren's failures
   *     (503, 504) pass through
   */
  public CurrentUser require(HttpServerExchange exchange) {
    Credentials credentials = credentials(exchange).orElseThrow(Sessions::noSession);
    CurrentUser user = check(credentials.token());
    AccessLog.user(exchange, user.username());
    CsrfCheck.require(exchange, credentials);
    return user;
  }

  /**
   * The request's credentials, if any.
   *
   * @throws ApiException 401 for an Authorization header that is not a bearer token
   */
  public Optional<Credentials> credentials(HttpServerExchange exchange) {
    try {
      return Credentials.of(exchange);
    } catch (Credentials.MalformedAuthorization e) {
      throw ApiException.unauthenticated(
          "The Authorization header must be 'Bearer <token>' with the token from logging in.");
    }
  }

  /** Whether {@code username} is named in {@code WARREN_ADMINS}. */
  public boolean isAdmin(String username) {
    return admins.contains(username);
  }

  /** Whose token this is: from the cache, else from auth. */
  public CurrentUser check(String token) {
    String hash = SessionEnded.hashOf(token);
    boolean listening = warren.health().ready();
    if (!listening) {
      cache.clear();
    }
    Optional<User> cached = listening ? cache.get(hash) : Optional.empty();
    if (cached.isPresent()) {
      return currentUser(cached.get());
    }
    long generation = cache.generation();
    try {
      User user = warren.call(AuthApi.CHECK_SESSION, new CheckSession(token), deadline);
      if (listening) {
        cache.put(hash, user, generation);
      }
      return currentUser(user);
    } catch (RemoteException e) {
      if (AuthErrors.UNAUTHENTICATED.equals(e.code())) {
        throw ApiException.unauthenticated(
            "Your session is unknown, expired or logged out: log in again.");
      }
      throw e;
    }
  }

  /** Drops the session from this instance's cache at once (the others hear it from auth). */
  public void forget(String token) {
    cache.forget(SessionEnded.hashOf(token));
  }

  private CurrentUser currentUser(User user) {
    return new CurrentUser(user.id(), user.username(), isAdmin(user.username()));
  }

  /** Stops listening for ended sessions. */
  @Override
  public void close() {
    ended.close();
  }

  private static ApiException noSession() {
    return ApiException.unauthenticated(
        "Log in first: send the warren_session cookie or Authorization: Bearer <token>.");
  }
}
