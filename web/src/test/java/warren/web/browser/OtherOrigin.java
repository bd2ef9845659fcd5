package warren.web.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A second site on another local port, as an attacker's page would be: it serves one page that
 * submits a form to Warren as soon as it loads. The form is {@code text/plain} with a field name
 * and value that together spell a JSON body, the classic way to send JSON from a plain form.
 */
final class OtherOrigin implements AutoCloseable {
  private final HttpServer server;

  private OtherOrigin(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving {@code /attack}, which posts {@code {"text": <text>, ...}} to {@code
   * target}/api/v1/posts.
   */
  static OtherOrigin start(String target, String text) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String page =
        "<!doctype html><html><head><meta charset=utf-8><title>Win a prize</title></head><body>"
            + "<form id=f method=post enctype=text/plain action='"
            + target
            + "/api/v1/posts'>"
            + "<input type=hidden name='{\"text\":\""
            + text
            + "\",\"pad\":\"' value='\"}'></form>"
            + "<script>document.getElementById('f').submit()</script></body></html>";
    server.createContext(
        "/attack",
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new OtherOrigin(server);
  }

  String attackUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/attack";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
