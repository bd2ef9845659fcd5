package warren.messaging;

/**
 * Serves a {@link StreamEndpoint}: emits any number of items through the sink, then returns (which
 * ends the stream). Throwing ends the stream with an error for the caller.
 */
@FunctionalInterface
public interface StreamHandler<Q, R> {
  void handle(Q request, ReplySink<R> replies, MessageContext context) throws Exception;

  /** Where a stream handler sends its items. */
  interface ReplySink<R> {
    /**
     * Sends one item.
     *
     * @throws StreamCancelledException once the caller cancelled or went away: stop producing
     */
    void emit(R item);

    /** Whether the caller cancelled the stream, went away, or its deadline passed. */
    boolean cancelled();
  }
}
