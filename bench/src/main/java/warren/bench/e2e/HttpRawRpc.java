package warren.bench.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * The timeline reference: an Undertow endpoint that, per request, makes one blocking raw
 * amqp-client RPC (direct reply-to, correlation ids) to a raw echo consumer and answers with the
 * reply; driven by the same HTTP clients as the timeline. What web → RabbitMQ → worker → response
 * costs with nothing else in the way (no auth, no database, no library).
 */
final class HttpRawRpc implements Contender {
  private static final String QUEUE = "raw.http-echo";
  private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
  private static final byte[] REQUEST =
      "{\"user\":\"0000000000000000\",\"limit\":20,\"before\":null,\"padding\":\"0123456789abcdef\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final Connection serverConnection;
  private final Connection clientConnection;
  private final Channel client;
  private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Undertow undertow;
  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param workerThreads Undertow worker threads, each blocking on one RPC at a time
   */
  HttpRawRpc(ConnectionFactory factory, int workerThreads) throws Exception {
    serverConnection = factory.newConnection("bench-e2e-echo");
    Channel server = serverConnection.createChannel();
    server.queueDeclare(QUEUE, true, false, false, null);
    server.basicQos(128);
    server.basicConsume(
        QUEUE,
        false,
        (tag, delivery) -> {
          AMQP.BasicProperties reply =
              new AMQP.BasicProperties.Builder()
                  .correlationId(delivery.getProperties().getCorrelationId())
                  .build();
          server.basicPublish("", delivery.getProperties().getReplyTo(), reply, delivery.getBody());
          server.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        },
        tag -> {});
    clientConnection = factory.newConnection("bench-e2e-http-rpc");
    client = clientConnection.createChannel();
    client.basicConsume(DIRECT_REPLY_TO, true, this::replied, tag -> {});
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
    byte[] reply = call().get(5, TimeUnit.SECONDS);
    exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(reply));
  }

  private CompletableFuture<byte[]> call() throws IOException {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    pending.put(id, reply);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().correlationId(id).replyTo(DIRECT_REPLY_TO).build();
    synchronized (client) {
      client.basicPublish("", QUEUE, props, REQUEST);
    }
    return reply;
  }

  private void replied(String tag, Delivery delivery) {
    CompletableFuture<byte[]> reply = pending.remove(delivery.getProperties().getCorrelationId());
    if (reply != null) {
      reply.complete(delivery.getBody());
    }
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
    clientConnection.close();
    serverConnection.close();
  }
}
