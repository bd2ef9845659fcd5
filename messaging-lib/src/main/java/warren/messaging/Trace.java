package warren.messaging;

import java.util.concurrent.Callable;
import warren.messaging.internal.MessageIds;

/**
 * The trace id that follows one user request through every service: the web tier sets it per HTTP
 * request, Warren sends it in the {@code x-warren-trace-id} header of every message published while
 * it is set, and sets it again around each handler. A message published outside any trace starts
 * one: it carries no trace header, and its message id is the trace id its handler sees (see {@link
 * MessageContext#correlationId()}). Per thread.
 */
public final class Trace {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Trace() {}

  /** The current thread's trace id, or null outside a traced request. */
  public static String current() {
    return CURRENT.get();
  }

  /** The current trace id, or a fresh one when none is set. */
  public static String currentOrNew() {
    String id = CURRENT.get();
    return id != null ? id : newId();
  }

  /** A new trace id: unique, UUID-shaped. */
  public static String newId() {
    return MessageIds.next();
  }

  /** Runs {@code work} with {@code traceId} as the current trace id, then restores the previous. */
  public static <T> T with(String traceId, Callable<T> work) throws Exception {
    String previous = CURRENT.get();
    CURRENT.set(traceId);
    try {
      return work.call();
    } finally {
      restore(previous);
    }
  }

  /**
   * Sets the trace id until the returned scope is closed. For code that cannot pass a lambda (an
   * HTTP exchange handler).
   */
  public static Scope open(String traceId) {
    String previous = CURRENT.get();
    CURRENT.set(traceId);
    return () -> restore(previous);
  }

  private static void restore(String previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** Restores the previous trace id when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
