package warren.web.auth;

import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.AuthErrors;
import warren.contracts.auth.CheckSession;
import warren.contracts.auth.User;
import warren.messaging.RemoteException;
import warren.messaging.Warren;
import warren.web.http.AccessLog;
import warren.web.http.ApiException;

/**
 * Turns a request's session token into a {@link CurrentUser} by asking auth ({@link
 * AuthApi#CHECK_SESSION}) every time, so a session revoked on any web instance stops working on all
 * of them at once. Applies {@link CsrfCheck} to cookie-authenticated state changes. Thread-safe.
 */
public final class Sessions {
  private final Warren warren;
  private final Set<String> admins;
  private final Duration deadline;

  /**
   * @param admins usernames that are admins ({@code WARREN_ADMINS})
   * @param deadline how long to wait for auth
   */
  public Sessions(Warren warren, Set<String> admins, Duration deadline) {
    this.warren = warren;
    this.admins = Set.copyOf(admins);
    this.deadline = deadline;
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

  /** Asks auth whose token this is. */
  public CurrentUser check(String token) {
    try {
      User user = warren.call(AuthApi.CHECK_SESSION, new CheckSession(token), deadline);
      return new CurrentUser(user.id(), user.username(), isAdmin(user.username()));
    } catch (RemoteException e) {
      if (AuthErrors.UNAUTHENTICATED.equals(e.code())) {
        throw ApiException.unauthenticated(
            "Your session is unknown, expired or logged out: log in again.");
      }
      throw e;
    }
  }

  private static ApiException noSession() {
    return ApiException.unauthenticated(
        "Log in first: send the warren_session cookie or Authorization: Bearer <token>.");
  }
}
