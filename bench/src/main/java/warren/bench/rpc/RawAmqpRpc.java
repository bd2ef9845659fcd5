package warren.bench.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * The baseline: the least code that does RPC over RabbitMQ correctly with amqp-client. The server
 * consumes a queue with manual acks and publishes each body back to its reply-to address; the
 * caller consumes direct reply-to and matches replies by correlation id. Every library pays for
 * what it adds on top of this.
 */
public final class RawAmqpRpc implements Contender {
  static final String QUEUE = "raw.echo";
  private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

  private final Connection serverConnection;
  private final Connection clientConnection;
  private final Channel client;
  private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final byte[] request;

  public RawAmqpRpc(ConnectionFactory factory, int prefetch) throws Exception {
    request = new ObjectMapper().writeValueAsBytes(Echo.HUNDRED_BYTES);
    serverConnection = factory.newConnection("bench-raw-server");
    Channel server = serverConnection.createChannel();
    server.queueDeclare(QUEUE, true, false, false, null);
    server.basicQos(prefetch);
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
    clientConnection = factory.newConnection("bench-raw-client");
    client = clientConnection.createChannel();
    client.basicConsume(DIRECT_REPLY_TO, true, this::replied, tag -> {});
  }

  @Override
  public String name() {
    return "raw-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.pipelined(this::call, inFlight, duration);
  }

  private CompletableFuture<byte[]> call() throws IOException {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    pending.put(id, reply);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().correlationId(id).replyTo(DIRECT_REPLY_TO).build();
    synchronized (client) {
      client.basicPublish("", QUEUE, props, request);
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
