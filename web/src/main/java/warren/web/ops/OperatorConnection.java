package warren.web.ops;

import java.net.URI;
import warren.messaging.management.ManagementClient;
import warren.messaging.ops.DeadLetters;

/**
 * The one {@link DeadLetters} of this web process (its operations on one queue take turns only
 * within one instance), connected as the operator user of {@code WARREN_OPS_AMQP_URI} on first use,
 * so web starts even before that user exists; a failed connect is tried again at the next request.
 * Thread-safe.
 */
final class OperatorConnection implements AutoCloseable {
  private final URI amqpUri;
  private final ManagementClient management;
  private DeadLetters deadLetters;
  private boolean closed;

  OperatorConnection(URI amqpUri, ManagementClient management) {
    this.amqpUri = amqpUri;
    this.management = management;
  }

  /**
   * The connected instance.
   *
   * @throws warren.messaging.BrokerUnavailableException when the broker or the user is not there
   */
  synchronized DeadLetters deadLetters() {
    if (closed) {
      throw new IllegalStateException("web is shutting down: no more ops work");
    }
    if (deadLetters == null) {
      deadLetters = DeadLetters.connect(amqpUri, management);
    }
    return deadLetters;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (deadLetters != null) {
      deadLetters.close();
    }
  }
}
