package warren.web.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * The session token a request carries and how: {@code Authorization: Bearer <token>} (API clients)
 * or the {@code warren_session} cookie (the site's pages). The bearer header wins when both are
 * sent. {@link #toString()} never shows the token.
 *
 * @param token the token
 * @param source where it came from; only {@link Source#COOKIE} needs CSRF proof
 */
public record Credentials(String token, Source source) {
  /** The session cookie's name (API.md). */
  public static final String COOKIE = "warren_session";

  /** How the token came. */
  public enum Source {
    BEARER,
    COOKIE
  }

  /**
   * The token of a request, if any.
   *
   * @throws MalformedAuthorization the Authorization header is not {@code Bearer <token>}
   */
  public static Optional<Credentials> of(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
        return Optional.of(new Credentials(header.substring(7).strip(), Source.BEARER));
      }
      throw new MalformedAuthorization();
    }
    Cookie cookie = exchange.getRequestCookie(COOKIE);
    if (cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank()) {
      return Optional.of(new Credentials(cookie.getValue(), Source.COOKIE));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Credentials[token=<redacted>, source=" + source + "]";
  }

  /** An Authorization header that is not a bearer token. */
  public static final class MalformedAuthorization extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedAuthorization() {
      super("Authorization header is not 'Bearer <token>'", null, false, false);
    }
  }
}
