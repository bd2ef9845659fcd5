package warren.messaging.internal;

import java.util.ArrayList;
import java.util.List;

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
     * Put it back: the failure was ours (e.g. the broker refused the retry copy), not the
     * message's.
     */
    REQUEUE
  }

  Settle process(Incoming message);

  /**
   * Processes deliveries that were waiting together, in delivery order, and says how to settle each
   * (same order). One at a time unless the processor knows better ({@link BatchMessageProcessor}).
   */
  default List<Settle> processAll(List<Incoming> batch) {
    List<Settle> settles = new ArrayList<>(batch.size());
    for (Incoming in : batch) {
      settles.add(process(in));
    }
    return settles;
  }
}
