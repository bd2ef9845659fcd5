package warren.bench.e2e;

import com.rabbitmq.client.ConnectionFactory;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;
import warren.bench.rpc.RawEcho;

/**
 * The timeline reference: an Undertow endpoint that, per request, makes one blocking raw
 * amqp-client RPC ({@link RawEcho}) to a raw echo consumer and answers with the reply; driven by
 * the same HTTP clients as the timeline. What web → RabbitMQ → worker → response costs with nothing
 * else in the way (no auth, no database, no library).
 */
final class HttpRawRpc implements Contender {
  private static final byte[] REQUEST =
      "{\"user\":\"0000000000000000\",\"limit\":20,\"before\":null,\"padding\":\"0123456789abcdef\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final RawEcho echo;
  private final Undertow undertow;
  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param workerThreads Undertow worker threads, each blocking on one RPC at a time
   */
  HttpRawRpc(ConnectionFactory factory, int workerThreads) throws Exception {
    echo = new RawEcho(factory, "http-echo", 128, REQUEST);
    undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setWorkerThreads(workerThreads)
            .setHandler(this::handle)
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    uri = URI.create("http://127.0.0.1:" + port + "/rpc");
  }

  private void handle(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this::handle);
      return;
    }
    byte[] reply = echo.call().get(5, TimeUnit.SECONDS);
    exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(reply));
  }

  @Override
  public String name() {
    return "http-raw-rpc";
  }

  @Override
  public String baseline() {
    return name();
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Api.TIMEOUT).GET().build();
    return Load.blocking(
        () -> {
          HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200) {
            throw new IOException("the raw RPC endpoint answered " + r.statusCode());
          }
        },
        inFlight,
        duration);
  }

  @Override
  public void close() throws Exception {
    undertow.stop();
    echo.close();
  }
}
