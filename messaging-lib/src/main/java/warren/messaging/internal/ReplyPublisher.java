package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BrokerUnavailableException;

/**
 * Publishes replies to direct reply-to addresses, for RPC and streaming handlers, on one channel of
 * the publishing connection. Unlike {@link ConfirmPublisher} it does not use publisher confirms:
 * nobody waits for a reply's confirm (a caller that misses its reply sees its deadline pass), and
 * confirming every reply cost the broker and this process a round of bookkeeping per call.
 *
 * <p>Thread rules: handler threads call {@link #publish} concurrently and never wait for each
 * other. Each reply joins a queue; whichever thread finds the channel free publishes everything
 * queued, then leaves. So the channel has one writer at a time, no handler thread spins on a lock
 * while another is in a socket write, and replies keep the order they were queued in (a stream's
 * items, then its end).
 */
public final class ReplyPublisher {
  private static final Logger log = LoggerFactory.getLogger(ReplyPublisher.class);

  private final BrokerConnection connection;
  private final Queue<Reply> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private Channel channel; // used only by the thread that set writing

  private record Reply(String replyTo, AMQP.BasicProperties props, byte[] body) {}

  public ReplyPublisher(BrokerConnection connection) {
    this.connection = connection;
  }

  /**
   * Queues one reply, not mandatory (the broker returns every mandatory message sent to a reply-to
   * address, delivered or not), and publishes the queue unless another thread is doing so. A reply
   * that fails on the channel is logged and dropped; its caller's deadline passes.
   *
   * <p>While the connection is recovering, waits for it up to {@code patience} (the time its caller
   * still waits, asked only then, so a reply on an up connection does not pay for it): a server's
   * consuming connection often recovers before its publishing one, and every request consumed in
   * between would otherwise be handled and its reply dropped.
   *
   * @throws BrokerUnavailableException when the connection is not back within {@code patience}
   */
  public void publish(
      String replyTo, AMQP.BasicProperties props, byte[] body, Supplier<Duration> patience) {
    if (connection.state() != BrokerConnection.State.UP) {
      connection.requireUp(patience.get(), () -> "reply to " + replyTo);
    }
    queued.add(new Reply(replyTo, props, body));
    // Re-check after letting go: a reply queued just before the writer left must not be stranded.
    while (!queued.isEmpty() && writing.compareAndSet(false, true)) {
      try {
        Reply reply;
        while ((reply = queued.poll()) != null) {
          send(reply);
        }
      } finally {
        writing.set(false);
      }
    }
  }

  private void send(Reply reply) {
    try {
      channel().basicPublish("", reply.replyTo(), false, reply.props(), reply.body());
    } catch (IOException | AlreadyClosedException e) {
      log.warn(
          "reply {} to {} lost: {}",
          reply.props().getCorrelationId(),
          reply.replyTo(),
          e.getMessage());
    }
  }

  private Channel channel() throws IOException {
    if (channel == null || !channel.isOpen() && connection.state() == BrokerConnection.State.UP) {
      channel = connection.createChannel();
    }
    return channel;
  }
}
