package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * What an endpoint does with one delivery; runs on one of the endpoint's handler threads and tells
 * the consumer how to settle the delivery.
 */
@FunctionalInterface
interface Processor {
  /** How the consumer settles the delivery after processing. */
  enum Settle {
    ACK,
    /**
     * Put it back: the failure was ours (e.g. the broker refused the retry copy, or a drain cut a
     * batch short), not the message's.
     */
    REQUEUE;

    /** Acks or requeues the delivery {@code tag} on the channel it came on. */
    void on(Channel channel, long tag) throws IOException {
      if (this == ACK) {
        channel.basicAck(tag, false);
      } else {
        channel.basicNack(tag, false, true);
      }
    }
  }

  Settle process(Incoming message);

  /**
   * Whether the consumer starts on one channel and opens the others as the handlers get busy
   * ({@link LaneDemand}): so for calls, whose handlers may only compute. Commands and events take
   * every channel from the start: their handlers commit to a database, and on one channel the first
   * commands of a burst waited behind each other (a follow waited long enough for the unfollow sent
   * after it, on its own queue, to be applied first: SystemEndToEndIT).
   */
  default boolean opensChannelsOnDemand() {
    return false;
  }
}
