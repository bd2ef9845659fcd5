package warren.messaging.internal;

import com.rabbitmq.client.AMQP;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import warren.messaging.RemoteException;
import warren.messaging.ReplyStream;
import warren.messaging.WarrenException;

/**
 * The caller's end of one streaming call: replies are queued as they arrive on the dispatch thread
 * and taken by the iterating thread. Cancelling tells the producer through its control queue, named
 * in every item it sends.
 */
final class StreamCall<R> implements ReplyStream<R>, ReplyChannel.Waiter {
  private static final Object END = new Object();

  private final String endpoint;
  private final Class<R> itemType;
  private final String correlationId;
  private final ReplyChannel replies;
  private final Json json;
  private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final List<Consumer<Throwable>> endListeners = new CopyOnWriteArrayList<>();
  private volatile String controlQueue;
  private volatile boolean cancelled;
  private Object next; // only the iterating thread
  private boolean finished; // only the iterating thread

  StreamCall(
      String endpoint, Class<R> itemType, String correlationId, ReplyChannel replies, Json json) {
    this.endpoint = endpoint;
    this.itemType = itemType;
    this.correlationId = correlationId;
    this.replies = replies;
    this.json = json;
  }

  void onEnd(Consumer<Throwable> listener) {
    endListeners.add(listener);
  }

  @Override
  public boolean onReply(AMQP.BasicProperties props, byte[] body) {
    String control = Headers.string(props.getHeaders(), Headers.CONTROL_QUEUE);
    if (control != null) {
      controlQueue = control;
    }
    if (cancelled) {
      // Cancelled before the producer said where to send the cancel: tell it now.
      sendCancel();
      return true;
    }
    if (ended.get()) {
      return true;
    }
    RemoteException error = RemoteErrors.fromReply(endpoint, props);
    if (error != null) {
      fail(error);
      return true;
    }
    String kind = Headers.string(props.getHeaders(), Headers.STREAM);
    if ("end".equals(kind)) {
      end(null);
      signals.add(END);
      return true;
    }
    try {
      signals.add(json.read(body, itemType));
      return false;
    } catch (RuntimeException e) {
      fail(new RemoteException(endpoint, "bad_reply", e.getClass().getName(), e.getMessage()));
      return true;
    }
  }

  @Override
  public void onFailure(WarrenException failure) {
    fail(failure);
  }

  void fail(WarrenException failure) {
    if (end(failure)) {
      replies.forget(correlationId);
      signals.add(failure);
    } else if (cancelled) {
      replies.forget(correlationId);
    }
  }

  private boolean end(Throwable failure) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    endListeners.forEach(l -> l.accept(failure));
    return true;
  }

  @Override
  public boolean hasNext() {
    if (finished) {
      return false;
    }
    if (cancelled) {
      // Items that arrived before the cancel are still queued ahead of its END: drop them.
      finished = true;
      next = null;
      signals.clear();
      return false;
    }
    if (next == null) {
      try {
        next = signals.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new WarrenException("interrupted while waiting for stream " + endpoint, e);
      }
    }
    if (next == END) {
      finished = true;
      return false;
    }
    if (next instanceof WarrenException failure) {
      finished = true;
      throw failure;
    }
    return true;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException("stream " + endpoint + " has ended");
    }
    @SuppressWarnings("unchecked")
    R item = (R) next;
    next = null;
    return item;
  }

  @Override
  public void cancel() {
    if (!end(null)) {
      return;
    }
    cancelled = true;
    signals.add(END);
    if (controlQueue != null) {
      sendCancel();
    }
    // else: stay registered until the first reply names the producer's control queue, or the
    // deadline timer drops the call.
  }

  private void sendCancel() {
    replies.forget(correlationId);
    String control = controlQueue;
    if (control != null) {
      try {
        replies.publish(
            "",
            control,
            new AMQP.BasicProperties.Builder().correlationId(correlationId).type("cancel").build(),
            new byte[0]);
      } catch (WarrenException e) {
        // The broker is gone; the producer's replies will bounce and it stops on its own.
      }
    }
  }

  @Override
  public void close() {
    cancel();
  }
}
