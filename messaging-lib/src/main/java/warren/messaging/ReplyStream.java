package warren.messaging;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The replies of a streaming call, in order, as they arrive. Iterate it on one thread; {@link
 * #cancel()} may be called from any thread and tells the producer to stop. Closing cancels a stream
 * that has not ended. {@link #next()} throws the stream's failure ({@link RemoteException}, {@link
 * DeadlineExceededException}, {@link BrokerUnavailableException}) where it happened.
 */
public interface ReplyStream<R> extends Iterator<R>, AutoCloseable {
  /** Blocks until the next item, the end, or a failure. */
  @Override
  boolean hasNext();

  /**
   * @throws NoSuchElementException after the end
   */
  @Override
  R next();

  /** Asks the producer to stop; items already under way are dropped. Idempotent. */
  void cancel();

  @Override
  void close();
}
