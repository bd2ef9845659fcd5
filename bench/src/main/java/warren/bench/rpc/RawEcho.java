package warren.bench.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least code that does RPC over RabbitMQ correctly with amqp-client: a server that consumes a
 * queue with manual acks and publishes each body back to its reply-to address, and a caller that
 * consumes direct reply-to and matches replies by correlation id. The rpc baseline and the e2e HTTP
 * reference both call through it.
 */
public final class RawEcho implements AutoCloseable {
  private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  private final String queue;
  private final byte[] request;
  private final Connection serverConnection;
  private final Connection clientConnection;
  private final Channel client;
  private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * @param name names the queue ({@code raw.<name>}) and the two connections
   * @param request the body every call sends
   */
  public RawEcho(ConnectionFactory factory, String name, int prefetch, byte[] request)
      throws Exception {
    this.queue = "raw." + name;
    this.request = request.clone();
    serverConnection = factory.newConnection("bench-" + name + "-server");
    Channel server = serverConnection.createChannel();
    server.queueDeclare(queue, true, false, false, null);
    server.basicQos(prefetch);
    server.basicConsume(
        queue,
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
    clientConnection = factory.newConnection("bench-" + name + "-client");
    client = clientConnection.createChannel();
    client.basicConsume(DIRECT_REPLY_TO, true, this::replied, tag -> {});
  }

  /** Sends the request; the future completes with the echoed body. */
  public CompletableFuture<byte[]> call() throws IOException {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    pending.put(id, reply);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().correlationId(id).replyTo(DIRECT_REPLY_TO).build();
    synchronized (client) {
      client.basicPublish("", queue, props, request);
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
  public void close() throws Exception {
    clientConnection.close();
    serverConnection.close();
  }
}
