package warren.bench;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import warren.messaging.management.ManagementClient;

/**
 * A vhost of the bench's own on the local broker, created through the management API when the run
 * starts and deleted when it ends, so a run never touches the app's {@code warren} vhost and leaves
 * nothing behind.
 */
public final class BenchBroker implements AutoCloseable {
  private final ManagementClient management;
  private final URI amqpBase;
  private final String vhost;

  private BenchBroker(ManagementClient management, URI amqpBase, String vhost) {
    this.management = management;
    this.amqpBase = amqpBase;
    this.vhost = vhost;
  }

  /**
   * Creates {@code warren-bench-<random>}.
   *
   * @param amqpBase {@code amqp://user:password@host:port}, without a vhost; its user must be the
   *     management user, who gets full permissions on the vhost it creates
   */
  public static BenchBroker create(ManagementClient management, URI amqpBase) {
    String vhost = "warren-bench-" + UUID.randomUUID().toString().substring(0, 8);
    management.createVhost(vhost);
    return new BenchBroker(management, amqpBase, vhost);
  }

  public ManagementClient management() {
    return management;
  }

  public String vhost() {
    return vhost;
  }

  /** The URI of the bench vhost, for Warren. */
  public URI amqpUri() {
    String base = amqpBase.toString().replaceAll("/+$", "");
    return URI.create(base + "/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8));
  }

  /** A plain amqp-client factory for the bench vhost, for the raw contenders. */
  public ConnectionFactory connectionFactory() {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(amqpUri());
    } catch (Exception e) {
      throw new IllegalArgumentException("bad AMQP URI " + amqpBase + ": " + e.getMessage(), e);
    }
    return factory;
  }

  @Override
  public void close() {
    try {
      management.deleteVhost(vhost);
    } catch (RuntimeException e) {
      System.err.println(
          "could not delete vhost " + vhost + " (" + e.getMessage() + "); delete it by hand");
    }
  }
}
