package warren.messaging.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.BatchCommandHandler;
import warren.messaging.BatchCommandHandler.Delivered;
import warren.messaging.DeliveryHook.Outcome;
import warren.messaging.RetryPolicy;

/**
 * Handles a command queue a batch at a time: the readable messages of a batch go to the handler in
 * one call and are acked together once it returned. When the handler throws, each is handled again
 * alone by a {@link MessageProcessor} (a batch of one), which retries or dead-letters exactly the
 * message that fails by itself, with its reason; unless the consumer is draining, when the batch
 * goes back to the broker whole. An unreadable body is dead-lettered alone before the batch is
 * handled.
 */
final class BatchMessageProcessor<C> implements BatchProcessor {
  private static final Logger log = LoggerFactory.getLogger(BatchMessageProcessor.class);

  private final Class<C> type;
  private final BatchCommandHandler<C> handler;
  private final Processing processing;
  private final MessageProcessor<C> alone;
  private final int maxBatch;

  BatchMessageProcessor(
      Class<C> type,
      BatchCommandHandler<C> handler,
      RetryPolicy retry,
      Processing processing,
      Duration confirmTimeout,
      int maxBatch) {
    this.type = type;
    this.maxBatch = maxBatch;
    this.handler = handler;
    this.processing = processing;
    this.alone =
        new MessageProcessor<>(
            type,
            (message, context) -> handler.handle(List.of(new Delivered<>(message, context))),
            retry,
            processing,
            confirmTimeout);
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public Settle process(Incoming in) {
    return alone.process(in);
  }

  @Override
  public List<Settle> processAll(List<Incoming> batch, BooleanSupplier draining) {
    if (batch.size() == 1) {
      return List.of(alone.process(batch.get(0)));
    }
    long start = System.nanoTime();
    Settle[] settles = new Settle[batch.size()];
    List<Delivered<C>> readable = new ArrayList<>(batch.size());
    List<Integer> positions = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Incoming in = batch.get(i);
      try {
        readable.add(new Delivered<>(processing.json().read(in.delivery().getBody(), type), in));
        positions.add(i);
      } catch (Json.UnreadableMessageException e) {
        settles[i] = alone.process(in); // reads it again, fails again, dead-letters it
      }
    }
    if (readable.size() == 1) {
      int i = positions.get(0);
      settles[i] = alone.process(batch.get(i));
    } else if (!readable.isEmpty()) {
      try {
        handler.handle(readable);
        Duration share = Duration.ofNanos((System.nanoTime() - start) / readable.size());
        for (int i : positions) {
          processing.report(batch.get(i), Outcome.OK, share, null);
          settles[i] = Settle.ACK;
        }
      } catch (Exception e) {
        // While draining (perhaps out of time: the handler was interrupted), handling each alone
        // would be cut short too, on a channel about to close; the broker delivers the whole batch
        // again instead, to this worker's successor or another one.
        boolean leave = draining.getAsBoolean();
        log.info(
            "a batch of {} messages of {} failed ({}); {}",
            readable.size(),
            batch.get(0).endpoint(),
            e.toString(),
            leave ? "left to the broker while draining" : "handling them one at a time");
        for (int i : positions) {
          settles[i] = leave ? Settle.REQUEUE : alone.process(batch.get(i).afterFailedBatch());
        }
      }
    }
    return Arrays.asList(settles);
  }
}
