package warren.messaging.internal;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@link Processor} that also takes deliveries that were waiting together ({@link
 * BatchMessageProcessor}); an {@link EndpointConsumer} given one with {@link #maxBatch()} above 1
 * queues each channel's deliveries for a {@link LaneBatches} thread.
 */
interface BatchProcessor extends Processor {
  /** The most deliveries {@link #processAll} takes at once. */
  int maxBatch();

  /**
   * Processes deliveries that were waiting together, in delivery order, and says how to settle each
   * (same order).
   *
   * @param draining true once the consumer stops taking messages (it may then be out of time)
   */
  List<Settle> processAll(List<Incoming> batch, BooleanSupplier draining);
}
