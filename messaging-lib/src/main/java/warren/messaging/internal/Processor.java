package warren.messaging.internal;

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
}
