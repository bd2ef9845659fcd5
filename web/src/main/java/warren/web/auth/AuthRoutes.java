package warren.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.CookieImpl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import warren.contracts.auth.AuthApi;
import warren.contracts.auth.CredentialRules;
import warren.contracts.auth.LogIn;
import warren.contracts.auth.LogOut;
import warren.contracts.auth.LoggedIn;
import warren.contracts.auth.SignUp;
import warren.contracts.auth.User;
import warren.messaging.ServiceError;
import warren.messaging.Warren;
import warren.web.http.AccessLog;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.http.JsonBodies;
import warren.web.http.Requests;

/** Users and sessions: sign up, log in, log out, who am I. Each route asks auth by RPC. */
public final class AuthRoutes {
  private final Warren warren;
  private final Sessions sessions;
  private final Duration deadline;

  public AuthRoutes(Warren warren, Sessions sessions, Duration deadline) {
    this.warren = warren;
    this.sessions = sessions;
    this.deadline = deadline;
  }

  public RoutingHandler register(RoutingHandler routes) {
    return routes
        .post("/api/v1/users", Api.route(this::signUp))
        .post("/api/v1/sessions", Api.route(this::logIn))
        .delete("/api/v1/sessions", Api.route(this::logOut))
        .get("/api/v1/me", Api.route(this::me));
  }

  /**
   * Signs up.
   *
   * <pre>curl -si localhost:8080/api/v1/users -d '{"username":"ada","password":"correct horse"}'
   * </pre>
   */
  void signUp(HttpServerExchange exchange) throws Exception {
    JsonNode body = Requests.jsonObject(exchange);
    SignUp request =
        new SignUp(
            JsonBodies.requiredString(body, "username"),
            JsonBodies.requiredString(body, "password"));
    // The same rules auth applies, answered here without a round trip.
    CredentialRules.usernameProblem(request.username())
        .or(() -> CredentialRules.passwordProblem(request.password()))
        .ifPresent(AuthRoutes::badRequest);
    User user = warren.call(AuthApi.SIGN_UP, request, deadline);
    AccessLog.user(exchange, user.username());
    ApiResponses.json(exchange, 201, userJson(user.id(), user.username()));
  }

  /**
   * Logs in: answers the token and sets it as the {@code warren_session} cookie.
   *
   * <pre>
   * curl -si localhost:8080/api/v1/sessions -d '{"username":"ada","password":"correct horse"}'
   * </pre>
   */
  void logIn(HttpServerExchange exchange) throws Exception {
    JsonNode body = Requests.jsonObject(exchange);
    LogIn request =
        new LogIn(
            JsonBodies.requiredString(body, "username"),
            JsonBodies.requiredString(body, "password"));
    LoggedIn session = warren.call(AuthApi.LOG_IN, request, deadline);
    AccessLog.user(exchange, session.user().username());
    exchange.setResponseCookie(
        new CookieImpl(Credentials.COOKIE, session.token())
            .setPath("/")
            .setHttpOnly(true)
            .setSameSiteMode("Lax"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", session.token());
    answer.put("user", userJson(session.user().id(), session.user().username()));
    ApiResponses.json(exchange, 201, answer);
  }

  /**
   * Logs out: the token stops working on every instance; the cookie is cleared.
   *
   * <pre>curl -si -X DELETE localhost:8080/api/v1/sessions -H "Authorization: Bearer $TOKEN"</pre>
   */
  void logOut(HttpServerExchange exchange) {
    Credentials credentials =
        sessions
            .credentials(exchange)
            .orElseThrow(() -> ApiException.unauthenticated("There is no session to log out of."));
    CurrentUser user = sessions.check(credentials.token());
    AccessLog.user(exchange, user.username());
    CsrfCheck.require(exchange, credentials);
    warren.call(AuthApi.LOG_OUT, new LogOut(credentials.token()), deadline);
    sessions.forget(credentials.token());
    exchange.setResponseCookie(
        new CookieImpl(Credentials.COOKIE, "")
            .setPath("/")
            .setHttpOnly(true)
            .setSameSiteMode("Lax")
            .setMaxAge(0));
    ApiResponses.noContent(exchange);
  }

  /**
   * Who is logged in.
   *
   * <pre>curl -s localhost:8080/api/v1/me -H "Authorization: Bearer $TOKEN"</pre>
   */
  void me(HttpServerExchange exchange) {
    CurrentUser user = sessions.require(exchange);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", user.id());
    answer.put("username", user.username());
    answer.put("admin", user.admin());
    ApiResponses.json(exchange, 200, answer);
  }

  // Ordered as API.md writes it, so a person reading curl output sees the id first.
  private static Map<String, Object> userJson(String id, String username) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", id);
    user.put("username", username);
    return user;
  }

  private static void badRequest(ServiceError problem) {
    throw ApiException.badRequest(problem.code(), sentence(problem.getMessage()));
  }

  private static String sentence(String message) {
    return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
  }
}
