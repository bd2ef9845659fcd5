package warren.bench.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import warren.bench.Contender;
import warren.bench.Load;
import warren.bench.Sample;

/**
 * The baseline: persistent publishes with publisher confirms on one amqp-client channel, a future
 * per publish completed by the (possibly multiple) confirm, into a queue of the same kind as
 * Warren's command queues. Warren's {@code send} blocks until the confirm, so this is driven the
 * same way, blocking against blocking: N threads share the channel, each waiting for its own
 * confirm.
 */
public final class RawAmqpCommands implements Contender {
  static final String QUEUE = "raw.job";

  private final Connection connection;
  private final Channel channel;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed =
      new ConcurrentSkipListMap<>();
  private final byte[] body;

  public RawAmqpCommands(ConnectionFactory factory) throws Exception {
    body = new ObjectMapper().writeValueAsBytes(Job.HUNDRED_BYTES);
    connection = factory.newConnection("bench-raw-commands");
    channel = connection.createChannel();
    CommandsScenario.declareWorkQueue(channel, QUEUE);
    channel.confirmSelect();
    channel.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, true),
        (tag, multiple) -> settle(tag, multiple, false));
  }

  @Override
  public String name() {
    return "raw-amqp";
  }

  @Override
  public Sample run(int inFlight, Duration duration) throws Exception {
    return Load.blocking(() -> send().get(), inFlight, duration);
  }

  private CompletableFuture<Void> send() throws IOException {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC;
    synchronized (channel) {
      unconfirmed.put(channel.getNextPublishSeqNo(), confirmed);
      channel.basicPublish("", QUEUE, props, body);
    }
    return confirmed;
  }

  private void settle(long tag, boolean multiple, boolean ack) {
    var settled =
        multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
    settled.forEach(
        (seq, future) -> {
          if (ack) {
            future.complete(null);
          } else {
            future.completeExceptionally(new IOException("nacked"));
          }
        });
    settled.clear();
  }

  @Override
  public void afterRun() throws IOException {
    channel.queuePurge(QUEUE);
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
