package warren.testkit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh RabbitMQ vhost for one test class, created before its first test and deleted after its
 * last, so test classes never see each other's queues. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();}</pre>
 */
public final class IsolatedVhost implements BeforeAllCallback, AfterAllCallback {
  private final TestBroker broker = TestBroker.get();
  private final Management management = new Management(broker);
  private String vhost;

  @Override
  public void beforeAll(ExtensionContext context) {
    String owner = context.getRequiredTestClass().getSimpleName();
    vhost = "warren-test-" + owner + "-" + UUID.randomUUID().toString().substring(0, 8);
    String path = TestBroker.encode(vhost);
    management.put("/api/vhosts/" + path, "{}");
    management.put(
        "/api/permissions/" + path + "/" + TestBroker.encode(broker.user()),
        "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (vhost != null) {
      management.delete("/api/vhosts/" + TestBroker.encode(vhost));
    }
  }

  public String vhost() {
    return vhost;
  }

  public URI amqpUri() {
    return broker.amqpUri(vhost);
  }

  public TestBroker broker() {
    return broker;
  }

  public Management management() {
    return management;
  }

  /**
   * Kills every client connection to this vhost from the broker side, as a network failure or an
   * operator would. The management API lists a new connection only after its next stats emission,
   * so this waits (up to 10 s) until at least one is listed.
   */
  public int closeConnections() {
    return closeConnections(1);
  }

  /**
   * Like {@link #closeConnections()}, but first waits (up to 10 s) until at least {@code atLeast}
   * connections are listed, so that none of the test's connections escapes the kill (a {@code
   * Warren} holds three: publish, confirm and consume).
   */
  public int closeConnections(int atLeast) {
    return closeConnectionsOf("", atLeast);
  }

  /**
   * Like {@link #closeConnections(int)}, for the connections whose client-given name contains
   * {@code clientName} ({@code "web@"}: a web instance's; an instance name: that one's), so that
   * one process loses the broker while the others keep it.
   */
  public int closeConnectionsOf(String clientName, int atLeast) {
    long end = System.nanoTime() + 15_000_000_000L;
    while (management.connections(vhost, clientName).size() < atLeast && System.nanoTime() < end) {
      Conditions.sleep(100);
    }
    int closed = management.closeConnections(vhost, clientName);
    while (closed == 0 && System.nanoTime() < end) {
      Conditions.sleep(100);
      closed = management.closeConnections(vhost, clientName);
    }
    return closed;
  }

  /**
   * Messages ready in the queue right now (not counting unacknowledged ones), asked over AMQP so
   * the answer is not a stale management statistic.
   */
  public int queueDepth(String queue) {
    return withChannel(channel -> channel.queueDeclarePassive(queue).getMessageCount());
  }

  /**
   * Publishes raw bytes the way an independent client would, bypassing Warren entirely: the tool
   * for sending garbage.
   */
  public void publishRaw(
      String exchange, String routingKey, byte[] body, Map<String, Object> headers) {
    withChannel(
        channel -> {
          channel.confirmSelect();
          AMQP.BasicProperties props =
              new AMQP.BasicProperties.Builder()
                  .deliveryMode(2)
                  .messageId(UUID.randomUUID().toString())
                  .headers(headers)
                  .build();
          channel.basicPublish(exchange, routingKey, props, body);
          channel.waitForConfirmsOrDie(5_000);
          return null;
        });
  }

  /** Takes one message off a queue (acked), or null when it is empty. */
  public GetResponse take(String queue) {
    return withChannel(channel -> channel.basicGet(queue, true));
  }

  /** Runs work on a short-lived channel of a plain amqp-client connection to this vhost. */
  public <T> T withChannel(ChannelWork<T> work) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(amqpUri());
      try (Connection connection = factory.newConnection("test-kit");
          Channel channel = connection.createChannel()) {
        return work.run(channel);
      }
    } catch (Exception e) {
      throw new IllegalStateException("raw AMQP work on vhost " + vhost + " failed: " + e, e);
    }
  }

  /** Work on a raw channel. */
  @FunctionalInterface
  public interface ChannelWork<T> {
    T run(Channel channel) throws Exception;
  }
}
