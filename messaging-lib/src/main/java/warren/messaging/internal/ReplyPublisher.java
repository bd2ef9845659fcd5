package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import warren.messaging.BrokerUnavailableException;

/**
 * Publishes replies to direct reply-to addresses, for RPC and streaming handlers. Unlike {@link
 * ConfirmPublisher} it does not use publisher confirms: nobody waits for a reply's confirm (a
 * caller that misses its reply sees its deadline pass), and confirming every reply cost the broker
 * and this process a round of bookkeeping per call.
 *
 * <p>Thread rules: handler threads call {@link #publish} concurrently. Replies go out on a few
 * channels of the publishing connection, each guarded by its own lock, so handler threads do not
 * queue behind one channel; the channel is chosen by correlation id, so the replies of one call (a
 * stream's items, then its end) stay in order.
 */
public final class ReplyPublisher {
  /** Channels to spread replies over: enough for the default handler threads of an endpoint. */
  static final int LANES = 4;

  private final BrokerConnection connection;
  private final Lane[] lanes = new Lane[LANES];

  public ReplyPublisher(BrokerConnection connection) {
    this.connection = connection;
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane();
    }
  }

  /**
   * Publishes one reply, not mandatory (the broker returns every mandatory message sent to a
   * reply-to address, delivered or not).
   *
   * @throws BrokerUnavailableException at once while the connection is down, or when the channel
   *     failed under the publish
   */
  public void publish(String replyTo, AMQP.BasicProperties props, byte[] body) {
    connection.requireUp("reply to " + replyTo);
    String id = props.getCorrelationId();
    Lane lane = lanes[id == null ? 0 : Math.floorMod(id.hashCode(), LANES)];
    synchronized (lane) {
      try {
        lane.channel().basicPublish("", replyTo, false, props, body);
      } catch (IOException | AlreadyClosedException e) {
        throw new BrokerUnavailableException(
            "reply to " + replyTo + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** One channel and the lock that serializes publishing on it. */
  private final class Lane {
    private Channel channel; // guarded by this

    Channel channel() throws IOException {
      if (channel == null || !channel.isOpen() && connection.state() == BrokerConnection.State.UP) {
        channel = connection.createChannel();
      }
      return channel;
    }
  }
}
