package warren.messaging;

import java.util.List;
import java.util.Objects;

/**
 * Handles the commands of one queue a batch at a time: the messages that are already waiting, up to
 * {@link EndpointOptions#maxBatch()}, in delivery order. Warren never waits to fill a batch: one
 * message alone is a batch of one. Apply the whole batch in one transaction and return once it
 * committed; every message of the batch is acked after this returns.
 *
 * <p>If it throws, nothing of the batch is acked: Warren hands the messages to this handler again
 * one at a time, each in a batch of one, so a poison message (bad JSON, invalid content, a handler
 * error of its own) is retried and dead-lettered alone, as a {@link CommandHandler}'s would be,
 * while its batch-mates are applied. An unreadable body never reaches the handler. Those second
 * calls see {@link MessageContext#redelivered()} true, since the failed batch may have committed
 * before it threw (an event published after commit can have failed): publish a command's event even
 * when it had already been applied. A batch that throws while the worker shuts down (a drain out of
 * time interrupts its thread) is not handled again here: it goes back to the broker whole.
 *
 * <p>Make it idempotent, as a {@code CommandHandler}: a message can be delivered again after a
 * crash, and a batch can hold two messages for the same thing. Called on one of the endpoint's
 * handler threads ({@link EndpointOptions#concurrency()}), one batch at a time per thread; the
 * contexts are valid until it returns.
 *
 * <pre>{@code
 * warren.consumeBatches(StoreApi.CREATE_POST, createPost::handle,
 *     EndpointOptions.defaults().prefetch(256).concurrency(4).maxBatch(64));
 * }</pre>
 */
@FunctionalInterface
public interface BatchCommandHandler<C> {
  /**
   * Applies {@code batch} (one message or more, in delivery order) and returns once it is durable.
   *
   * @throws Exception to have each message handled again alone, then retried or dead-lettered
   */
  void handle(List<Delivered<C>> batch) throws Exception;

  /**
   * One message of a batch: its body, read from JSON, and what Warren knows about its delivery.
   *
   * @param message the command
   * @param context its message id, attempt, trace id and headers
   */
  record Delivered<C>(C message, MessageContext context) {
    public Delivered {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(context, "context");
    }
  }
}
