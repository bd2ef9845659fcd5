package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

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
   * Processes deliveries that were waiting together, in delivery order, and says how to settle each
   * (same order). One at a time unless the processor knows better ({@link BatchMessageProcessor}).
   *
   * @param draining true once the consumer stops taking messages (it may then be out of time)
   */
  default List<Settle> processAll(List<Incoming> batch, BooleanSupplier draining) {
    List<Settle> settles = new ArrayList<>(batch.size());
    for (Incoming in : batch) {
      settles.add(process(in));
    }
    return settles;
  }
}
