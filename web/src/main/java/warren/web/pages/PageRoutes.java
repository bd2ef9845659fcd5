package warren.web.pages;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import warren.web.http.Api;
import warren.web.http.ApiException;
import warren.web.http.ApiResponses;
import warren.web.ops.OpsRoutes;

/**
 * The browser pages: {@code /} → {@code warren/web/pages/index.html}, {@code /u/{username}} →
 * {@code user.html}, {@code /search} → {@code search.html}, {@code /ops} → {@code ops.html} (admins
 * only), and {@code /static/*} from {@code warren/web/static/} on the classpath. Pages are plain
 * files that fetch the JSON API; they get a strict Content-Security-Policy (scripts, styles and
 * connections from this origin only, no framing) and {@code no-store}, since what they show depends
 * on who is logged in. Static files may be cached but are revalidated every time.
 */
public final class PageRoutes {
  /** Only this origin's scripts, styles and API; no inline script, no framing. */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final String PAGES = "warren/web/pages/";
  private static final ClassLoader LOADER = PageRoutes.class.getClassLoader();

  private final OpsRoutes ops;
  private final HttpHandler notFound;

  /**
   * @param notFound answers a missing static file
   */
  public PageRoutes(OpsRoutes ops, HttpHandler notFound) {
    this.ops = ops;
    this.notFound = notFound;
  }

  public RoutingHandler register(RoutingHandler routes) {
    ResourceHandler statics =
        new ResourceHandler(new ClassPathResourceManager(LOADER, "warren/web/static"), notFound)
            .setDirectoryListingEnabled(false)
            .setCacheTime(0);
    return routes
        .get("/", page("index.html"))
        .get("/u/{username}", page("user.html"))
        .get("/search", page("search.html"))
        .get("/ops", Api.route(ops.guarded(exchange -> send(exchange, "ops.html"))))
        .get("/static/*", staticFiles(statics));
  }

  private static HttpHandler page(String name) {
    return Api.route(exchange -> send(exchange, name));
  }

  private static void send(HttpServerExchange exchange, String name) throws IOException {
    byte[] html;
    try (InputStream in = LOADER.getResourceAsStream(PAGES + name)) {
      if (in == null) {
        throw ApiException.notFound("This page is not there yet.");
      }
      html = in.readAllBytes();
    }
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), CSP);
    exchange.getResponseHeaders().put(new HttpString("Referrer-Policy"), "same-origin");
    ApiResponses.noStore(exchange);
    exchange.getOutputStream().write(html);
  }

  private static HttpHandler staticFiles(ResourceHandler statics) {
    return exchange -> {
      // ResourceHandler resolves the request path; strip the /static prefix it does not know.
      String rest = exchange.getRelativePath().substring("/static".length());
      exchange.setRelativePath(rest.isEmpty() ? "/" : rest);
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
      exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
      exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), CSP);
      statics.handleRequest(exchange);
    };
  }
}
