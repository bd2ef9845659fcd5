package warren.web.ops;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import warren.web.auth.CurrentUser;
import warren.web.auth.Sessions;
import warren.web.http.AccessLog;
import warren.web.http.ApiException;

/**
 * Who may use the ops pages and API (API.md): a user named in {@code WARREN_ADMINS}, or any request
 * with {@code Authorization: Bearer <WARREN_OPS_TOKEN>} when that is set. Anonymous: 401; logged in
 * but not an admin: 403. Thread-safe.
 */
public final class AdminGuard {
  /** Who a request holding the ops token is, in the access log. */
  public static final String OPS_TOKEN_USER = "ops-token";

  private final Sessions sessions;
  private final byte[] opsToken;

  /**
   * @param opsToken {@code WARREN_OPS_TOKEN}, or null when unset
   */
  public AdminGuard(Sessions sessions, String opsToken) {
    this.sessions = sessions;
    this.opsToken =
        opsToken == null || opsToken.isBlank() ? null : opsToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Lets an admin through.
   *
   * @throws ApiException 401 anonymous, 403 {@code forbidden} for a user who is not an admin
   */
  public CurrentUser require(HttpServerExchange exchange) {
    if (opsToken != null && holdsOpsToken(exchange)) {
      AccessLog.user(exchange, OPS_TOKEN_USER);
      return new CurrentUser(OPS_TOKEN_USER, OPS_TOKEN_USER, true);
    }
    CurrentUser user = sessions.require(exchange);
    if (!user.admin()) {
      throw new ApiException(
          403, "forbidden", "Only admins may do this: ask one to add you to WARREN_ADMINS.");
    }
    return user;
  }

  private boolean holdsOpsToken(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, opsToken); // constant time: no timing oracle
  }
}
