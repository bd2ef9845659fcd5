package warren.messaging.internal;

import com.rabbitmq.client.Channel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A few channels ("lanes") that many threads publish on, each behind its own lock. An AMQP channel
 * takes one publish at a time, and a socket write can wait on a busy broker, so with one channel
 * every publishing thread queued behind that write (JFR of the benches: web's request threads, 67
 * to 86 ms per contended entry). A thread takes the first lane whose lock is free, so a single
 * publishing thread always uses lane 0, and a lane's channel is opened only when threads actually
 * publish at the same time. Used by {@link ReplyChannel} with {@link #COUNT} lanes and by {@link
 * ConfirmPublisher} with one. Thread-safe.
 */
final class Lanes<L extends Lanes.Lane> implements Iterable<L> {
  /** Most channels an RPC caller opens; more would add broker work without adding throughput. */
  static final int COUNT = 4;

  /** One lane: its lock, and its channel once opened (written under the lock). */
  abstract static class Lane {
    final ReentrantLock lock = new ReentrantLock();
    volatile Channel channel;
  }

  private final List<L> lanes;

  Lanes(int count, Supplier<L> newLane) {
    lanes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lanes.add(newLane.get());
    }
  }

  /** The first lane that is free, locked; the caller unlocks it. */
  L lock() {
    for (L lane : lanes) {
      if (lane.lock.tryLock()) {
        return lane;
      }
    }
    // Every lane is in a write: wait for one, spread by thread so waiters do not all pile on one.
    L lane = lanes.get((int) (Thread.currentThread().threadId() % lanes.size()));
    lane.lock.lock();
    return lane;
  }

  /** Lanes whose channel has been opened: 1 for a single publishing thread. For tests. */
  int opened() {
    int n = 0;
    for (L lane : lanes) {
      if (lane.channel != null) {
        n++;
      }
    }
    return n;
  }

  /** The lock of lane {@code i}, so a test can hold it and see a publish take another lane. */
  ReentrantLock lock(int i) {
    return lanes.get(i).lock;
  }

  @Override
  public Iterator<L> iterator() {
    return lanes.iterator();
  }
}
