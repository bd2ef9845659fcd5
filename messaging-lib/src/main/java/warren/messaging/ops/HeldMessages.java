package warren.messaging.ops;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The messages of one dead-letter queue, taken with {@code basic.get} and held unacknowledged on
 * one channel. {@link #remove} acknowledges one for good; {@link #close} gives every other one back
 * with {@code basic.nack(requeue=true)}, one at a time in the order they came, then waits until the
 * queue counts them again, and closes the channel. If this process dies first, the broker returns
 * them itself when the connection drops.
 *
 * <p>Owns its channel: use it from one thread, and close it.
 */
final class HeldMessages implements AutoCloseable {
  /** How long giving messages back waits for the queue to count them again. */
  static final Duration GIVE_BACK_WAIT = Duration.ofSeconds(5);

  private final Channel channel;
  private final String queue;
  private final List<Message> messages;
  private final long untaken;

  /** A message held, with what it takes to replay it. */
  static final class Message {
    private final long tag;
    private final AMQP.BasicProperties props;
    private final byte[] body;
    private final DeadLetter letter;
    private boolean removed;

    private Message(long tag, AMQP.BasicProperties props, byte[] body) {
      this.tag = tag;
      this.props = props;
      this.body = body;
      this.letter = Letters.read(props, body);
    }

    AMQP.BasicProperties props() {
      return props;
    }

    byte[] body() {
      return body;
    }

    DeadLetter letter() {
      return letter;
    }
  }

  private HeldMessages(Channel channel, String queue, List<Message> messages, long untaken) {
    this.channel = channel;
    this.queue = queue;
    this.messages = messages;
    this.untaken = untaken;
  }

  /**
   * Takes up to {@code max} messages of the queue on the channel, which this then owns (and closes,
   * also when taking fails).
   */
  static HeldMessages take(Channel channel, String queue, int max) throws IOException {
    List<Message> messages = new ArrayList<>();
    HeldMessages held = new HeldMessages(channel, queue, messages, 0);
    try {
      GetResponse response;
      while (messages.size() < max && (response = channel.basicGet(queue, false)) != null) {
        messages.add(
            new Message(
                response.getEnvelope().getDeliveryTag(), response.getProps(), response.getBody()));
      }
      return new HeldMessages(
          channel, queue, messages, channel.queueDeclarePassive(queue).getMessageCount());
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /** The messages held, in queue order. */
  List<Message> messages() {
    return messages;
  }

  /** Acknowledges the message: it leaves the queue for good. */
  void remove(Message message) throws IOException {
    channel.basicAck(message.tag, false);
    message.removed = true;
  }

  @Override
  public void close() {
    try {
      long returned = 0;
      for (Message m : messages) {
        if (!m.removed) {
          channel.basicNack(m.tag, false, true);
          returned++;
        }
      }
      // A quorum queue applies a return through its log a moment after the nack; a read right
      // after this one must see them all.
      long end = System.nanoTime() + GIVE_BACK_WAIT.toNanos();
      while (returned > 0
          && channel.queueDeclarePassive(queue).getMessageCount() < untaken + returned
          && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | TimeoutException | RuntimeException e) {
      // The channel is gone: the broker has returned every message not removed itself.
    }
  }
}
