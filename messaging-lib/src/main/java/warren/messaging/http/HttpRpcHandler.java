package warren.messaging.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;
import warren.messaging.Trace;
import warren.messaging.Warren;

/**
 * Serves the RPC endpoints a {@link Warren} serves over AMQP also over HTTP: {@code POST
 * /rpc/<endpoint>} with the JSON request answers 200 with the JSON reply, or an error status with
 * {@code {"error", "message", "type"}}. The same handler objects run, so the two transports can be
 * compared side by side.
 *
 * <pre>curl -X POST localhost:8281/rpc/store.get-post -d '{"id":"..."}'</pre>
 */
public final class HttpRpcHandler implements HttpHandler {
  static final String DEADLINE_HEADER = "X-Warren-Deadline-Ms";
  static final String TRACE_HEADER = "X-Warren-Trace-Id";
  private static final String PREFIX = "/rpc/";

  private final Warren warren;
  private final ObjectMapper mapper;

  public HttpRpcHandler(Warren warren) {
    this.warren = warren;
    this.mapper = warren.objectMapper();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String name =
        exchange.getRelativePath().startsWith(PREFIX)
            ? exchange.getRelativePath().substring(PREFIX.length())
            : exchange
                .getRequestPath()
                .substring(exchange.getRequestPath().indexOf(PREFIX) + PREFIX.length());
    Warren.ServedRpc<?, ?> served = warren.servedRpcs().get(name);
    if (served == null) {
      send(exchange, 404, error("not_found", "no endpoint " + name + " is served here", ""));
      return;
    }
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      send(exchange, 405, error("method_not_allowed", "use POST", ""));
      return;
    }
    exchange.startBlocking();
    String trace =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst(TRACE_HEADER))
            .orElseGet(Trace::newId);
    try (Trace.Scope scope = Trace.open(trace);
        InputStream in = exchange.getInputStream()) {
      send(exchange, 200, invoke(served, in.readAllBytes(), context(exchange, name, trace)));
    } catch (ServiceError e) {
      send(exchange, 422, error(e.code(), e.getMessage(), e.getClass().getName()));
    } catch (IOException e) {
      send(
          exchange,
          400,
          error("bad_request", "body is not the expected JSON: " + e.getMessage(), ""));
    } catch (Exception e) {
      send(
          exchange, 500, error("internal", String.valueOf(e.getMessage()), e.getClass().getName()));
    }
  }

  private <Q, R> byte[] invoke(Warren.ServedRpc<Q, R> served, byte[] body, MessageContext context)
      throws Exception {
    Q request = mapper.readValue(body, served.endpoint().requestType());
    if (request == null) {
      throw new IOException("body is JSON null");
    }
    return mapper.writeValueAsBytes(served.handler().handle(request, context));
  }

  private static MessageContext context(HttpServerExchange exchange, String name, String trace) {
    String deadlineMs = exchange.getRequestHeaders().getFirst(DEADLINE_HEADER);
    Optional<Instant> deadline =
        deadlineMs == null
            ? Optional.empty()
            : Optional.of(Instant.now().plusMillis(Long.parseLong(deadlineMs)));
    String id = UUID.randomUUID().toString();
    return new MessageContext() {
      @Override
      public String endpoint() {
        return name;
      }

      @Override
      public String messageId() {
        return id;
      }

      @Override
      public String correlationId() {
        return trace;
      }

      @Override
      public Optional<Instant> deadline() {
        return deadline;
      }

      @Override
      public int attempt() {
        return 1;
      }

      @Override
      public boolean redelivered() {
        return false;
      }

      @Override
      public Map<String, Object> headers() {
        return Map.of();
      }
    };
  }

  private byte[] error(String code, String message, String type) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    body.put("type", type);
    return mapper.writeValueAsBytes(body);
  }

  private static void send(HttpServerExchange exchange, int status, byte[] body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
  }
}
