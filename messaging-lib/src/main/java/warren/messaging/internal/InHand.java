package warren.messaging.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages an {@link EndpointConsumer} holds and has not settled yet, the threads running a
 * handler for them, and whether it has stopped taking new ones: what a drain waits for, and
 * interrupts when it runs out of time. Thread-safe.
 */
final class InHand {
  private final AtomicInteger messages = new AtomicInteger();
  private final Set<Thread> handling = ConcurrentHashMap.newKeySet();
  private final Object idle = new Object();
  private volatile boolean stopped;

  /** The consumer takes no new messages from now on; those in hand still finish. */
  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  /** A delivery arrived; counted before the caller checks for a drain, so neither misses it. */
  void received() {
    messages.incrementAndGet();
  }

  /** {@code count} messages were acked, nacked or left to the broker. */
  void settled(int count) {
    if (messages.addAndGet(-count) == 0 && stopped) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /**
   * The calling thread runs a handler until {@link #handled}; a drain out of time interrupts it.
   */
  void handling() {
    handling.add(Thread.currentThread());
  }

  void handled() {
    handling.remove(Thread.currentThread());
  }

  /**
   * Stops taking (if not yet), waits until every message is settled, or the deadline passes; then
   * interrupts the handlers still running.
   *
   * @return true when every message was settled in time
   */
  boolean awaitSettled(long deadlineNanos) {
    stop();
    try {
      synchronized (idle) {
        long left;
        while (messages.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean settled = messages.get() == 0;
    if (!settled) {
      handling.forEach(Thread::interrupt);
    }
    return settled;
  }

  int count() {
    return messages.get();
  }
}
