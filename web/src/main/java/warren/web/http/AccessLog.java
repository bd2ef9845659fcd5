package warren.web.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.Trace;

/**
 * The outermost handler: gives each request its correlation id and writes one access log line when
 * the exchange ends:
 *
 * <pre>
 * 2026-11-27T13:45:01.123Z POST /api/v1/posts 202 12ms user=ada trace=5f0c...
 * </pre>
 *
 * The trace id is the request's {@code X-Request-Id} when the client (or a proxy) sent a sane one,
 * else a fresh one; it is echoed in the response's {@code X-Request-Id} and carried by every
 * message the request causes ({@link Trace}), so one request can be followed through every
 * service's log. The line has the path but never the query string, headers, cookies or body, so no
 * token or password can reach the log. Also times every request in {@code
 * warren_http_requests_seconds} by method, route template and status.
 */
public final class AccessLog implements HttpHandler {
  /** The header carrying the correlation id in and out. */
  public static final HttpString REQUEST_ID = new HttpString("X-Request-Id");

  private static final Logger log = LoggerFactory.getLogger("warren.web.access");
  private static final AttachmentKey<String> TRACE_ID = AttachmentKey.create(String.class);
  private static final AttachmentKey<String> USER = AttachmentKey.create(String.class);
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private final HttpHandler next;
  private final Consumer<String> sink;
  private final MeterRegistry meters;
  private final Clock clock;

  /**
   * @param sink where lines go; {@link #toLogger()} in production, a list in tests
   */
  public AccessLog(HttpHandler next, Consumer<String> sink, MeterRegistry meters, Clock clock) {
    this.next = next;
    this.sink = sink;
    this.meters = meters;
    this.clock = clock;
  }

  /** Lines to the {@code warren.web.access} logger at INFO. */
  public static Consumer<String> toLogger() {
    return log::info;
  }

  /**
   * Lines to the {@code warren.web.access} logger at INFO from a thread of its own (see {@link
   * LineWriter}); close it after the server.
   */
  public static LineWriter toLoggerInBackground() {
    return new LineWriter("web-access-log", toLogger());
  }

  /** The correlation id of this request. */
  public static String traceId(HttpServerExchange exchange) {
    String id = exchange.getAttachment(TRACE_ID);
    return id != null ? id : Trace.newId();
  }

  /** Records who made the request, for the log line (a username, never a token). */
  public static void user(HttpServerExchange exchange, String username) {
    exchange.putAttachment(USER, username);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    String given = exchange.getRequestHeaders().getFirst(REQUEST_ID);
    String traceId = given != null && SANE_ID.matcher(given).matches() ? given : Trace.newId();
    exchange.putAttachment(TRACE_ID, traceId);
    exchange.getResponseHeaders().put(REQUEST_ID, traceId);
    exchange.addExchangeCompleteListener(
        (ex, nextListener) -> {
          try {
            finished(ex, System.nanoTime() - start);
          } finally {
            nextListener.proceed();
          }
        });
    next.handleRequest(exchange);
  }

  private void finished(HttpServerExchange exchange, long nanos) {
    String user = exchange.getAttachment(USER);
    sink.accept(
        clock.instant()
            + " "
            + exchange.getRequestMethod()
            + " "
            + printable(exchange.getRequestPath())
            + " "
            + exchange.getStatusCode()
            + " "
            + TimeUnit.NANOSECONDS.toMillis(nanos)
            + "ms user="
            + (user == null ? "-" : user)
            + " trace="
            + exchange.getAttachment(TRACE_ID));
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    Timer.builder("warren.http.requests")
        .description("HTTP requests served by web, by route template and status")
        .tag("method", exchange.getRequestMethod().toString())
        .tag("route", match == null ? "unmatched" : match.getMatchedTemplate())
        .tag("status", Integer.toString(exchange.getStatusCode()))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  // A path is user input: keep control characters (forged log lines) and huge paths out.
  private static String printable(String path) {
    StringBuilder out = new StringBuilder(Math.min(path.length(), 200));
    for (int i = 0; i < path.length() && out.length() < 200; i++) {
      char c = path.charAt(i);
      out.append(c < 0x20 || c == 0x7f || c == ' ' ? '?' : c);
    }
    return out.toString();
  }
}
