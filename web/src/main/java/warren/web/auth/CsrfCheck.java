package warren.web.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import warren.web.http.ApiException;

/**
 * CSRF protection for state-changing requests authenticated by the session cookie (API.md): such a
 * request must prove it comes from the site's own pages. Browsers send {@code Origin} on every
 * cross- and same-origin POST, PUT and DELETE made by script or form, so the proof is an {@code
 * Origin} whose host and port are the request's own {@code Host} (or the proxy's {@code
 * X-Forwarded-Host}); failing that, {@code Sec-Fetch-Site: same-origin} or a same-host {@code
 * Referer}. Nothing else passes, including {@code Origin: null}. SameSite=Lax on the cookie is the
 * second fence. Requests with a bearer token need no proof: a browser never adds that header by
 * itself.
 */
public final class CsrfCheck {
  private static final Set<HttpString> SAFE = Set.of(Methods.GET, Methods.HEAD, Methods.OPTIONS);
  private static final HttpString ORIGIN = new HttpString("Origin");
  private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
  private static final HttpString FORWARDED_HOST = new HttpString("X-Forwarded-Host");

  private CsrfCheck() {}

  /**
   * @throws ApiException 403 {@code csrf_rejected} for a cookie-authenticated state change without
   *     proof of coming from this site
   */
  public static void require(HttpServerExchange exchange, Credentials credentials) {
    if (credentials.source() != Credentials.Source.COOKIE
        || SAFE.contains(exchange.getRequestMethod())) {
      return;
    }
    if (!sameOrigin(exchange)) {
      throw new ApiException(
          403,
          "csrf_rejected",
          "This request changes something and came with the session cookie but not from this"
              + " site's pages: send it from the site, or use Authorization: Bearer.");
    }
  }

  static boolean sameOrigin(HttpServerExchange exchange) {
    String host = ownHost(exchange);
    if (host == null) {
      return false;
    }
    String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
    if (origin != null) {
      return host.equals(authority(origin));
    }
    String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
    if (site != null) {
      return "same-origin".equalsIgnoreCase(site);
    }
    String referer = exchange.getRequestHeaders().getFirst(Headers.REFERER);
    return referer != null && host.equals(authority(referer));
  }

  private static String ownHost(HttpServerExchange exchange) {
    String forwarded = exchange.getRequestHeaders().getFirst(FORWARDED_HOST);
    String host =
        forwarded != null
            ? forwarded.split(",")[0].strip()
            : exchange.getRequestHeaders().getFirst(Headers.HOST);
    return host == null || host.isBlank() ? null : host.toLowerCase(Locale.ROOT);
  }

  private static String authority(String url) {
    try {
      URI uri = URI.create(url.strip());
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return null;
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
